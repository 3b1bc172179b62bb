#include "ui/timeline.h"

#include "ui/page.h"

namespace herald::ui {

std::string timeline_html(const std::vector<store::TimelineEvent>& events) {
  std::string out = "<ol class=\"steps\">";
  for (const auto& e : events) {
    out += "<li><span class=\"time\">" + html_escape(format_time(e.at)) + "</span> <b>" +
           html_escape(e.type) + "</b>";
    std::string words = e.description;
    if (words.empty()) words = domain::describe_reason(e.reason);
    if (!words.empty()) out += ": " + html_escape(words);
    std::string codes;
    if (e.smtp_code) codes = std::to_string(e.smtp_code);
    if (!e.enhanced_code.empty()) codes += (codes.empty() ? "" : " ") + e.enhanced_code;
    if (!codes.empty()) out += " <code>" + html_escape(codes) + "</code>";
    if (!e.detail.empty()) out += "<br><small>" + html_escape(e.detail) + "</small>";
    if (!e.node.empty()) out += " <small class=\"node\">node " + html_escape(e.node) + "</small>";
    out += "</li>";
  }
  return out + "</ol>";
}

std::string timeline_button(const std::string& message_id,
                            const std::vector<store::TimelineEvent>& events) {
  return "<details class=\"timeline\" data-id=\"" + html_escape(message_id) +
         "\"><summary title=\"Timeline\" aria-label=\"Timeline of " + html_escape(message_id) +
         "\">i</summary>" + timeline_html(events) + "</details>";
}

}  // namespace herald::ui
