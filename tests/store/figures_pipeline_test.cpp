// The dashboard's figures, kept by the services with each change they decide, are the figures
// migration 4's triggers kept: a pipeline of intake, attempts, reports and a purge is replayed
// into a database that still has those triggers, and both sets of figures must agree.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <map>
#include <stdexcept>

#include "delivery/outcome_recorder.h"
#include "domain/dashboard_figures.h"
#include "feedback/report_service.h"
#include "intake/event_recorder.h"
#include "orders/order_status_service.h"
#include "store/open_storage.h"
#include "support/temp_dir.h"

namespace herald {
namespace {

using domain::Channel;
using domain::kDayMs;
using domain::Outcome;

// The tables the triggers read and write, and the triggers as migration 4 created them.
constexpr const char* kTriggerSchema = R"sql(
CREATE TABLE messages (id INTEGER PRIMARY KEY, store_id INTEGER, channel TEXT, created_at INTEGER);
CREATE TABLE message_events (id INTEGER PRIMARY KEY, message_id INTEGER, at INTEGER, type TEXT,
                             reason TEXT, recipient TEXT);
CREATE TABLE ui_daily_counts (
  store_id INTEGER NOT NULL, day INTEGER NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL,
  n INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (store_id, day, kind, key)) WITHOUT ROWID;
CREATE TABLE ui_failures (
  store_id INTEGER NOT NULL, message_id INTEGER NOT NULL, recipient TEXT NOT NULL,
  reason TEXT NOT NULL, domain TEXT NOT NULL, at INTEGER NOT NULL,
  PRIMARY KEY (store_id, message_id, recipient)) WITHOUT ROWID;
CREATE TRIGGER ui_count_message AFTER INSERT ON messages BEGIN
  INSERT INTO ui_daily_counts (store_id, day, kind, key, n)
  VALUES (NEW.store_id, NEW.created_at / 86400000, 'channel', NEW.channel, 1)
  ON CONFLICT (store_id, day, kind, key) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER ui_count_stage AFTER INSERT ON message_events
WHEN NEW.type IN ('sent', 'delivered', 'opened', 'clicked') AND NOT EXISTS (
  SELECT 1 FROM message_events e
  WHERE e.message_id = NEW.message_id AND e.type = NEW.type AND e.id < NEW.id)
BEGIN
  INSERT INTO ui_daily_counts (store_id, day, kind, key, n)
  SELECT store_id, NEW.at / 86400000, 'stage', NEW.type, 1 FROM messages WHERE id = NEW.message_id
  ON CONFLICT (store_id, day, kind, key) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER ui_record_failure AFTER INSERT ON message_events
WHEN NEW.type IN ('bounced', 'failed', 'undelivered', 'complained')
BEGIN
  INSERT INTO ui_daily_counts (store_id, day, kind, key, n)
  SELECT m.store_id, NEW.at / 86400000, 'fail',
         CASE WHEN NEW.reason <> '' THEN NEW.reason ELSE NEW.type END, 1
  FROM messages m WHERE m.id = NEW.message_id AND NOT EXISTS (
    SELECT 1 FROM ui_failures f
    WHERE f.store_id = m.store_id AND f.message_id = m.id AND f.recipient = NEW.recipient)
  ON CONFLICT (store_id, day, kind, key) DO UPDATE SET n = n + 1;
  INSERT OR IGNORE INTO ui_failures (store_id, message_id, recipient, reason, domain, at)
  SELECT m.store_id, m.id, NEW.recipient,
         CASE WHEN NEW.reason <> '' THEN NEW.reason ELSE NEW.type END,
         CASE WHEN instr(NEW.recipient, '@') > 0
              THEN lower(substr(NEW.recipient, instr(NEW.recipient, '@') + 1)) ELSE '' END,
         NEW.at
  FROM messages m WHERE m.id = NEW.message_id;
END;
CREATE TRIGGER ui_forget_message AFTER DELETE ON messages BEGIN
  DELETE FROM ui_failures WHERE store_id = OLD.store_id AND message_id = OLD.id;
END;
)sql";

constexpr const char* kCounts =
    "SELECT store_id, day, kind, key, n FROM {}ui_daily_counts ORDER BY 1, 2, 3, 4";
constexpr const char* kFailures =
    "SELECT store_id, message_id, recipient, reason, domain, at FROM {}ui_failures "
    "ORDER BY 1, 2, 3";

// A plain connection for the replay, beside the storage's own.
class Sql {
 public:
  explicit Sql(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) throw std::runtime_error("open " + path);
  }
  ~Sql() { sqlite3_close(db_); }
  Sql(const Sql&) = delete;
  Sql& operator=(const Sql&) = delete;

