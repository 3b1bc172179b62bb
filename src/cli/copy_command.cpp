// herald copy --from URL --to URL: every row of one database into an empty one, on either
// backend (contract §11 "Moving house"; the decisions are in docs/CONTRACT.md).
#include <algorithm>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "common/error.h"
#include "store/open_table_rows.h"

namespace herald::cli {

namespace {
// A batch is written when it holds this many rows or bytes: memory does not grow with a table.
constexpr std::size_t kBatchRows = 500;
constexpr std::size_t kBatchBytes = 4u << 20;

// What the command's errors say: one line, never a database's multi-line message.
std::string one_line(std::string s) {
  std::replace(s.begin(), s.end(), '\n', ' ');
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

Error about(const char* what, const Error& e) {
  std::string message = std::string(what) + ": " + e.what();
  if (!e.detail().empty()) message += " (" + e.detail() + ")";
  return Error(e.code(), one_line(message), e.field());
}

// The queue's claims: a copy is made with the nodes stopped, and no node of the old database
// works on the new one, so a claimed message is released (due now, as a node releases its own
// claims when it starts). Only PostgreSQL names the claiming node.
bool is_claim_column(const std::string& table, const std::string& column) {
  return table == "queue" && (column == "leased_until" || column == "claimed_by");
}

struct TablePlan {
  const store::TableShape* shape;    // the target's table
  std::vector<std::string> columns;  // read from the source, written to the target
};

// Parents before children, so that every foreign key finds its row (PostgreSQL checks each
// insert); tables in a cycle, if any, come last in name order.
std::vector<TablePlan> in_reference_order(std::vector<TablePlan> plans) {
  std::vector<TablePlan> ordered;
  std::vector<bool> placed(plans.size(), false);
  auto is_planned = [&](const std::string& name) {
    return std::any_of(plans.begin(), plans.end(),
                       [&](const TablePlan& p) { return p.shape->name == name; });
  };
  auto is_placed = [&](const std::string& name) {
    return std::any_of(ordered.begin(), ordered.end(),
                       [&](const TablePlan& p) { return p.shape->name == name; });
  };
  for (bool progress = true; progress;) {
    progress = false;
    for (std::size_t i = 0; i < plans.size(); ++i) {
      if (placed[i]) continue;
      const auto& refs = plans[i].shape->references;
      if (std::all_of(refs.begin(), refs.end(), [&](const std::string& r) {
            return r == plans[i].shape->name || !is_planned(r) || is_placed(r);
          })) {
        ordered.push_back(plans[i]);
        placed[i] = progress = true;
      }
    }
  }
  for (std::size_t i = 0; i < plans.size(); ++i)
    if (!placed[i]) ordered.push_back(plans[i]);
  return ordered;
}

std::size_t size_of(const store::Row& row) {
  std::size_t n = 0;
  for (const auto& c : row) n += 16 + c.bytes.size();
  return n;
}

// Copies one table; returns its rows.
std::int64_t copy_table(store::TableRows& source, store::TableRows& target, const TablePlan& plan) {
  const auto& columns = plan.columns;
  auto index_of = [&](const char* name) {
    const auto it = std::find(columns.begin(), columns.end(), name);
    return it == columns.end() ? -1 : static_cast<int>(it - columns.begin());
  };
  const bool queue = plan.shape->name == "queue";
  const int leased_until = queue ? index_of("leased_until") : -1;
  const int due_at = queue ? index_of("due_at") : -1;
  const int claimed_by = queue ? index_of("claimed_by") : -1;

  auto reader = source.read(*plan.shape, columns);
  std::vector<store::Row> batch(kBatchRows);
  std::size_t rows = 0, bytes = 0;
  std::int64_t total = 0;
  auto flush = [&] {
    batch.resize(rows);
    target.write(*plan.shape, columns, batch);
    total += static_cast<std::int64_t>(rows);
    batch.resize(kBatchRows);
    rows = bytes = 0;
  };
  while (reader->next(batch[rows])) {
    auto& row = batch[rows];
    if (leased_until >= 0 && row[leased_until].integer > 0) {
      row[leased_until].integer = 0;
      if (due_at >= 0) row[due_at] = store::Cell{store::Cell::Kind::integer, 0};
      if (claimed_by >= 0) row[claimed_by] = store::Cell{store::Cell::Kind::text};
    }
    bytes += size_of(row);
    if (++rows == kBatchRows || bytes >= kBatchBytes) flush();
  }
  if (rows > 0) flush();
  return total;
}

std::unique_ptr<store::TableRows> open_side(const std::string& url, store::TableRowsRole role,
                                            const char* flag) {
  if (url.empty()) throw bad_request(std::string("copy: ") + flag + " URL is required", flag);
  try {
    return store::open_table_rows(url, role);
  } catch (const Error& e) {
    throw about(flag, e);
  }
}

void check_source_version(store::TableRows& source) {
  const int have = source.schema_version(), want = source.current_schema_version();
  const std::string versions = "schema version " + std::to_string(have) + ", this herald's " +
                               std::string(source.backend()) + " schema is version " +
                               std::to_string(want);
  if (have == 0)
    throw bad_request("--from: not a Herald database (it has no migrations)", "--from");
  if (have < want)
    throw bad_request("--from: the database is at " + versions +
                          ": run `herald migrate` on it first (copy never changes its source)",
                      "--from");
  if (have > want)
    throw bad_request(
        "--from: the database is at " + versions + ": copy it with the herald that wrote it",
        "--from");
}

// Fails, naming what it found, when the target holds any row: it is then left as it was.
void check_target_empty(store::TableRows& target) {
  std::string found;
  for (const auto& t : target.tables())
    if (const auto n = target.count(t.name); n > 0)
      found += (found.empty() ? "" : ", ") + t.name + " (" + std::to_string(n) + " rows)";
  if (!found.empty())
    throw bad_request("--to: the database is not empty: it has " + found +
                          "; copy only into an empty database (nothing was changed)",
                      "--to");
}

std::vector<TablePlan> plan_tables(const std::vector<store::TableShape>& source_tables,
                                   const std::vector<store::TableShape>& target_tables) {
  std::vector<TablePlan> plans;
  for (const auto& s : source_tables) {
    const auto t = std::find_if(target_tables.begin(), target_tables.end(),
                                [&](const store::TableShape& x) { return x.name == s.name; });
    if (t == target_tables.end())
      throw bad_request("--to has no table '" + s.name + "', which --from has", "--to");
    TablePlan plan{&*t, {}};
    for (const auto& c : s.columns) {
      if (std::find(t->columns.begin(), t->columns.end(), c) != t->columns.end())
        plan.columns.push_back(c);
      else if (!is_claim_column(s.name, c))
        throw bad_request(
            "--to's table '" + s.name + "' has no column '" + c + "', which --from's has", "--to");
    }
    plans.push_back(std::move(plan));
  }
  return in_reference_order(std::move(plans));
}
}  // namespace

int copy(const std::string& from, const std::string& to) {
  auto source = open_side(from, store::TableRowsRole::source, "--from");
  check_source_version(*source);
  auto target = open_side(to, store::TableRowsRole::target, "--to");
  try {
    check_target_empty(*target);
    target->migrate();
  } catch (const Error& e) {
    if (e.code() == ErrorCode::bad_request) throw;
    throw about("--to", e);
  }
  const auto source_tables = source->tables();
  const auto target_tables = target->tables();
  const auto plans = plan_tables(source_tables, target_tables);

  source->begin_reading();
  target->begin_writing();
  nlohmann::json counts = nlohmann::json::object();
  std::int64_t rows = 0;
  for (const auto& plan : plans) {
    try {
      const auto n = copy_table(*source, *target, plan);
      counts[plan.shape->name] = n;
      rows += n;
    } catch (const Error& e) {
      throw about(("copying table " + plan.shape->name + " (nothing was written to --to)").c_str(),
                  e);
    }
  }
  try {
    target->finish_writing();
  } catch (const Error& e) {
    throw about("--to: finishing the copy (nothing was written)", e);
  }
  std::cout << nlohmann::json{{"from", source->backend()},
                              {"to", target->backend()},
                              {"tables", counts},
                              {"rows", rows},
                              {"reencoded", target->reencoded()}}
                   .dump()
            << std::endl;
  return 0;
}

}  // namespace herald::cli
