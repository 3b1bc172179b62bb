#pragma once
// What the pages (/ui) need from storage beside the other roles: admin users, their sessions,
// and cheap reads for the dashboard and the failure log. Kept apart from Storage so that the
// two grow independently; the SQLite backend implements both over the same file.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/records.h"

namespace herald::store {

struct UserRecord {
  std::int64_t id = 0;
  std::string email;
  std::string password_hash;
  TimeMs created_at = 0;
};

struct SessionRecord {
  std::string token_hash;  // SHA-256 of the cookie value; the value itself is never stored
  std::int64_t user_id = 0;
  std::string user_email;
  std::string csrf_token;
  StoreId store_id = 0;  // the store the admin is looking at; 0 = not chosen yet
  TimeMs created_at = 0;
  TimeMs expires_at = 0;
};

struct FailureQuery {
  std::string reason;  // bounce reason (userunknown, mailboxfull...) or event type; empty = any
  std::string domain;  // recipient domain, lowercase; empty = any
  std::optional<domain::Channel> channel;
  int limit = 50;
  std::optional<std::int64_t> before_seq;
};

struct FailureRow {
  MessageRow message;
  std::string reason;     // the latest failure's reason
  std::string recipient;  // the recipient it concerns
  TimeMs failed_at = 0;
};

// Counters kept per store and UTC day: kind "channel" (key email/sms: messages created),
// "stage" (sent/delivered/opened/clicked: messages reaching it), "fail" (key: reason).
struct DailyCount {
  std::int64_t day = 0;  // days since the epoch
  std::string key;
  std::int64_t n = 0;
};

// An order event that left a channel without a message, with why (contract §4).
struct SkippedEvent {
  std::string event_id;
  std::string type;
  TimeMs received_at = 0;
  std::vector<Skipped> skipped;
};

class UiStorage {
 public:
  virtual ~UiStorage() = default;

  // Throws Error(conflict) when the email is taken.
  virtual UserRecord create_user(const std::string& email, const std::string& password_hash,
                                 TimeMs now) = 0;
  virtual std::optional<UserRecord> find_user(const std::string& email) = 0;

  virtual void create_session(const SessionRecord& s) = 0;
  // The unexpired session with this token hash. Expired ones are removed by create_session.
  virtual std::optional<SessionRecord> find_session(const std::string& token_hash, TimeMs now) = 0;
  virtual void set_session_store(const std::string& token_hash, StoreId store) = 0;
  virtual void delete_session(const std::string& token_hash) = 0;

  virtual std::vector<TemplateRecord> all_templates(StoreId store) = 0;

  virtual std::vector<FailureRow> find_failures(StoreId store, const FailureQuery& q) = 0;
  virtual std::vector<std::string> failure_reasons(StoreId store) = 0;
  virtual std::vector<DailyCount> daily_counts(StoreId store, const std::string& kind,
                                               std::int64_t since_day) = 0;
  // The order's events that skipped a channel, newest first, at most `limit`.
  virtual std::vector<SkippedEvent> skipped_events(StoreId store, const std::string& order_id,
                                                   int limit) = 0;
};

}  // namespace herald::store
