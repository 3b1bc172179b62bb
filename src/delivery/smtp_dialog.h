#pragma once
// The SMTP conversation of one libcurl transfer, rebuilt from its debug stream: which command
// was sent last, and every server reply in full (multi-line replies joined).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace herald::delivery {

struct SmtpReply {
  int code = 0;
  std::string text;     // all lines as received, CRLF between lines, e.g. "550 5.1.1 <x>: ..."
  std::string command;  // verb of the command it answers ("RCPT", "DATA", ...); "" = greeting
};

class SmtpDialog {
 public:
  // CURLINFO_HEADER_IN: server lines, in pieces of any size.
  void on_received(std::string_view bytes);
  // CURLINFO_HEADER_OUT: commands sent. Only the verb is kept (AUTH carries credentials).
  void on_sent(std::string_view bytes);
  void clear();

  const std::vector<SmtpReply>& replies() const { return replies_; }
  // Nothing received and nothing sent yet: a new connection still waits for its greeting.
  bool awaiting_greeting() const { return replies_.empty() && !in_reply_ && last_command_.empty(); }
  // The last reply that matters: libcurl's QUIT when it drops a failed session is skipped.
  std::optional<SmtpReply> last_reply() const;

 private:
  void on_line(std::string_view line);

  std::string pending_;  // an incomplete line
  SmtpReply current_;    // a multi-line reply in progress
  bool in_reply_ = false;
  std::string last_command_;
  std::vector<SmtpReply> replies_;
};

}  // namespace herald::delivery
