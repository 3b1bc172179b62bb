#pragma once
// Shared by the free-text reader: where failed addresses sit and how the words about each are
// gathered.
#include <string>
#include <string_view>
#include <vector>

#include "bounce/found.h"

namespace herald::bounce {

struct Anchor {
  std::size_t line = 0;  // index into the report's lines; lines.size() when not in the text
  std::string address;
  std::string head;         // what the anchor line itself says after the address
  bool transcript = false;  // a Sendmail "550 <a@b>... words" line
};

// The lines of a forwarded report lose their "> " quoting (views into the same text).
std::vector<std::string_view> unquote_lines(std::vector<std::string_view> lines);

// "----- Transcript of session follows -----", "=====", "********" and the like.
bool is_separator(std::string_view line);

// The SMTP command an error answered, from the usual phrases ("after RCPT TO", "in reply to
// end of DATA command", ">>> DATA"): "MAIL", "RCPT", "DATA", "CONN" or empty.
std::string smtp_command_in(std::string_view text);

// One Found per distinct address, with the words of its block(s).
std::vector<Found> collect_found(const std::vector<std::string_view>& lines,
                                 const std::vector<Anchor>& anchors);

}  // namespace herald::bounce
