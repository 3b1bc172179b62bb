#pragma once
// SQLite implementation of UiStorage: its own connections to the same database file as
// SqliteStorage (page traffic is light; sessions are the only writes).
#include <memory>
#include <mutex>
#include <vector>

#include "store/sqlite/sqlite_db.h"
#include "store/ui_storage.h"

namespace herald::store::sqlite {

class SqliteUiStorage final : public UiStorage {
 public:
  explicit SqliteUiStorage(const std::string& path);

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
  template <typename Fn>
  auto with_db(Fn&& fn) {
    std::lock_guard lock(mutex_);
    return fn(*db_);
  }
  std::mutex mutex_;
  std::unique_ptr<Db> db_;
};

}  // namespace herald::store::sqlite
