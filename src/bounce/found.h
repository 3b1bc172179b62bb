#pragma once
// What the readers of each report layout find for one recipient, before classification.
#include <string>
#include <vector>

#include "bounce/mime_reader.h"

namespace herald::bounce {

struct Found {
  std::string address;
  std::string original_address;  // as BounceRecipient::original_address
  std::string status;            // stated by the report (DSN Status: field or in the text)
  std::string reply_code;        // stated SMTP reply code
  std::string diagnostic;        // the server's or MTA's words about this recipient
  std::string diagnostic_type;   // of a DSN Diagnostic-Code: "smtp", "x-unix", ...
  std::string status_comment;    // "Status: 4.0.0 (host name lookup failure)"
  std::string action;            // DSN Action: failed, delayed, delivered, relayed, expanded
  std::string command;           // SMTP command the error answered: MAIL, RCPT, DATA, CONN
  std::string reason;            // set only when the layout itself decides it (feedback, vacation)
  std::string feedback_type;
  bool temporary = false;       // the report says it will try again
  bool about_sender = false;    // the words name our sender, not the recipient
  bool sole = false;            // the only recipient of its report
  bool address_status = false;  // some part of the report gave an x.1.y (address) code
};

// RFC 3464 fields: one Found per Final-Recipient / Original-Recipient group.
std::vector<Found> read_dsn(std::string_view delivery_status);

// Free-text bounces of any MTA: the failed addresses and what was said about each.
// `returned_headers`: the header of the returned copy, whose To names the recipients of a
// failure reported per host.
std::vector<Found> read_text_bounce(const ReportParts& parts, std::string_view report_text,
                                    std::string_view returned_headers);

// ARF complaint reports (RFC 5965) and one-click unsubscribe requests; `returned_headers` is
// the header of the reported message. Empty when the report is neither.
std::vector<Found> read_feedback(const ReportParts& parts, std::string_view returned_headers);

// Notifications of Amazon SES sent through SNS (JSON in the body): bounce, complaint, delivery.
// `returned_headers` receives the original message's header fields the notification carries.
bool read_ses_notification(std::string_view text, std::vector<Found>& out,
                           std::string& returned_headers);

// Auto-replies (RFC 3834 and the usual out-of-office markers); the sender is the recipient.
bool read_auto_reply(const ReportParts& parts, std::vector<Found>& out);

// Whether the report looks like something a mail system sent about a failed delivery.
bool looks_like_bounce(const ReportParts& parts);

// The words of the SMTP reply code / enhanced status code inside `text`, or empty.
std::string find_reply_code(std::string_view text);
std::string find_status_code(std::string_view text, std::string_view reply_code);

}  // namespace herald::bounce
