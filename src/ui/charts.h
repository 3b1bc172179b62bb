#pragma once
// Charts drawn on the server as inline SVG (no script, no library). Labels are escaped.
#include <string>
#include <vector>

namespace herald::ui {

struct Series {
  std::string name;               // CSS class too: "email", "sms"
  std::vector<long long> values;  // one per label
};

// Stacked columns, one per label (e.g. day), series stacked in order.
std::string svg_columns(const std::vector<std::string>& labels, const std::vector<Series>& series,
                        const std::string& title);

struct Bar {
  std::string label;
  long long value = 0;
};

// Horizontal bars with their values (funnel, top reasons); css_class colours them.
std::string svg_bars(const std::vector<Bar>& bars, const std::string& css_class,
                     const std::string& title);

}  // namespace herald::ui
