// The suppression list.
#include "store/postgres/pg_array.h"
#include "store/postgres/pg_storage.h"

namespace herald::store::postgres {

namespace {
constexpr const char* kColumns =
    "channel, address, reason, detail, source_message, created_at, expires_at";

Suppression read_suppression(const Result& s, int r) {
  Suppression x;
  x.channel = domain::parse_channel(s.text(r, 0)).value_or(domain::Channel::email);
  x.address = s.text(r, 1);
  x.reason = s.text(r, 2);
  x.detail = s.text(r, 3);
  x.source_message = s.text(r, 4);
  x.created_at = s.i64(r, 5);
  x.expires_at = s.i64(r, 6);
  return x;
}
}  // namespace

void PgStorage::put_suppression(StoreId store, const Suppression& s) {
  with([&](Conn& db) {
    db.exec(
        "INSERT INTO suppressions (store_id, channel, address, reason, detail, source_message, "
        "created_at, expires_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) "
        "ON CONFLICT (store_id, channel, address) DO UPDATE SET reason = excluded.reason, "
        "detail = excluded.detail, source_message = excluded.source_message, "
        "created_at = excluded.created_at, expires_at = excluded.expires_at",
        store, domain::to_string(s.channel), s.address, s.reason, s.detail, s.source_message,
        s.created_at, s.expires_at);
  });
}

bool PgStorage::remove_suppression(StoreId store, domain::Channel channel,
                                   const std::string& address) {
  return with([&](Conn& db) {
    return db.exec("DELETE FROM suppressions WHERE store_id = $1 AND channel = $2 AND address = $3",
                   store, domain::to_string(channel), address)
               .affected() > 0;
  });
}

std::vector<std::optional<Suppression>> PgStorage::find_suppressions(
    const std::vector<AddressKey>& addresses, TimeMs now) {
  // One statement for all the addresses (a group commit's recipients), not one per address.
  return with([&](Conn& db) {
    std::vector<std::optional<Suppression>> out(addresses.size());
    ArrayParam store, channel, address;
    for (const auto& a : addresses) {
      store.add(a.store_id);
      channel.add(domain::to_string(a.channel));
      address.add(a.address);
    }
    auto s = db.exec_replanned(
        std::string("SELECT ") + kColumns +
            ", u.n FROM unnest($1::bigint[], $2::text[], $3::text[]) WITH ORDINALITY "
            "AS u(st, ch, a, n) JOIN suppressions ON store_id = u.st AND "
            "channel = u.ch AND address = u.a WHERE expires_at = 0 OR expires_at > $4",
        store.str(), channel.str(), address.str(), now);
    for (int r = 0; r < s.rows(); ++r)
      out.at(static_cast<size_t>(s.i64(r, 7) - 1)) = read_suppression(s, r);
    return out;
  });
}

std::vector<Suppression> PgStorage::list_suppressions(StoreId store, const std::string& address,
                                                      TimeMs now, int limit, int offset) {
  return with([&](Conn& db) {
    std::vector<Suppression> out;
    auto s = db.exec(std::string("SELECT ") + kColumns +
                         " FROM suppressions WHERE store_id = $1 AND ($2 = '' OR address = $2) "
                         "AND (expires_at = 0 OR expires_at > $3) "
                         "ORDER BY created_at DESC, address COLLATE \"C\" LIMIT $4 OFFSET $5",
                     store, address, now, limit, offset);
    for (int r = 0; r < s.rows(); ++r) out.push_back(read_suppression(s, r));
    return out;
  });
}

}  // namespace herald::store::postgres
