#include "store/sqlite/sqlite_migrations.h"

namespace herald::store::sqlite {

std::vector<Migration> founding_migrations() {
  return {
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
  };
}

}  // namespace herald::store::sqlite
