#pragma once

// The first key of Herald's two-key advisory locks, one class per kind of lock, so a lock of
// one kind can never be taken for another whatever its second key (a hash or a number) is. The
// one-key lock that serialises migrations lives apart from these (pg_schema).
namespace herald::store::postgres {

inline constexpr int kJobLockClass = 7522;    // once-per-cluster jobs, by the hash of the name
inline constexpr int kTaskLockClass = 7523;   // tasks that run once at a time, by name hash
inline constexpr int kShardLockClass = 7524;  // a connection's daily-counts shard, by number

}  // namespace herald::store::postgres
