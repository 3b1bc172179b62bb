#include "delivery/smtp_dialog.h"

#include <array>
#include <cctype>

namespace herald::delivery {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

std::string_view strip_eol(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  return line;
}

}  // namespace

void SmtpDialog::on_received(std::string_view bytes) {
  pending_.append(bytes);
  std::size_t start = 0;
  for (auto nl = pending_.find('\n'); nl != std::string::npos; nl = pending_.find('\n', start)) {
    on_line(strip_eol(std::string_view(pending_).substr(start, nl - start)));
    start = nl + 1;
  }
  pending_.erase(0, start);
}

void SmtpDialog::on_line(std::string_view line) {
  const bool coded = line.size() >= 3 && is_digit(line[0]) && is_digit(line[1]) &&
                     is_digit(line[2]) && (line.size() == 3 || line[3] == ' ' || line[3] == '-');
  if (!in_reply_) {
    current_ = SmtpReply{};
    current_.code = coded ? (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0') : 0;
    current_.command = last_command_;
    in_reply_ = true;
  } else {
    current_.text += "\r\n";
  }
  current_.text += line;
  if (!coded || line.size() == 3 || line[3] == ' ') {
    replies_.push_back(std::move(current_));
    in_reply_ = false;
  }
}

void SmtpDialog::on_sent(std::string_view bytes) {
  static constexpr std::array<std::string_view, 12> kVerbs{"EHLO", "HELO", "STARTTLS", "AUTH",
                                                           "MAIL", "RCPT", "DATA",     "BDAT",
                                                           "RSET", "QUIT", "VRFY",     "NOOP"};
  std::string verb;
  for (char c : bytes) {
    if (!std::isalpha(static_cast<unsigned char>(c))) break;
    verb += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  for (auto known : kVerbs)
    if (verb == known) last_command_ = verb;
}

void SmtpDialog::clear() {
  pending_.clear();
  in_reply_ = false;
  last_command_.clear();
  replies_.clear();
}

std::optional<SmtpReply> SmtpDialog::last_reply() const {
  for (auto it = replies_.rbegin(); it != replies_.rend(); ++it)
    if (it->command != "QUIT") return *it;
  return std::nullopt;
}

}  // namespace herald::delivery
