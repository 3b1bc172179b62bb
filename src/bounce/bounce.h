#pragma once
// Bounce parsing (contract §6): what a delivery-status notification, complaint report (ARF) or
// auto-reply says about the messages we sent. Reasons use the vocabulary of
// corpus/bounces/README.md (userunknown, mailboxfull, feedback, vacation, ...).
#include <string>
#include <string_view>
#include <vector>

namespace herald::bounce {

struct BounceRecipient {
  std::string address;
  std::string status;      // RFC 3463 code ("5.1.1"); empty when the report gives none
  std::string reply_code;  // SMTP reply code ("550"); empty when the report gives none
  std::string reason;      // reason class
  bool hard_bounce = false;
  std::string feedback_type;  // complaint reports only: abuse, opt-out, auth-failure, ...
  std::string diagnostic;     // the receiving server's words, one line
  // The address the sender gave, where the report names another (RFC 3464 Original-Recipient:
  // the receiving side rewrote an alias or forwarded the mail); empty otherwise.
  std::string original_address;
};

struct BounceReport {
  bool is_bounce = false;
  std::vector<BounceRecipient> recipients;
  // What a matcher needs to find the message this report is about. All taken from the
  // returned copy of our message (or its headers), empty when the report returned none.
  std::string original_message_id;  // without angle brackets
  std::string original_return_path;
  std::string original_from;
  std::string original_subject;
  std::vector<std::string> original_x_herald_message_ids;
  // The address the report was delivered to (Delivered-To / X-Original-To / To of the report
  // itself): our VERP return path when the message was sent with one.
  std::string report_to;
};

// Never throws for bad input: a message that is not a report gives is_bounce=false.
BounceReport parse_bounce(std::string_view raw_message);

// Builds what parsing builds once per process (the phrase automaton, GMime's tables), so worker
// processes forked afterwards share it instead of each building its own. Optional.
void prepare_bounce_parsing();

// One JSON object on one line, contract §6:
// {"file":…,"is_bounce":…,"recipients":[{"address","status","reply_code","reason",
//  "hard_bounce","feedback_type","diagnostic"}]}
std::string bounce_json_line(std::string_view file, const BounceReport& report);

}  // namespace herald::bounce