  void exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string what = err ? err : "error";
      sqlite3_free(err);
      throw std::runtime_error(what + " in: " + sql);
    }
  }

  // Every row of a query ("{}" in it is replaced by `schema`), its columns joined by '|'.
  std::vector<std::string> rows(std::string sql, const std::string& schema = "") {
    sql.replace(sql.find("{}"), 2, schema);
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string(sqlite3_errmsg(db_)) + " in: " + sql);
    std::vector<std::string> out;
    while (sqlite3_step(s) == SQLITE_ROW) {
      std::string row;
      for (int i = 0; i < sqlite3_column_count(s); ++i) {
        const auto* text = sqlite3_column_text(s, i);
        row += (i ? "|" : "") + std::string(text ? reinterpret_cast<const char*>(text) : "");
      }
      out.push_back(std::move(row));
    }
    sqlite3_finalize(s);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

struct FiguresPipelineTest : ::testing::Test {
  herald::testing::TempDir dir;
  std::string path = dir.file("h.db");
  store::Storages opened = store::open_storage("sqlite://" + path);
  store::Storage& db = opened.storage();
  orders::OrderStatusService order_statuses{opened.orders()};
  ManualClock clock{3 * kDayMs + 1000};
  feedback::ReportService reports{db, db, clock};
  store::StoreRecord shop = db.create_store("shop", "hash-shop", "", {}, 1);
  store::StoreRecord other = db.create_store("other", "hash-other", "", {}, 1);
  int next = 0;

  store::NewEvent event(const store::StoreRecord& st, Channel channel,
                        const std::vector<std::string>& to, const std::vector<std::string>& cc) {
    store::NewMessage m;
    m.public_id = "M" + std::to_string(++next);
    m.channel = channel;
    m.type = "ORDER_PLACED";
    m.to = to;
    m.cc = cc;
    m.search_addresses = to;
    m.search_addresses.insert(m.search_addresses.end(), cc.begin(), cc.end());
    m.subject = "Order " + std::to_string(next);
    store::NewEvent e;
    e.store_id = st.id;
    e.event_id = "ev" + std::to_string(next);
    e.type = "ORDER_PLACED";
    e.order_id = "O-" + std::to_string(next);
    e.messages = {m};
    return e;
  }

  std::string send(const store::StoreRecord& st, Channel channel,
                   const std::vector<std::string>& to, const std::vector<std::string>& cc = {}) {
    std::vector<store::NewEvent> events{event(st, channel, to, cc)};
    intake::record_events(db, db, order_statuses, events, clock.now_ms());
    return events[0].messages[0].public_id;
  }

