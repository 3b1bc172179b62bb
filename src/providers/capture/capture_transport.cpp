#include "providers/capture/capture_transport.h"

#include <algorithm>

#include "delivery/mime_builder.h"

namespace herald::providers {

namespace {
domain::RecipientResult captured(const std::string& address) {
  domain::RecipientResult r;
  r.address = address;
  r.outcome = domain::Outcome::sent;
  r.detail = kCapturedDetail;
  return r;
}
}  // namespace

delivery::EmailSendResult CaptureEmailTransport::send(const delivery::OutgoingEmail& email) {
  delivery::EmailSendResult result;
  result.headers = delivery::build_mime(email).headers;
  std::vector<std::string> recipients = email.envelope;
  if (recipients.empty()) {
    recipients = email.to;
    recipients.insert(recipients.end(), email.cc.begin(), email.cc.end());
  }
  std::vector<std::string> seen;
  for (const auto& to : recipients) {
    if (std::find(seen.begin(), seen.end(), to) != seen.end()) continue;
    seen.push_back(to);
    result.recipients.push_back(captured(to));
  }
  return result;
}

domain::RecipientResult CaptureSmsTransport::send(const delivery::OutgoingSms& sms) {
  return captured(sms.to);
}

}  // namespace herald::providers
