#pragma once
// The SQLite schema's migrations, in two lists by age (each file stays small); sqlite_schema.cpp
// applies them.
#include <vector>

namespace herald::store::sqlite {

struct Migration {
  int version;
  const char* sql;
};

// Versioned migrations, applied in version order, each in its own transaction, each once.
// Never edit a released step: add a new one. Versions need not be contiguous, so work on
// separate features can reserve its own numbers.
std::vector<Migration> founding_migrations();  // 1-3: the log, reports, orders and campaigns
std::vector<Migration> later_migrations();     // 4 on: the pages, and what came after

}  // namespace herald::store::sqlite