  // One delivery attempt of every message due, each recipient ending as `outcomes` says
  // (sent when it does not say).
  void attempt(Channel channel, const std::map<std::string, domain::RecipientResult>& outcomes) {
    const TimeMs now = clock.now_ms();
    std::vector<delivery::AttemptRecord> records;
    for (const auto& q : db.claim_due(channel, now, 100, now + 60'000)) {
      delivery::AttemptRecord a;
      a.seq = q.seq;
      a.fence = q.fence;
      a.at = now;
      for (const auto& address : q.pending) {
        auto it = outcomes.find(address);
        domain::RecipientResult r =
            it == outcomes.end() ? domain::RecipientResult{"", Outcome::sent, 250, "", "", ""}
                                 : it->second;
        r.address = address;
        if (r.outcome == Outcome::deferred) a.retry_at = now + 1000;
        a.results.push_back(r);
      }
      records.push_back(std::move(a));
    }
    delivery::record_attempts(db, records, 3);
  }

  void report(const std::string& id, const std::string& type, const std::string& recipient = "",
              const std::string& reason = "") {
    feedback::MessageReport r;
    r.clues = {{id, ""}};
    feedback::Finding f;
    f.update.type = type;
    f.update.recipient = recipient;
    f.update.reason = reason;
    r.findings = {f};
    ASSERT_TRUE(reports.report(r)) << id;
  }

  // Replays the messages and timelines stored into a database with the triggers: the figures
  // they keep there are the figures the triggers kept.
  void replay(Sql& triggers) {
    triggers.exec("ATTACH DATABASE '" + path + "' AS real");
    triggers.exec(kTriggerSchema);
    triggers.exec(
        "INSERT INTO messages SELECT id, store_id, channel, created_at FROM real.messages "
        "ORDER BY id");
    triggers.exec(
        "INSERT INTO message_events SELECT id, message_id, at, type, reason, recipient "
        "FROM real.message_events ORDER BY id");
  }
};

domain::RecipientResult result(Outcome outcome, const std::string& reason = "") {
  return {"", outcome, outcome == Outcome::bounced ? 550 : 450, "", reason, "words"};
}

TEST_F(FiguresPipelineTest, TheFiguresAreTheFiguresTheTriggersKept) {
  db.put_suppression(shop.id, {Channel::email, "s@x.no", "userunknown", "", "", 1, 0});
  const auto m1 = send(shop, Channel::email, {"a@x.no"}, {"B@Y.no"});
  const auto m2 = send(shop, Channel::sms, {"+4790000001"});
  const auto m3 = send(shop, Channel::email, {"c@x.no"});
  const auto m4 = send(shop, Channel::email, {"d@z.no"});
  const auto m5 = send(shop, Channel::email, {"e@x.no", "f@x.no"});
  send(shop, Channel::email, {"s@x.no"});  // suppressed: counted, never sent
  {
    std::vector<store::NewEvent> again{event(shop, Channel::email, {"a@x.no"}, {})};
    intake::record_events(db, db, order_statuses, again, clock.now_ms());
    intake::record_events(db, db, order_statuses, again, clock.now_ms());  // a duplicate
  }
  attempt(Channel::email, {{"B@Y.no", result(Outcome::bounced, "userunknown")},
                           {"c@x.no", result(Outcome::deferred, "mailboxfull")},
                           {"d@z.no", result(Outcome::failed)}});
  attempt(Channel::sms, {});
  report(m1, "delivered", "a@x.no");
  report(m1, "bounced", "b@y.no", "userunknown");  // the same address, as a report spells it
  report(m4, "complained", "d@z.no");

  clock.set(4 * kDayMs + 5);
  report(m1, "opened");
  report(m1, "opened");
  report(m2, "delivered");
  report(m5, "failed");
  for (int i = 0; i < 2; ++i) {  // the third attempt gives up
    clock.advance_ms(2000);
    attempt(Channel::email, {{"c@x.no", result(Outcome::deferred)}});
  }
  report(m3, "bounced", "c@x.no", "mailboxfull");  // failed already, on giving up
  const auto m7 = send(other, Channel::email, {"g@x.no"});
  attempt(Channel::email, {});
  report(m7, "opened");

  clock.set(5 * kDayMs + 7);
  report(m1, "clicked");
  report(m1, "opened");
  report(m5, "failed");
  report(m5, "complained", "e@x.no");
  report(m2, "undelivered", "", "expired");

  Sql triggers(":memory:");
  replay(triggers);
  const auto counts = triggers.rows(kCounts);
  EXPECT_EQ(triggers.rows(kCounts, "real."), counts);
  EXPECT_EQ(triggers.rows(kFailures, "real."), triggers.rows(kFailures));
  EXPECT_GE(counts.size(), 12u);  // the pipeline reached every kind of figure
  EXPECT_TRUE(
      triggers.rows("SELECT name FROM {}sqlite_master WHERE type = 'trigger'", "real.").empty());

  // Retention removes the messages of day 3 that are done; their failure lines go with them,
  // the counts stay.
  auto purged = db.purge(shop.id, 4 * kDayMs, 4 * kDayMs, false);
  EXPECT_GT(purged.messages_deleted, 0);
  triggers.exec("DELETE FROM messages WHERE id NOT IN (SELECT id FROM real.messages)");
  EXPECT_EQ(triggers.rows(kCounts, "real."), counts);
  EXPECT_EQ(triggers.rows(kFailures, "real."), triggers.rows(kFailures));
}

}  // namespace
}  // namespace herald
