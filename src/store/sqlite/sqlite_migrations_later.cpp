#include "store/sqlite/sqlite_migrations.h"

namespace herald::store::sqlite {

std::vector<Migration> later_migrations() {
  return {
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
      // Which node accepted each message and recorded each step of its timeline; the claims a
      // node renews, found without reading a whole backlog.
      {10, R"sql(
ALTER TABLE messages ADD COLUMN node TEXT NOT NULL DEFAULT '';
ALTER TABLE message_events ADD COLUMN node TEXT NOT NULL DEFAULT '';
CREATE INDEX queue_claims ON queue (leased_until) WHERE leased_until > 0;
)sql"},
      // The dashboard's daily counters have PostgreSQL's shard column (there, each connection
      // adds to its own row), so the tables stay column for column the same; SQLite has one
      // writer and keeps every counter in shard 0.
      {11, R"sql(
CREATE TABLE ui_daily_counts_sharded (
  store_id INTEGER NOT NULL,
  day INTEGER NOT NULL,
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  n INTEGER NOT NULL DEFAULT 0,
  shard INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (store_id, day, kind, key, shard)
) WITHOUT ROWID;
INSERT INTO ui_daily_counts_sharded (store_id, day, kind, key, n, shard)
SELECT store_id, day, kind, key, n, 0 FROM ui_daily_counts;
DROP TABLE ui_daily_counts;
ALTER TABLE ui_daily_counts_sharded RENAME TO ui_daily_counts;
)sql"},
      // Orders pushed to a store's OMS: one per storefront order id; the background work finds
      // what is due by state and time, the list reads by state oldest first.
      {14, R"sql(
CREATE TABLE oms_orders (
  id INTEGER PRIMARY KEY,
  store_id INTEGER NOT NULL,
  order_id TEXT NOT NULL,
  payment TEXT NOT NULL,
  body TEXT NOT NULL,
  fynd_order_id TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL,
  oms_status TEXT NOT NULL DEFAULT '',
  last_error TEXT NOT NULL DEFAULT '',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (store_id, order_id)
);
CREATE INDEX oms_orders_by_state ON oms_orders (store_id, state, created_at, id);
CREATE INDEX oms_orders_due ON oms_orders (state, next_attempt_at);
)sql"},
      // A store's OMS connector (its settings, the affiliate token and webhook secret sealed)
      // and the log of the calls made to the OMS, read newest first.
      {15, R"sql(
CREATE TABLE oms_settings (
  store_id INTEGER PRIMARY KEY,
  provider TEXT NOT NULL,
  api_url TEXT NOT NULL,
  affiliate_id TEXT NOT NULL,
  sealed_token TEXT NOT NULL,
  sealed_secret TEXT NOT NULL,
  safety_stock INTEGER NOT NULL,
  inventory_sync_minutes INTEGER NOT NULL,
  enabled INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE oms_calls (
  id INTEGER PRIMARY KEY,
  store_id INTEGER NOT NULL,
  at INTEGER NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  status INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  error TEXT NOT NULL,
  order_id TEXT NOT NULL
);
CREATE INDEX oms_calls_by_store ON oms_calls (store_id, id);
CREATE TABLE oms_statuses (
  store_id INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  order_id TEXT NOT NULL,
  shipment_id TEXT NOT NULL,
  status TEXT NOT NULL,
  at INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (store_id, event_id)
) WITHOUT ROWID;
CREATE INDEX oms_statuses_by_order ON oms_statuses (store_id, order_id, at);
)sql"},
      // The orders list finds an order by its number (the snapshot's order.number) and pages
      // through orders newest created first.
      {20, R"sql(
ALTER TABLE orders ADD COLUMN number TEXT GENERATED ALWAYS AS
  (CASE WHEN json_valid(snapshot) THEN json_extract(snapshot, '$.order.number') END) VIRTUAL;
CREATE INDEX orders_by_number ON orders (store_id, number) WHERE number IS NOT NULL;
CREATE INDEX orders_by_created ON orders (store_id, created_at, order_id);
)sql"},
      // The storefront's SKUs and their stock as the OMS gives it (the inventory sync).
      {21, R"sql(
CREATE TABLE catalog_skus (
  store_id INTEGER NOT NULL,
  sku TEXT NOT NULL,
  PRIMARY KEY (store_id, sku)
) WITHOUT ROWID;
CREATE TABLE stock (
  store_id INTEGER NOT NULL,
  sku TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  oms_quantity INTEGER NOT NULL,
  synced_at INTEGER NOT NULL,
  PRIMARY KEY (store_id, sku)
) WITHOUT ROWID;
CREATE TABLE unmapped_skus (
  store_id INTEGER NOT NULL,
  sku TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  seen_at INTEGER NOT NULL,
  PRIMARY KEY (store_id, sku)
) WITHOUT ROWID;
CREATE TABLE stock_sync_state (
  store_id INTEGER PRIMARY KEY,
  cursor INTEGER NOT NULL,
  synced_at INTEGER NOT NULL,
  result TEXT NOT NULL
);
)sql"},
      // The daily purge finds the OMS statuses received before its cut-off by their age.
      {25, R"sql(
CREATE INDEX oms_statuses_by_received ON oms_statuses (store_id, received_at);
)sql"},
      // The daily purge finds the OMS calls made before its cut-off by their time (27 on both
      // backends: 26 is PostgreSQL's alone).
      {27, R"sql(
CREATE INDEX oms_calls_by_at ON oms_calls (store_id, at);
)sql"},
  };
}

}  // namespace herald::store::sqlite
