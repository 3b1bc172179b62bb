#include "providers/capture/capture_transport.h"

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
  // The recipients the SMTP path would name in RCPT TO, so the log reads the same either way.
  for (const auto& to : delivery::envelope_recipients(email))
    result.recipients.push_back(captured(to));
  return result;
}

domain::RecipientResult CaptureSmsTransport::send(const delivery::OutgoingSms& sms) {
  return captured(sms.to);
}

}  // namespace herald::providers
