#include "ui/charts.h"

#include <algorithm>

#include "ui/page.h"

namespace herald::ui {

namespace {
std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}
}  // namespace

std::string svg_columns(const std::vector<std::string>& labels, const std::vector<Series>& series,
                        const std::string& title) {
  const double width = 360, height = 170, left = 28, bottom = 18, top = 8;
  long long max = 1;
  for (size_t i = 0; i < labels.size(); ++i) {
    long long sum = 0;
    for (const auto& s : series) sum += i < s.values.size() ? s.values[i] : 0;
    max = std::max(max, sum);
  }
  const double plot_h = height - bottom - top;
  const double step = labels.empty() ? 0 : (width - left) / static_cast<double>(labels.size());
  std::string out = "<svg viewBox=\"0 0 360 170\" role=\"img\" aria-label=\"" + html_escape(title) +
                    "\"><title>" + html_escape(title) + "</title>";
  out += "<text x=\"0\" y=\"" + num(top + 10) + "\">" + std::to_string(max) + "</text>";
  out += "<text x=\"0\" y=\"" + num(height - bottom) + "\">0</text>";
  out += "<line x1=\"" + num(left) + "\" y1=\"" + num(height - bottom) + "\" x2=\"360\" y2=\"" +
         num(height - bottom) + "\" stroke=\"#b9c2cf\"/>";
  for (size_t i = 0; i < labels.size(); ++i) {
    double y = height - bottom;
    const double x = left + step * static_cast<double>(i) + step * 0.1;
    for (const auto& s : series) {
      const long long v = i < s.values.size() ? s.values[i] : 0;
      if (v <= 0) continue;
      const double h = plot_h * static_cast<double>(v) / static_cast<double>(max);
      y -= h;
      out += "<rect class=\"bar " + html_escape(s.name) + "\" x=\"" + num(x) + "\" y=\"" + num(y) +
             "\" width=\"" + num(step * 0.8) + "\" height=\"" + num(h) + "\"><title>" +
             html_escape(labels[i] + " " + s.name + ": " + std::to_string(v)) + "</title></rect>";
    }
    if ((labels.size() - 1 - i) % 7 == 0) {  // every week, ending on the last day
      const bool last = i + 1 == labels.size();
      out += "<text x=\"" + num(last ? x + step * 0.8 : x) + "\" y=\"" + num(height - 5) + "\"" +
             (last ? " text-anchor=\"end\"" : "") + ">" + html_escape(labels[i]) + "</text>";
    }
  }
  return out + "</svg>";
}

std::string svg_bars(const std::vector<Bar>& bars, const std::string& css_class,
                     const std::string& title) {
  const double row = 22, label_w = 170, width = 360;
  long long max = 1;
  for (const auto& b : bars) max = std::max(max, b.value);
  const double height = std::max(row, row * static_cast<double>(bars.size()));
  std::string out = "<svg viewBox=\"0 0 360 " + num(height) + "\" role=\"img\" aria-label=\"" +
                    html_escape(title) + "\"><title>" + html_escape(title) + "</title>";
  for (size_t i = 0; i < bars.size(); ++i) {
    const double y = row * static_cast<double>(i);
    const double w =
        (width - label_w - 40) * static_cast<double>(bars[i].value) / static_cast<double>(max);
    std::string label = bars[i].label;
    if (label.size() > 32) {  // cut at a character boundary
      size_t cut = 31;
      while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80) --cut;
      label = label.substr(0, cut) + "…";
    }
    out += "<text x=\"0\" y=\"" + num(y + 15) + "\"><title>" + html_escape(bars[i].label) +
           "</title>" + html_escape(label) + "</text>";
    out += "<rect class=\"bar " + html_escape(css_class) + "\" x=\"" + num(label_w) + "\" y=\"" +
           num(y + 4) + "\" width=\"" + num(w) + "\" height=\"" + num(row - 8) + "\"/>";
    out += "<text x=\"" + num(label_w + w + 6) + "\" y=\"" + num(y + 15) + "\">" +
           std::to_string(bars[i].value) + "</text>";
  }
  return out + "</svg>";
}

}  // namespace herald::ui
