#pragma once
// The PostgreSQL schema's migrations, in two lists (each file stays small): pg_schema.cpp holds
// the first ones, later_migrations() those from 7 on; pg_schema.cpp applies both. Never edit a
// released step: add a new one. Versions need not be contiguous.
#include <vector>

namespace herald::store::postgres {

struct Migration {
  int version;
  const char* sql;
};

std::vector<Migration> later_migrations();

}  // namespace herald::store::postgres
