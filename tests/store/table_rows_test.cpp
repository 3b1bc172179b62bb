#include "store/table_rows.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "common/error.h"
#include "store/backends.h"
#include "store/open_storage.h"
#include "store/open_table_rows.h"

namespace herald::store {
namespace {

Cell integer(std::int64_t v) {
  return {Cell::Kind::integer, v};
}
Cell text(std::string v) {
  return {Cell::Kind::text, 0, 0, std::move(v)};
}

bool same(const Row& a, const Row& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].kind != b[i].kind || a[i].integer != b[i].integer || a[i].real != b[i].real ||
        a[i].bytes != b[i].bytes)
      return false;
  }
  return true;
}

struct TableRowsTest : ::testing::TestWithParam<testing::Backend> {
  testing::BackendDatabase database{GetParam()};

  std::unique_ptr<TableRows> target() {
    auto rows = open_table_rows(database.url(), TableRowsRole::target);
    rows->migrate();
    return rows;
  }

  static TableShape shape(TableRows& rows, const std::string& name) {
    const auto all = rows.tables();
    const auto it =
        std::find_if(all.begin(), all.end(), [&](const TableShape& t) { return t.name == name; });
    EXPECT_NE(it, all.end()) << name;
    return it == all.end() ? TableShape{name} : *it;
  }

  std::vector<Row> read_all(const std::string& table, const std::vector<std::string>& columns) {
    auto source = open_table_rows(database.url(), TableRowsRole::source);
    source->begin_reading();
    auto reader = source->read(shape(*source, table), columns);
    std::vector<Row> rows;
    for (Row r; reader->next(r);) rows.push_back(r);
    return rows;
  }
};

TEST_P(TableRowsTest, TheTablesAreTheRowsNotTheBookkeepingNorWhatIsDerived) {
  auto rows = target();
  EXPECT_EQ(rows->schema_version(), rows->current_schema_version());
  std::vector<std::string> names;
  for (const auto& t : rows->tables()) names.push_back(t.name);
  for (const char* want : {"stores", "messages", "message_events", "queue", "campaign_sends",
                           "users", "sessions", "server_settings"})
    EXPECT_NE(std::find(names.begin(), names.end(), want), names.end()) << want;
  for (const auto& n : names) {
    EXPECT_NE(n, "schema_migrations");
    EXPECT_EQ(n.find("message_subjects"), std::string::npos) << n;
  }
  const auto messages = shape(*rows, "messages");
  EXPECT_EQ(std::count(messages.columns.begin(), messages.columns.end(), "subject_words"), 0);
  EXPECT_EQ(messages.key, std::vector<std::string>{"id"});
  const auto events = shape(*rows, "message_events");
  EXPECT_EQ(events.references, std::vector<std::string>{"messages"});
  EXPECT_EQ(shape(*rows, "templates").key,
            (std::vector<std::string>{"store_id", "key", "channel", "locale"}));
}

TEST_P(TableRowsTest, RowsWrittenAreReadBackExactlyAndNewIdsComeAfterThem) {
  const std::vector<std::string> columns{"id", "slug", "api_key_hash", "name", "created_at"};
  const std::vector<Row> written{
      {integer(7), text("nord"), text("h1"), text("Nørd 🚚 \"quoted\"\n'x'"), integer(1)},
      {integer(41), text("sør"), text("h2"), text(""), integer(-5)},
  };
  {
    auto rows = target();
    const auto stores = shape(*rows, "stores");
    rows->begin_writing();
    rows->write(stores, columns, written);
    rows->finish_writing();
    EXPECT_EQ(rows->count("stores"), 2);
  }
  const auto back = read_all("stores", columns);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_TRUE(same(back[0], written[0]));
  EXPECT_TRUE(same(back[1], written[1]));

  auto opened = open_storage(database.url());
  EXPECT_GT(opened.storage().create_store("new", "h3", "", {}, 1).id, 41);
}

TEST_P(TableRowsTest, NothingStaysOfAWriteThatDidNotFinish) {
  {
    auto rows = target();
    rows->begin_writing();
    rows->write(shape(*rows, "server_settings"), {"key", "value"}, {{text("k"), text("v")}});
  }
  auto rows = open_table_rows(database.url(), TableRowsRole::source);
  EXPECT_EQ(rows->count("server_settings"), 0);
}

TEST_P(TableRowsTest, TextThatIsNotUtf8KeepsItsBytesOrStopsTheWrite) {
  const std::vector<std::string> columns{"id", "received_at", "source", "summary", "raw"};
  const std::vector<Row> written{
      {integer(1), integer(5), text("mta"), text("8-bit"), text("Subject: \xe6\xf8\xe5\r\n")}};
  auto rows = target();
  const auto bounces = shape(*rows, "unmatched_bounces");
  rows->begin_writing();
  if (GetParam() == testing::Backend::postgresql) {
    // PostgreSQL's text holds UTF-8 only: the copy stops rather than change a byte.
    EXPECT_THROW(rows->write(bounces, columns, written), Error);
    return;
  }
  rows->write(bounces, columns, written);
  rows->finish_writing();
  rows.reset();
  const auto back = read_all("unmatched_bounces", columns);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_TRUE(same(back[0], written[0]));
}

TEST_P(TableRowsTest, ASourceWithoutMigrationsSaysSo) {
  auto rows = open_table_rows(database.url(), TableRowsRole::target);
  EXPECT_EQ(rows->schema_version(), 0);
  EXPECT_TRUE(rows->tables().empty());
}

HERALD_ON_EVERY_BACKEND(TableRowsTest);

}  // namespace
}  // namespace herald::store
