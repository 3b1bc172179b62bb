#include "delivery/smtp_reply.h"

#include "domain/smtp_codes.h"

namespace herald::delivery {

domain::RecipientResult classify_smtp_reply(std::string address, int code, std::string_view text,
                                            domain::SmtpCommand command) {
  domain::RecipientResult r;
  r.address = std::move(address);
  r.smtp_code = code;
  r.detail = domain::reply_detail(text);
  if (code == 0) {
    r.outcome = domain::Outcome::deferred;
    r.reason = "networkerror";
    return r;
  }
  const std::string stated = domain::find_enhanced_code(text, code);
  r.enhanced_code = stated.empty() ? domain::default_enhanced_code(code) : stated;
  switch (code / 100) {
    case 2:
      r.outcome = domain::Outcome::sent;
      return r;
    case 5:
      r.outcome = domain::Outcome::bounced;
      break;
    default:
      r.outcome = domain::Outcome::deferred;
      break;
  }
  if (r.enhanced_code.empty()) {
    r.reason = "undefined";
    return r;
  }
  const std::string words = domain::reply_words(r.detail);
  r.reason = domain::reason_of_reply({words, stated, code, command});
  return r;
}

}  // namespace herald::delivery
