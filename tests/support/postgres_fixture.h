#pragma once
// A real PostgreSQL 15 for the storage tests: one server per test run (started by ctest's
// postgres fixture, or by the first test that needs it when the binary runs alone), and a
// fresh empty database for each test. A server that cannot start fails the test, never skips it.
#include <string>

namespace herald::testing {

// The URL of a new, empty database on the test server.
std::string fresh_postgres_database();

}  // namespace herald::testing
