#include "support/postgres_fixture.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <stdexcept>

namespace herald::testing {

namespace {
const std::string kScript = std::string(HERALD_SOURCE_DIR) + "/tests/support/postgres_server.py";

std::string run_script(const std::string& action, const std::string& state_dir) {
  const std::string cmd =
      "/usr/bin/python3 " + kScript + " " + action + " --state-dir '" + state_dir + "' 2>&1";
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) throw std::runtime_error("cannot run " + cmd);
  char buf[512];
  while (fgets(buf, sizeof buf, p)) out += buf;
  const int rc = pclose(p);
  if (rc != 0) throw std::runtime_error("postgres test server: " + cmd + " failed:\n" + out);
  return out;
}

std::string read_url(const std::string& state_dir) {
  std::ifstream in(state_dir + "/url");
  std::string url;
  if (!(in >> url) || url.empty())
    throw std::runtime_error("postgres test server: no url in " + state_dir +
                             "/url (did the postgres_start fixture fail?)");
  return url;
}

// The server's admin URL (database "postgres").
std::string server_url() {
  static std::once_flag once;
  static std::string url;
  static std::string own_state;
  std::call_once(once, [] {
    if (const char* state = std::getenv("HERALD_TEST_POSTGRES_STATE"); state && *state) {
      url = read_url(state);
      return;
    }
    own_state =
        (std::filesystem::temp_directory_path() / ("herald-unit-pg-" + std::to_string(getpid())))
            .string();
    run_script("start", own_state);
    url = read_url(own_state);
    std::atexit([] {
      try {
        run_script("stop", own_state);
        std::filesystem::remove_all(own_state);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
      }
    });
  });
  return url;
}
}  // namespace

std::string fresh_postgres_database() {
  static std::atomic<int> counter{0};
  const std::string admin = server_url();
  const std::string name =
      "t_" + std::to_string(getpid()) + "_" + std::to_string(counter.fetch_add(1));
  PGconn* conn = PQconnectdb(admin.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string err = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("postgres test server: cannot connect to " + admin + ": " + err);
  }
  PGresult* res = PQexec(conn, ("CREATE DATABASE " + name).c_str());
  const bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  std::string err = ok ? "" : PQerrorMessage(conn);
  PQclear(res);
  PQfinish(conn);
  if (!ok) throw std::runtime_error("postgres test server: CREATE DATABASE " + name + ": " + err);
  return admin.substr(0, admin.rfind('/') + 1) + name;
}

std::vector<std::vector<std::string>> postgres_rows(const std::string& url,
                                                    const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string err = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("postgres test server: cannot connect to " + url + ": " + err);
  }
  PGresult* res = PQexec(conn, sql.c_str());
  const auto status = PQresultStatus(res);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    std::string err = PQerrorMessage(conn);
    PQclear(res);
    PQfinish(conn);
    throw std::runtime_error("postgres test server: " + sql + ": " + err);
  }
  std::vector<std::vector<std::string>> rows(static_cast<size_t>(PQntuples(res)));
  for (int r = 0; r < PQntuples(res); ++r)
    for (int c = 0; c < PQnfields(res); ++c)
      rows[static_cast<size_t>(r)].emplace_back(PQgetvalue(res, r, c));
  PQclear(res);
  PQfinish(conn);
  return rows;
}

}  // namespace herald::testing
