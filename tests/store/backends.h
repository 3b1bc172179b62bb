#pragma once
// The storage conformance suite runs every store test against each backend: SQLite in a temp
// dir, and a fresh database on the real PostgreSQL 15 the test run started
// (support/postgres_fixture.h).
#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "support/postgres_fixture.h"
#include "support/temp_dir.h"

namespace herald::testing {

enum class Backend { sqlite, postgresql };

inline std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::sqlite ? "sqlite" : "postgresql";
}

// Names the backend in test listings (ctest's test names) instead of its bytes.
inline void PrintTo(Backend b, std::ostream* os) {
  *os << (b == Backend::sqlite ? "sqlite" : "postgresql");
}

// The URL of an empty database of the backend, living as long as this object.
class BackendDatabase {
 public:
  explicit BackendDatabase(Backend b)
      : url_(b == Backend::sqlite ? "sqlite://" + dir_.file("h.db") : fresh_postgres_database()) {}
  const std::string& url() const { return url_; }

 private:
  TempDir dir_;
  std::string url_;
};

}  // namespace herald::testing

// Every backend, for a suite whose tests every backend passes.
#define HERALD_ON_EVERY_BACKEND(Suite)                                                \
  INSTANTIATE_TEST_SUITE_P(Backends, Suite,                                           \
                           ::testing::Values(::herald::testing::Backend::sqlite,      \
                                             ::herald::testing::Backend::postgresql), \
                           ::herald::testing::backend_name)
