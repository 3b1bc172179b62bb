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

TEST_P(TableRowsTest, ARawReportKeepsItsBytesAndOtherTextIsUtf8WhereOnlyUtf8Fits) {
  const std::vector<std::string> columns{"id", "received_at", "source", "summary", "raw"};
  const std::string raw = std::string("Subject: \xe6\xf8\xe5\r\n\r\n\xff") + '\0' + "end";
  Cell as_blob{Cell::Kind::blob, 0, 0, raw};
  const std::vector<Row> written{
      {integer(1), integer(5), text("mta"), text("8-bit \xe6"), text(raw)},
      {integer(2), integer(6), text("mta"), text("{}"), as_blob}};
  auto rows = target();
  rows->begin_writing();
  rows->write(shape(*rows, "unmatched_bounces"), columns, written);
  rows->finish_writing();
  const auto reencoded = rows->reencoded();
  rows.reset();
  const auto back = read_all("unmatched_bounces", columns);
  ASSERT_EQ(back.size(), 2u);
  // The raw report: bytes as they came, text on SQLite (a blob from PostgreSQL's bytea too).
  const auto raw_kind =
      GetParam() == testing::Backend::postgresql ? Cell::Kind::blob : Cell::Kind::text;
  for (const auto& row : back) {
    EXPECT_EQ(row[4].bytes, raw);
    EXPECT_EQ(row[4].kind, raw_kind);
  }
  if (GetParam() == testing::Backend::postgresql) {
    // Other text must be UTF-8 there: read as Windows-1252, and counted.
    EXPECT_EQ(back[0][3].bytes, "8-bit \xc3\xa6");
    EXPECT_EQ(reencoded, (std::map<std::string, std::int64_t>{{"unmatched_bounces.summary", 1}}));
  } else {
    EXPECT_EQ(back[0][3].bytes, "8-bit \xe6");
    EXPECT_TRUE(reencoded.empty());
  }
}

TEST_P(TableRowsTest, ASourceWithoutMigrationsSaysSo) {
  auto rows = open_table_rows(database.url(), TableRowsRole::target);
  EXPECT_EQ(rows->schema_version(), 0);
  EXPECT_TRUE(rows->tables().empty());
}

HERALD_ON_EVERY_BACKEND(TableRowsTest);

}  // namespace
}  // namespace herald::store
