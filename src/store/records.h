#pragma once
// Plain records exchanged with the storage backend. No backend detail appears here.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "domain/dashboard_figures.h"
#include "domain/message.h"
#include "domain/template.h"
#include "store/order_update.h"

namespace herald::store {

using StoreId = std::int64_t;

struct StoreSettings {
  std::string name;
  std::string default_country = "NO";  // ISO 3166 region for national phone numbers
  std::string default_locale = "en";
  std::string owner_email;
  bool logging = true;   // false: message bodies are not kept in the log
  bool tracking = true;  // opens and clicks (when also on in the server configuration)
  int content_days = 180;
  int metadata_days = 400;
};

struct StoreRecord {
  StoreId id = 0;
  std::string slug;
  std::string webhook_secret;
  StoreSettings settings;
  TimeMs created_at = 0;
};

using domain::TemplateRecord;

struct Skipped {
  domain::Channel channel = domain::Channel::email;
  std::string reason;  // no_template, no_email, no_phone, invalid_phone, suppressed...
  std::string detail;
};

// One line to append to a message's timeline.
struct TimelineEntry {
  TimeMs at = 0;
  std::string type;
  domain::MessageStatus status = domain::MessageStatus::queued;
  int smtp_code = 0;
  std::string enhanced_code, reason, description, detail, recipient;
};

// A recipient intake decided not to send to, with its line on the timeline.
struct HeldRecipient {
  size_t index = 0;  // position in to + cc
  TimelineEntry entry;
};

// A message as queued by intake: rendered, addressed, not yet sent.
struct NewMessage {
  std::string public_id;
  domain::Channel channel = domain::Channel::email;
  std::string type;  // order event type or message type
  std::string event_id, order_id, customer_id, cart_id;
  std::string from;
  std::vector<std::string> to, cc;
  std::string reply_to;
  std::string subject, html, text, sms;
  // Normalized addresses the log can be searched by: lowercase email, E.164 phone.
  std::vector<std::string> search_addresses;
  // The template key used (empty: inline content) and what caused a campaign message.
  std::string template_key;
  std::int64_t campaign_id = 0, status_change_id = 0;
  std::string resent_from;  // the message this one sends again (stored with it, in one write)
  // Decided by intake from the suppression list and stored as decided: the recipients held
  // back (each counts as failed), and the status: queued, or suppressed when no recipient is
  // left (then it is never queued).
  std::vector<HeldRecipient> held;
  domain::MessageStatus status = domain::MessageStatus::queued;
  domain::FigureChanges figures;  // what storing it adds to the dashboard, written with it
};

struct NewEvent {
  StoreId store_id = 0;
  std::string event_id;  // empty: standalone messages, no order event is recorded
  std::string type;
  std::string order_id;
  TimeMs occurred_at = 0;
  nlohmann::json payload = nlohmann::json::object();  // the event as received
  std::vector<NewMessage> messages;
  std::vector<Skipped> skipped;
  // Decided by the order-status service before the event is stored; recorded with it.
  std::optional<OrderUpdate> order_update;
};

struct MessageRef {
  std::string id;
  domain::Channel channel = domain::Channel::email;
  domain::MessageStatus status = domain::MessageStatus::queued;
};

struct EventAcceptance {
  std::string event_id;
  bool duplicate = false;
  // Nothing was stored: the order moved on since its update was decided; decide again.
  bool order_moved_on = false;
  std::vector<MessageRef> messages;
  std::vector<Skipped> skipped;
};

struct MessageRow {
  std::int64_t seq = 0;  // storage order; the pagination key
  std::string id;
  domain::Channel channel = domain::Channel::email;
  std::string type, event_id, order_id, customer_id, cart_id, from;
  std::vector<std::string> to;
  std::string subject;
  domain::MessageStatus status = domain::MessageStatus::queued;
  int fail_count = 0;
  TimeMs created_at = 0, updated_at = 0;
  std::int64_t campaign_id = 0, status_change_id = 0;  // 0: not sent by a campaign
  std::string resent_from;  // the message this one sends again; empty when none
};

struct MessageQuery {
  std::optional<domain::Channel> channel;
  std::optional<domain::MessageStatus> status;
  std::string address;  // normalized recipient (number or email); empty = any
  std::string from, subject, type, event_id, order_id, customer_id, cart_id;
  bool failed_only = false;
  std::optional<TimeMs> since, until;
  int limit = 50;
  std::optional<std::int64_t> before_seq;  // keyset cursor
  // Keyset cursor backwards (the pages' "Newer" link): the `limit` rows just above this one,
  // still returned newest first.
  std::optional<std::int64_t> after_seq;
};

struct MessageContent {
  std::string headers, html, text, sms;  // html: as sent, with tracking links once sent
  // The HTML as rendered, when tracking changed it on sending; empty: `html` is as rendered.
  std::string html_before_tracking;
  std::vector<std::string> cc;
  std::string reply_to;
  bool expired = false;  // removed by retention, or never kept (logging off)
};

struct TimelineEvent {
  TimeMs at = 0;
  std::string type;  // queued, sent, deferred, bounced, failed, delivered, ...
  domain::MessageStatus status = domain::MessageStatus::queued;
  int smtp_code = 0;
  std::string enhanced_code, reason, description, detail;
  std::string node;  // the node that recorded it ("" in databases from before nodes were named)
};

// One unit of work for a delivery worker.
struct QueuedMessage {
  std::int64_t seq = 0;
  StoreId store_id = 0;
  std::string id;
  domain::Channel channel = domain::Channel::email;
  std::string type;                  // the message type (otp bodies are held outside the database)
  int attempts = 0;                  // attempts made before this one
  std::vector<std::string> pending;  // recipients still to deliver
  std::string from, reply_to, subject, html, text, sms;
  std::vector<std::string> to, cc;
  bool track = true;  // the store tracks opens and clicks
  // The claim's fencing number: every claim of a message moves it on, and an attempt's outcome
  // is recorded only under the fencing number of the claim that is current (attempt_change.h).
  std::int64_t fence = 0;
};

// One (type, recipient) pair found on a message's timeline.
struct TimelineMark {
  std::string type, recipient;
};

// Something reported after sending: a bounce, a delivery report, an open or a click.
struct DeliveryUpdate {
  TimeMs at = 0;
  std::string
      type;  // delivered, bounced, deferred, undelivered, failed, complained, opened, clicked
  std::string recipient;  // normalized address; empty when the report does not say
  int smtp_code = 0;
  std::string enhanced_code, reason, description, detail, url;
};

// Where a message is, found from an id carried by a report.
struct MessageLocator {
  StoreId store_id = 0;
  std::int64_t seq = 0;
  std::string id;
  domain::Channel channel = domain::Channel::email;
  std::vector<std::string> recipients;  // to + cc as sent
};

struct Suppression {
  domain::Channel channel = domain::Channel::email;
  std::string address;  // normalized
  std::string reason;   // userunknown, feedback, manual, ...
  std::string detail;
  std::string source_message;  // the message whose outcome added it; empty when added by hand
  TimeMs created_at = 0;
  TimeMs expires_at = 0;  // 0: never
};

// An address as a store's suppression list holds it.
struct AddressKey {
  StoreId store_id = 0;
  domain::Channel channel = domain::Channel::email;
  std::string address;  // normalized
};

struct UnmatchedBounce {
  std::int64_t id = 0;
  StoreId store_id = 0;  // the store whose key posted it; 0 when it came through the MTA pipe
  TimeMs received_at = 0;
  std::string source;   // http, pipe
  std::string summary;  // the parsed result, as JSON
  std::string raw;
};

// What applying the retention policy to one store removed (or would remove, in a dry run).
struct PurgeCounts {
  std::int64_t contents_expired = 0;      // bodies removed; the log rows stay
  std::int64_t messages_deleted = 0;      // log rows removed with their timelines
  std::int64_t events_deleted = 0;        // order events removed
  std::int64_t orders_deleted = 0;        // orders untouched that long, with their status history
  std::int64_t oms_calls_deleted = 0;     // lines of the OMS call log
  std::int64_t oms_statuses_deleted = 0;  // statuses the OMS reported (the orders' OMS history)
};

struct Counts {
  std::int64_t events = 0;
  std::int64_t queue_depth = 0;
  std::vector<std::tuple<std::string, std::string, std::int64_t>> messages;  // channel, status, n
};

}  // namespace herald::store
