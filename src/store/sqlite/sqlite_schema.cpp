#include "store/sqlite/sqlite_schema.h"

#include <algorithm>
#include <set>
#include <vector>

#include "store/sqlite/sqlite_db.h"

namespace herald::store::sqlite {

namespace {
struct Migration {
  int version;
  const char* sql;
};

// Versioned migrations, applied in version order, each in its own transaction, each once.
// Never edit a released step: add a new one. Versions need not be contiguous, so work on
// separate features can reserve its own numbers.
const std::vector<Migration> kMigrations{
    {1, R"sql(
CREATE TABLE stores (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  api_key_hash TEXT NOT NULL UNIQUE,
  webhook_secret TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL DEFAULT '',
  default_country TEXT NOT NULL DEFAULT 'NO',
  default_locale TEXT NOT NULL DEFAULT 'en',
  owner_email TEXT NOT NULL DEFAULT '',
  logging INTEGER NOT NULL DEFAULT 1,
  content_days INTEGER NOT NULL DEFAULT 180,
  metadata_days INTEGER NOT NULL DEFAULT 400,
  created_at INTEGER NOT NULL
);
CREATE TABLE templates (
  store_id INTEGER NOT NULL REFERENCES stores(id),
  key TEXT NOT NULL,
  channel TEXT NOT NULL,
  locale TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  html TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL DEFAULT '',
  sms TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (store_id, key, channel, locale)
) WITHOUT ROWID;
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  store_id INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  type TEXT NOT NULL,
  order_id TEXT NOT NULL,
  occurred_at INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  payload TEXT NOT NULL,
  skipped TEXT NOT NULL DEFAULT '[]',
  UNIQUE (store_id, event_id)
);
CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  public_id TEXT NOT NULL UNIQUE,
  store_id INTEGER NOT NULL,
  channel TEXT NOT NULL,
  type TEXT NOT NULL,
  event_id TEXT NOT NULL DEFAULT '',
  order_id TEXT NOT NULL DEFAULT '',
  customer_id TEXT NOT NULL DEFAULT '',
  cart_id TEXT NOT NULL DEFAULT '',
  from_addr TEXT NOT NULL DEFAULT '',
  to_json TEXT NOT NULL DEFAULT '[]',
  subject TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  fail_count INTEGER NOT NULL DEFAULT 0,
  recipient_count INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX messages_by_store ON messages (store_id, id);
CREATE INDEX messages_by_order ON messages (store_id, order_id, id) WHERE order_id <> '';
CREATE INDEX messages_by_customer ON messages (store_id, customer_id, id) WHERE customer_id <> '';
CREATE INDEX messages_by_cart ON messages (store_id, cart_id, id) WHERE cart_id <> '';
CREATE INDEX messages_by_event ON messages (store_id, event_id, id) WHERE event_id <> '';
CREATE INDEX messages_failed ON messages (store_id, id) WHERE fail_count > 0;
CREATE TABLE message_content (
  message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
  cc_json TEXT NOT NULL DEFAULT '[]',
  reply_to TEXT NOT NULL DEFAULT '',
  headers TEXT NOT NULL DEFAULT '',
  html TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL DEFAULT '',
  sms TEXT NOT NULL DEFAULT '',
  expired INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE message_recipients (
  store_id INTEGER NOT NULL,
  address TEXT NOT NULL,
  message_id INTEGER NOT NULL,
  PRIMARY KEY (store_id, address, message_id)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE message_subjects USING fts5 (
  subject, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TABLE message_events (
  id INTEGER PRIMARY KEY,
  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  smtp_code INTEGER NOT NULL DEFAULT 0,
  enhanced_code TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX message_events_by_message ON message_events (message_id, id);
CREATE TABLE queue (
  message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
  channel TEXT NOT NULL,
  due_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  leased_until INTEGER NOT NULL DEFAULT 0,
  pending_json TEXT NOT NULL
);
CREATE INDEX queue_due ON queue (channel, due_at);
)sql"},
    // 2: what happens after sending (bounces, reports, suppression, tracking).
    {2, R"sql(
ALTER TABLE stores ADD COLUMN tracking INTEGER NOT NULL DEFAULT 1;
ALTER TABLE message_events ADD COLUMN recipient TEXT NOT NULL DEFAULT '';
ALTER TABLE message_events ADD COLUMN url TEXT NOT NULL DEFAULT '';
CREATE TABLE suppressions (
  store_id INTEGER NOT NULL,
  channel TEXT NOT NULL,
  address TEXT NOT NULL,
  reason TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  source_message TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (store_id, channel, address)
) WITHOUT ROWID;
CREATE TABLE unmatched_bounces (
  id INTEGER PRIMARY KEY,
  store_id INTEGER NOT NULL DEFAULT 0,
  received_at INTEGER NOT NULL,
  source TEXT NOT NULL,
  summary TEXT NOT NULL,
  raw TEXT NOT NULL
);
CREATE TABLE provider_refs (
  provider TEXT NOT NULL,
  provider_message_id TEXT NOT NULL,
  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  PRIMARY KEY (provider, provider_message_id)
) WITHOUT ROWID;
CREATE TABLE server_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql"},
    // 3: order statuses, order snapshots, campaigns. 4 is reserved for pages.
    {3, R"sql(
ALTER TABLE messages ADD COLUMN template TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN campaign_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN status_change_id INTEGER NOT NULL DEFAULT 0;
CREATE TABLE order_statuses (
  id INTEGER PRIMARY KEY,
  store_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  code TEXT NOT NULL,
  include_in_analytics INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (store_id, type, code)
);
CREATE TABLE status_mappings (
  store_id INTEGER NOT NULL,
  event_type TEXT NOT NULL,
  status_type TEXT NOT NULL,
  code TEXT NOT NULL,
  PRIMARY KEY (store_id, event_type)
) WITHOUT ROWID;
CREATE TABLE orders (
  store_id INTEGER NOT NULL,
  order_id TEXT NOT NULL,
  snapshot TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (store_id, order_id)
) WITHOUT ROWID;
CREATE INDEX orders_recent ON orders (store_id, updated_at);
CREATE TABLE status_changes (
  id INTEGER PRIMARY KEY,
  store_id INTEGER NOT NULL,
  order_id TEXT NOT NULL,
  type TEXT NOT NULL,
  from_code TEXT NOT NULL DEFAULT '',
  to_code TEXT NOT NULL,
  at INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  current INTEGER NOT NULL,
  source TEXT NOT NULL,
  event_id TEXT NOT NULL DEFAULT '',
  context TEXT NOT NULL DEFAULT '{}',
  evaluated INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX status_changes_by_order ON status_changes (store_id, order_id, type, at);
CREATE INDEX status_changes_by_time ON status_changes (store_id, at);
CREATE INDEX status_changes_unevaluated ON status_changes (id) WHERE evaluated = 0;
CREATE TABLE order_status_current (
  store_id INTEGER NOT NULL,
  order_id TEXT NOT NULL,
  type TEXT NOT NULL,
  code TEXT NOT NULL,
  at INTEGER NOT NULL,
  change_id INTEGER NOT NULL,
  PRIMARY KEY (store_id, order_id, type)
) WITHOUT ROWID;
CREATE TABLE campaigns (
  id INTEGER PRIMARY KEY,
  store_id INTEGER NOT NULL,
  spec TEXT NOT NULL,
  active INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX campaigns_by_store ON campaigns (store_id, active);
CREATE TABLE campaign_sends (
  id INTEGER PRIMARY KEY,
  store_id INTEGER NOT NULL,
  campaign_id INTEGER NOT NULL,
  action_index INTEGER NOT NULL,
  status_change_id INTEGER NOT NULL,
  order_id TEXT NOT NULL,
  status_type TEXT NOT NULL,
  from_code TEXT NOT NULL,
  to_code TEXT NOT NULL,
  due_at INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending',
  message_id TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  UNIQUE (store_id, campaign_id, action_index, order_id, status_type, from_code, to_code)
);
CREATE INDEX campaign_sends_due ON campaign_sends (due_at) WHERE state = 'pending';
)sql"},
    // 4 (the pages): users and sessions, the resend link, indexes for the log pages,
    // and small tables that triggers keep up to date for the dashboard and the failure log,
    // so that no page has to aggregate over the whole message table.
    {4, R"sql(
ALTER TABLE messages ADD COLUMN resent_from TEXT NOT NULL DEFAULT '';
CREATE INDEX messages_by_channel ON messages (store_id, channel, id);
CREATE INDEX messages_by_created ON messages (store_id, created_at);
CREATE INDEX messages_by_type ON messages (store_id, type, id);
CREATE INDEX messages_by_status ON messages (store_id, status, id);
CREATE INDEX messages_by_from ON messages (store_id, from_addr COLLATE NOCASE, id);
DROP TABLE message_subjects;
CREATE VIRTUAL TABLE message_subjects USING fts5 (
  subject, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2',
  prefix='2 3 4 5 6'
);
INSERT INTO message_subjects (message_subjects) VALUES ('rebuild');
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  store_id INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
CREATE TABLE ui_daily_counts (
  store_id INTEGER NOT NULL,
  day INTEGER NOT NULL,
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  n INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (store_id, day, kind, key)
) WITHOUT ROWID;
CREATE TABLE ui_failures (
  store_id INTEGER NOT NULL,
  message_id INTEGER NOT NULL,
  recipient TEXT NOT NULL,
  reason TEXT NOT NULL,
  domain TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (store_id, message_id, recipient)
) WITHOUT ROWID;
CREATE INDEX ui_failures_by_reason ON ui_failures (store_id, reason, message_id);
CREATE INDEX ui_failures_by_domain ON ui_failures (store_id, domain, message_id);
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
INSERT INTO ui_daily_counts (store_id, day, kind, key, n)
SELECT store_id, created_at / 86400000, 'channel', channel, count(*) FROM messages
GROUP BY 1, 2, 4;
INSERT INTO ui_daily_counts (store_id, day, kind, key, n)
SELECT m.store_id, e.at / 86400000, 'stage', e.type, count(DISTINCT e.message_id)
FROM message_events e JOIN messages m ON m.id = e.message_id
WHERE e.type IN ('sent', 'delivered', 'opened', 'clicked') GROUP BY 1, 2, 4;
INSERT INTO ui_failures (store_id, message_id, recipient, reason, domain, at)
SELECT m.store_id, m.id, e.recipient,
       CASE WHEN e.reason <> '' THEN e.reason ELSE e.type END,
       CASE WHEN instr(e.recipient, '@') > 0
            THEN lower(substr(e.recipient, instr(e.recipient, '@') + 1)) ELSE '' END,
       max(e.at)
FROM message_events e JOIN messages m ON m.id = e.message_id
WHERE e.type IN ('bounced', 'failed', 'undelivered', 'complained')
GROUP BY m.store_id, m.id, e.recipient;
INSERT INTO ui_daily_counts (store_id, day, kind, key, n)
SELECT store_id, at / 86400000, 'fail', reason, count(*) FROM ui_failures GROUP BY 1, 2, 4;
)sql"},
    // Every recorded order update moves the version on: an update is written only on the
    // version it was decided on, so two writers that meet cannot both win.
    {5, R"sql(
ALTER TABLE orders ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
)sql"},
    // The HTML as rendered, kept when the copy with tracking links replaces it after sending:
    // sending again starts from it.
    {6, R"sql(
ALTER TABLE message_content ADD COLUMN html_before_tracking TEXT NOT NULL DEFAULT '';
)sql"},
    // The dashboard's figures (ui_daily_counts, ui_failures) come with the changes that storage
    // records, worked out by the services that decide them; migration 4's triggers go.
    {7, R"sql(
DROP TRIGGER IF EXISTS ui_count_message;
DROP TRIGGER IF EXISTS ui_count_stage;
DROP TRIGGER IF EXISTS ui_record_failure;
DROP TRIGGER IF EXISTS ui_forget_message;
)sql"},
    // The order page lists what the order's events skipped (no template, no address...).
    {8, R"sql(
CREATE INDEX events_skipped_by_order ON events (store_id, order_id, id) WHERE skipped <> '[]';
)sql"},
    // Every claim moves a queued message's fencing number on: an outcome is recorded only under
    // the claim that is current, never by a worker whose lease expired.
    {9, R"sql(
ALTER TABLE queue ADD COLUMN fence INTEGER NOT NULL DEFAULT 0;
)sql"},
};
}  // namespace

MigrationSteps migrate(Db& db) {
  db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
      "applied_at INTEGER NOT NULL DEFAULT (unixepoch()))");
  MigrationSteps steps;
  std::set<int> applied;
  {
    auto s = db.prepare("SELECT version FROM schema_migrations");
    while (s.step()) applied.insert(s.i32(0));
  }
  steps.from_version = steps.to_version = applied.empty() ? 0 : *applied.rbegin();
  std::vector<Migration> todo;
  for (const auto& m : kMigrations)
    if (!applied.count(m.version)) todo.push_back(m);
  std::sort(todo.begin(), todo.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (const auto& m : todo) {
    Transaction tx(db);
    db.exec(m.sql);
    db.prepare("INSERT INTO schema_migrations (version) VALUES (?)")
        .bind(1, static_cast<std::int64_t>(m.version))
        .run();
    tx.commit();
    ++steps.applied;
    steps.to_version = std::max(steps.to_version, m.version);
  }
  return steps;
}

int schema_version() {
  int v = 0;
  for (const auto& m : kMigrations) v = std::max(v, m.version);
  return v;
}

}  // namespace herald::store::sqlite
