#pragma once
// The one procedure that reads an SMTP reply into a reason class (domain/reasons.h): its
// enhanced status code, its words and the SMTP command it answered. Send time (delivery), bounce
// reports (bounce) and provider callbacks (tracking) all call it, so one reply gets one reason,
// and one hard/soft verdict, whichever way it reached us.
#include <string>
#include <string_view>

#include "domain/phrase_index.h"

namespace herald::domain {

// The SMTP command a reply answered. A server that refuses the connection or our sender has
// not looked at the recipient; "user unknown" after DATA is a filter's verdict.
enum class SmtpCommand { unknown, connection, mail_from, rcpt_to, data };

// "MAIL" -> mail_from, "RCPT" -> rcpt_to, "DATA" / "BDAT" -> data; "CONN" and the commands
// before MAIL FROM (EHLO, HELO, STARTTLS, AUTH) -> connection; "" and others -> unknown.
SmtpCommand smtp_command_from_verb(std::string_view verb);

// The words a bounce report has around the reply, read only when a rule asks for them.
class ReportSurroundings {
 public:
  virtual ~ReportSurroundings() = default;
  virtual const ReasonSet& reasons() const = 0;
};

// Facts only a bounce report knows; send time and provider callbacks leave them unset.
struct ReportFacts {
  bool address_status = false;  // some part of the report gave an x.1.y (address) code
  bool about_sender = false;    // the words name our sender, not the recipient
  bool sole = false;            // the only recipient of the report
  const ReportSurroundings* surroundings = nullptr;
};

struct Reply {
  std::string_view words;   // as reply_words() gives them
  std::string_view status;  // the enhanced code the server or the report stated, or empty
  int code = 0;             // the basic reply code (550), 0 when not known
  SmtpCommand command = SmtpCommand::unknown;
};

// A reply's words as read_reply() wants them: lower case, without the codes of continued lines
// ("550-5.7.1 Messages with multiple 550-5.7.1 addresses" -> "550-5.7.1 messages with multiple
// addresses") and without session transcript markers (">>> ", "<<< ").
std::string reply_words(std::string_view text);

// The reason the reply's code and words name, or empty when they name none (a vague class such
// as securityerror when only a vague code speaks). Does not guess from the basic reply code.
std::string read_reply(const Reply& reply, const ReportFacts& report = {});

// read_reply() and, when it names nothing, what the codes alone say ("421" -> systemerror,
// "4.7.x" -> blocked, "5.3.0" -> systemerror, "5.0.0" -> undefined); adjusted for a temporary
// failure. Empty when the reply has neither a code nor words that name a class, and for a 2xx
// reply. For send time and provider callbacks, which have no report around the reply.
std::string reason_of_reply(const Reply& reply);

// A name server that did not answer this time is not a domain that does not exist: hostunknown
// in a temporary failure is a networkerror.
std::string_view for_temporary_failure(std::string_view reason, bool temporary);

}  // namespace herald::domain
