// From what a report says about one recipient to a reason class, a status and hard/soft.
#include "bounce/classify.h"

#include "common/ascii.h"
#include "domain/phrase_index.h"
#include "domain/reasons.h"
#include "domain/reply_reading.h"

namespace herald::bounce {

namespace {

constexpr std::size_t kMaxDiagnostic = 1000;

int reply_code_number(std::string_view code) {
  int n = 0;
  for (char c : code.substr(0, 3)) n = ascii_is_digit(c) ? n * 10 + (c - '0') : 0;
  return n;
}

}  // namespace

const std::string& ReportContext::lower_text() const {
  if (!lowered_) lower_ = to_lower(text_);
  lowered_ = true;
  return lower_;
}

const domain::ReasonSet& ReportContext::reasons() const {
  if (!read_) reasons_ = domain::reasons_in(lower_text());
  read_ = true;
  return reasons_;
}

BounceRecipient classify(const Found& found, const ReportContext& context) {
  BounceRecipient out;
  out.address = found.address;
  out.original_address = found.original_address;
  out.reply_code = found.reply_code;
  out.status = found.status;
  out.feedback_type = found.feedback_type;
  out.diagnostic = squeeze_spaces(found.diagnostic);
  if (out.diagnostic.size() > kMaxDiagnostic) {  // a block that ran into a quoted message
    std::size_t cut = kMaxDiagnostic;
    while (cut > 0 && (static_cast<unsigned char>(out.diagnostic[cut]) & 0xC0) == 0x80) --cut;
    out.diagnostic.resize(cut);
  }

  // The reply is read by the one procedure send time and provider callbacks use; the report
  // adds what only it knows.
  const std::string diag = domain::reply_words(found.diagnostic);
  const domain::ReportFacts report{found.address_status, found.about_sender, found.sole, &context};
  domain::Reply reply{diag, found.status, reply_code_number(found.reply_code),
                      domain::smtp_command_from_verb(found.command)};
  std::string reason = found.reason;
  if (reason.empty() && (found.status.starts_with("2.") || found.action == "delivered" ||
                         found.action == "relayed" || found.action == "expanded"))
    reason = "delivered";
  if (reason.empty()) reason = domain::read_reply(reply, report);
  // Nothing about this recipient in particular: the command it failed at, then the report.
  // "Diagnostic-Code: X-Unix; 71": the exit code of a local delivery program.
  if (reason.empty() && found.diagnostic_type == "x-unix") reason = "mailererror";
  if (reason.empty()) {
    reply.words = context.lower_text();
    reason = domain::read_reply(reply, report);
  }
  if (reason.empty() && found.action == "delayed") reason = "expired";
  if (reason.empty()) reason = diag.empty() ? "undefined" : "onhold";
  const bool temporary_failure = found.status.starts_with("4") ||
                                 found.reply_code.starts_with("4") || found.action == "delayed";
  out.reason = domain::for_temporary_failure(reason, temporary_failure);

  if (out.status.empty()) {
    // Words of a temporary failure: "temporary", "persistent", "retry", "have been failing".
    const bool temporary = found.reply_code.starts_with("4") ||
                           (found.reply_code.empty() &&
                            (contains_ci(diag, "temporar") || contains_ci(diag, "persistent") ||
                             contains_ci(diag, "retry") || contains_ci(diag, "been failing")));
    out.status = domain::pseudo_status(out.reason, temporary);
  }
  out.hard_bounce = domain::is_hard_reason(
      out.reason, out.status.starts_with("4") || out.reply_code.starts_with("4"));
  return out;
}

}  // namespace herald::bounce
