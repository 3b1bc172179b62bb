#pragma once
// A real PostgreSQL 15 for the storage tests: one server per test run (started by ctest's
// postgres fixture, or by the first test that needs it when the binary runs alone), and a
// fresh empty database for each test. A server that cannot start fails the test, never skips it.
#include <string>
#include <vector>

namespace herald::testing {

// The URL of a new, empty database on the test server.
std::string fresh_postgres_database();

// Runs `sql` (statements without parameters) on the database at `url`, over a connection of its
// own; the last statement's rows, each value as text. Throws when a statement fails.
std::vector<std::vector<std::string>> postgres_rows(const std::string& url, const std::string& sql);

}  // namespace herald::testing
