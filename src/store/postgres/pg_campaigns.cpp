// Campaigns, their durable sends (delayed actions) and the delivery report. A send is fired
// once even when two nodes find it due together: the first locks its row and moves its state.
#include "store/postgres/pg_array.h"
#include "store/postgres/pg_orders_internal.h"
#include "store/postgres/pg_rows.h"
#include "store/postgres/pg_storage.h"

namespace herald::store::postgres {

namespace {
constexpr const char* kCampaignColumns = "id, spec, active, created_at, updated_at";

CampaignRow read_campaign(const Result& s, int r) {
  return {s.i64(r, 0), s.text(r, 1), s.i32(r, 2) != 0, s.i64(r, 3), s.i64(r, 4)};
}
}  // namespace

CampaignRow PgStorage::create_campaign(StoreId store, const CampaignRow& c, TimeMs now) {
  return with([&](Conn& db) {
    CampaignRow out = c;
    out.id = db.exec(
                   "INSERT INTO campaigns (store_id, spec, active, created_at, updated_at) "
                   "VALUES ($1,$2,$3,$4,$5) RETURNING id",
                   store, c.spec_json, c.active ? 1 : 0, now, now)
                 .i64(0, 0);
    out.created_at = out.updated_at = now;
    return out;
  });
}

std::optional<CampaignRow> PgStorage::update_campaign(StoreId store, const CampaignRow& c,
                                                      TimeMs now) {
  return with([&](Conn& db) -> std::optional<CampaignRow> {
    auto s = db.exec(std::string("UPDATE campaigns SET spec = $1, active = $2, updated_at = $3 "
                                 "WHERE store_id = $4 AND id = $5 RETURNING ") +
                         kCampaignColumns,
                     c.spec_json, c.active ? 1 : 0, now, store, c.id);
    if (s.rows() == 0) return std::nullopt;
    return read_campaign(s, 0);
  });
}

std::optional<CampaignRow> PgStorage::get_campaign(StoreId store, std::int64_t id) {
  return with([&](Conn& db) -> std::optional<CampaignRow> {
    auto s = db.exec(std::string("SELECT ") + kCampaignColumns +
                         " FROM campaigns WHERE store_id = $1 AND id = $2",
                     store, id);
    if (s.rows() == 0) return std::nullopt;
    return read_campaign(s, 0);
  });
}

std::vector<CampaignRow> PgStorage::list_campaigns(StoreId store, bool active_only) {
  return with([&](Conn& db) {
    std::vector<CampaignRow> out;
    auto s =
        db.exec(std::string("SELECT ") + kCampaignColumns + " FROM campaigns WHERE store_id = $1 " +
                    (active_only ? "AND active = 1 " : "") + "ORDER BY id",
                store);
    for (int r = 0; r < s.rows(); ++r) out.push_back(read_campaign(s, r));
    return out;
  });
}

std::vector<StatusChange> PgStorage::unevaluated_changes(int limit) {
  return with([&](Conn& db) {
    std::vector<StatusChange> out;
    auto s =
        db.exec(std::string(kChangeColumns) + "WHERE evaluated = 0 ORDER BY id LIMIT $1", limit);
    for (int r = 0; r < s.rows(); ++r) out.push_back(read_status_change(s, r));
    return out;
  });
}

void PgStorage::schedule_sends(const std::vector<EvaluatedChange>& changes, TimeMs now) {
  if (changes.empty()) return;
  with([&](Conn& db) {
    Transaction tx(db);
    ArrayParam evaluated;
    for (const auto& [c, sends] : changes) {
      evaluated.add(c.id);
      for (const auto& s : sends)
        db.exec(
            "INSERT INTO campaign_sends (store_id, campaign_id, action_index, status_change_id, "
            "order_id, status_type, from_code, to_code, due_at, created_at) "
            "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT DO NOTHING",
            c.store_id, s.campaign_id, s.action_index, c.id, c.order_id, c.type, c.from_code,
            c.to_code, s.due_at, now);
    }
    db.exec("UPDATE status_changes SET evaluated = 1 WHERE id = ANY($1::bigint[])",
            evaluated.str());
    tx.commit();
  });
}

std::vector<DueSend> PgStorage::due_sends(TimeMs now, int limit) {
  return with([&](Conn& db) {
    std::vector<DueSend> out;
    auto s = db.exec(
        "SELECT cs.id, cs.store_id, cs.campaign_id, cs.action_index, c.spec, sc.id, sc.store_id, "
        "sc.order_id, sc.type, sc.from_code, sc.to_code, sc.at, sc.received_at, sc.current, "
        "sc.source, sc.event_id, sc.context FROM campaign_sends cs "
        "JOIN campaigns c ON c.id = cs.campaign_id "
        "JOIN status_changes sc ON sc.id = cs.status_change_id "
        "WHERE cs.state = 'pending' AND cs.due_at <= $1 ORDER BY cs.due_at, cs.id LIMIT $2",
        now, limit);
    for (int r = 0; r < s.rows(); ++r) {
      DueSend d;
      d.id = s.i64(r, 0);
      d.store_id = s.i64(r, 1);
      d.campaign_id = s.i64(r, 2);
      d.action_index = s.i32(r, 3);
      d.campaign_spec_json = s.text(r, 4);
      d.change = read_status_change(s, r, 5);
      out.push_back(std::move(d));
    }
    return out;
  });
}

std::optional<TimeMs> PgStorage::next_send_due() {
  return with([&](Conn& db) -> std::optional<TimeMs> {
    auto s = db.exec("SELECT MIN(due_at) FROM campaign_sends WHERE state = 'pending'");
    if (s.rows() == 0 || s.is_null(0, 0)) return std::nullopt;
    return s.i64(0, 0);
  });
}

void PgStorage::fire_send(const DueSend& d, const std::optional<NewMessage>& m,
                          const std::string& skip_reason, TimeMs now) {
  with([&](Conn& db) {
    Transaction tx(db);
    auto s = db.exec("SELECT state FROM campaign_sends WHERE id = $1 FOR UPDATE", d.id);
    if (s.rows() == 0 || s.text(0, 0) != "pending") return;  // fired already
    if (m) {
      NewEvent carrier;
      carrier.store_id = d.store_id;
      insert_message(db, carrier, *m, now, node_id_);
      db.exec("UPDATE campaign_sends SET state = 'sent', message_id = $1 WHERE id = $2",
              m->public_id, d.id);
    } else {
      db.exec("UPDATE campaign_sends SET state = 'skipped', reason = $1 WHERE id = $2", skip_reason,
              d.id);
    }
    tx.commit();
  });
}

std::vector<DeliveryReportRow> PgStorage::delivery_report(StoreId store, bool by_template,
                                                          TimeMs since, TimeMs until) {
  return with([&](Conn& db) {
    std::vector<DeliveryReportRow> out;
    const std::string group = by_template ? "m.template" : "m.type";
    auto has = [](const char* types) {
      return std::string(
                 "COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM message_events e "
                 "WHERE e.message_id = m.id AND e.type IN (") +
             types + ")))";
    };
    auto s = db.exec("SELECT " + group + " COLLATE \"C\", COUNT(*), " +
                         has("'sent','delivered','opened','clicked'") + ", " + has("'delivered'") +
                         ", " + has("'opened','clicked'") + ", " + has("'clicked'") + ", " +
                         has("'bounced'") + ", " + has("'failed','undelivered'") +
                         " FROM messages m WHERE m.store_id = $1 AND m.created_at >= $2 AND "
                         "m.created_at <= $3 GROUP BY 1 ORDER BY 1",
                     store, since, until);
    for (int r = 0; r < s.rows(); ++r)
      out.push_back({s.text(r, 0), s.i64(r, 1), s.i64(r, 2), s.i64(r, 3), s.i64(r, 4), s.i64(r, 5),
                     s.i64(r, 6), s.i64(r, 7)});
    return out;
  });
}

}  // namespace herald::store::postgres
