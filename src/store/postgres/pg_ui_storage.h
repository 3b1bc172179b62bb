#pragma once
// PostgreSQL implementation of UiStorage, on the backend's pool.
#include <memory>

#include "store/postgres/pg_pool.h"
#include "store/ui_storage.h"

namespace herald::store::postgres {

class PgUiStorage final : public UiStorage {
 public:
  explicit PgUiStorage(std::shared_ptr<Pool> pool) : pool_(std::move(pool)) {}

  UserRecord create_user(const std::string& email, const std::string& password_hash,
                         TimeMs now) override;
  std::optional<UserRecord> find_user(const std::string& email) override;
  void create_session(const SessionRecord& s) override;
  std::optional<SessionRecord> find_session(const std::string& token_hash, TimeMs now) override;
  void set_session_store(const std::string& token_hash, StoreId store) override;
  void delete_session(const std::string& token_hash) override;
  std::vector<TemplateRecord> all_templates(StoreId store) override;
  std::vector<FailureRow> find_failures(StoreId store, const FailureQuery& q) override;
  std::vector<std::string> failure_reasons(StoreId store) override;
  std::vector<DailyCount> daily_counts(StoreId store, const std::string& kind,
                                       std::int64_t since_day) override;
  std::vector<SkippedEvent> skipped_events(StoreId store, const std::string& order_id,
                                           int limit) override;

 private:
  std::shared_ptr<Pool> pool_;
};

}  // namespace herald::store::postgres
