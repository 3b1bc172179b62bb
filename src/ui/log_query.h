#pragma once
// Reading a log page's filters from its URL, and the keyset pager links.
#include <map>
#include <string>

#include "store/records.h"
#include "ui/page.h"

namespace herald::ui {

struct LogFilters {
  store::MessageQuery query;
  std::map<std::string, std::string> values;  // the filters as given, for the form and links
  std::string error;                          // a filter that could not be read, in words
};

// Reads the named filters (number, to, from, subject, type, order, status, since, until)
// plus before / after / limit. Bad values do not throw: they are reported in `error`.
LogFilters read_log_filters(const http::Request& req, const store::StoreRecord& store,
                            const std::vector<std::string>& names);

// {"older": url or "", "newer": url or "", "newest": url or ""} for a page of rows.
nlohmann::json pager_links(const std::string& path, const LogFilters& f, bool full_page,
                           std::int64_t first_seq, std::int64_t last_seq);

std::optional<std::int64_t> parse_seq(const std::string& s);

nlohmann::json status_options(const std::string& selected);

}  // namespace herald::ui
