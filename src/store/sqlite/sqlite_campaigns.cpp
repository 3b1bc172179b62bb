// Campaigns, their durable sends (delayed actions) and the delivery report.
#include <nlohmann/json.hpp>

#include "store/sqlite/sqlite_orders_internal.h"
#include "store/sqlite/sqlite_storage.h"

namespace herald::store::sqlite {

namespace {
constexpr const char* kCampaignColumns =
    "SELECT id, spec, active, created_at, updated_at FROM campaigns ";

CampaignRow read_campaign(Stmt& s) {
  return {s.i64(0), s.text(1), s.i32(2) != 0, s.i64(3), s.i64(4)};
}

std::optional<CampaignRow> load_campaign(Db& db, StoreId store, std::int64_t id) {
  auto s = db.prepare(std::string(kCampaignColumns) + "WHERE store_id = ? AND id = ?");
  s.bind_all(store, id);
  if (!s.step()) return std::nullopt;
  return read_campaign(s);
}
}  // namespace

CampaignRow SqliteStorage::create_campaign(StoreId store, const CampaignRow& c, TimeMs now) {
  return write([&](Db& db) {
    db.prepare(
          "INSERT INTO campaigns (store_id, spec, active, created_at, updated_at) "
          "VALUES (?,?,?,?,?)")
        .bind_all(store, c.spec_json, c.active ? 1 : 0, now, now)
        .run();
    CampaignRow out = c;
    out.id = db.last_insert_id();
    out.created_at = out.updated_at = now;
    return out;
  });
}

std::optional<CampaignRow> SqliteStorage::update_campaign(StoreId store, const CampaignRow& c,
                                                          TimeMs now) {
  return write([&](Db& db) -> std::optional<CampaignRow> {
    db.prepare(
          "UPDATE campaigns SET spec = ?, active = ?, updated_at = ? "
          "WHERE store_id = ? AND id = ?")
        .bind_all(c.spec_json, c.active ? 1 : 0, now, store, c.id)
        .run();
    if (db.changes() == 0) return std::nullopt;
    return load_campaign(db, store, c.id);
  });
}

std::optional<CampaignRow> SqliteStorage::get_campaign(StoreId store, std::int64_t id) {
  return read([&](Db& db) { return load_campaign(db, store, id); });
}

std::vector<CampaignRow> SqliteStorage::list_campaigns(StoreId store, bool active_only) {
  return read([&](Db& db) {
    std::vector<CampaignRow> out;
    auto s = db.prepare(std::string(kCampaignColumns) + "WHERE store_id = ? " +
                        (active_only ? "AND active = 1 " : "") + "ORDER BY id");
    s.bind_all(store);
    while (s.step()) out.push_back(read_campaign(s));
    return out;
  });
}

std::vector<StatusChange> SqliteStorage::unevaluated_changes(int limit) {
  return read([&](Db& db) {
    std::vector<StatusChange> out;
    auto s = db.prepare(
        "SELECT id, store_id, order_id, type, from_code, to_code, at, received_at, current, "
        "source, event_id, context FROM status_changes WHERE evaluated = 0 ORDER BY id LIMIT ?");
    s.bind_all(limit);
    while (s.step()) out.push_back(read_status_change(s));
    return out;
  });
}

void SqliteStorage::schedule_sends(const std::vector<EvaluatedChange>& changes, TimeMs now) {
  if (changes.empty()) return;
  write([&](Db& db) {
    Transaction tx(db);
    for (const auto& [c, sends] : changes) {
      for (const auto& s : sends)
        db.prepare(
              "INSERT INTO campaign_sends (store_id, campaign_id, action_index, "
              "status_change_id, order_id, status_type, from_code, to_code, due_at, "
              "created_at) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING")
            .bind_all(c.store_id, s.campaign_id, s.action_index, c.id, c.order_id, c.type,
                      c.from_code, c.to_code, s.due_at, now)
            .run();
      db.prepare("UPDATE status_changes SET evaluated = 1 WHERE id = ?").bind_all(c.id).run();
    }
    tx.commit();
  });
}

std::vector<DueSend> SqliteStorage::due_sends(TimeMs now, int limit) {
  return read([&](Db& db) {
    std::vector<DueSend> out;
    auto s = db.prepare(
        "SELECT cs.id, cs.store_id, cs.campaign_id, cs.action_index, c.spec, sc.id, sc.store_id, "
        "sc.order_id, sc.type, sc.from_code, sc.to_code, sc.at, sc.received_at, sc.current, "
        "sc.source, sc.event_id, sc.context FROM campaign_sends cs "
        "JOIN campaigns c ON c.id = cs.campaign_id "
        "JOIN status_changes sc ON sc.id = cs.status_change_id "
        "WHERE cs.state = 'pending' AND cs.due_at <= ? ORDER BY cs.due_at, cs.id LIMIT ?");
    s.bind_all(now, limit);
    while (s.step()) {
      DueSend d;
      d.id = s.i64(0);
      d.store_id = s.i64(1);
      d.campaign_id = s.i64(2);
      d.action_index = s.i32(3);
      d.campaign_spec_json = s.text(4);
      d.change = read_status_change(s, 5);
      out.push_back(std::move(d));
    }
    return out;
  });
}

std::optional<TimeMs> SqliteStorage::next_send_due() {
  return read([&](Db& db) -> std::optional<TimeMs> {
    auto s = db.prepare("SELECT MIN(due_at) FROM campaign_sends WHERE state = 'pending'");
    if (s.step() && !s.is_null(0)) return s.i64(0);
    return std::nullopt;
  });
}

void SqliteStorage::fire_send(const DueSend& d, const std::optional<NewMessage>& m,
                              const std::string& skip_reason, TimeMs now) {
  write([&](Db& db) {
    Transaction tx(db);
    {
      auto s = db.prepare("SELECT state FROM campaign_sends WHERE id = ?");
      s.bind_all(d.id);
      if (!s.step() || s.text(0) != "pending") return;  // fired already
    }
    if (m) {
      NewEvent carrier;
      carrier.store_id = d.store_id;
      insert_message(db, carrier, *m, now, node_id_);
      db.prepare("UPDATE campaign_sends SET state = 'sent', message_id = ? WHERE id = ?")
          .bind_all(m->public_id, d.id)
          .run();
    } else {
      db.prepare("UPDATE campaign_sends SET state = 'skipped', reason = ? WHERE id = ?")
          .bind_all(skip_reason, d.id)
          .run();
    }
    tx.commit();
  });
}

std::vector<DeliveryReportRow> SqliteStorage::delivery_report(StoreId store, bool by_template,
                                                              TimeMs since, TimeMs until) {
  return read([&](Db& db) {
    std::vector<DeliveryReportRow> out;
    const std::string group = by_template ? "m.template" : "m.type";
    auto has = [](const char* types) {
      return std::string(
                 "SUM(EXISTS (SELECT 1 FROM message_events e WHERE e.message_id = m.id "
                 "AND e.type IN (") +
             types + ")))";
    };
    auto s = db.prepare("SELECT " + group + ", COUNT(*), " +
                        has("'sent','delivered','opened','clicked'") + ", " + has("'delivered'") +
                        ", " + has("'opened','clicked'") + ", " + has("'clicked'") + ", " +
                        has("'bounced'") + ", " + has("'failed','undelivered'") +
                        " FROM messages m WHERE m.store_id = ? AND m.created_at >= ? AND "
                        "m.created_at <= ? GROUP BY 1 ORDER BY 1");
    s.bind_all(store, since, until);
    while (s.step())
      out.push_back(
          {s.text(0), s.i64(1), s.i64(2), s.i64(3), s.i64(4), s.i64(5), s.i64(6), s.i64(7)});
    return out;
  });
}

}  // namespace herald::store::sqlite
