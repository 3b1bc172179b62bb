#pragma once
// Provider callbacks -> DeliveryEvents, and the providers' signature checks.
// The parsers are pure: they throw herald::Error(bad_request, field) on malformed input and
// return an empty vector for well-formed payloads that carry no delivery news (an SNS
// subscription confirmation, an event type Herald does not track).
// The signature checks never throw: anything malformed is simply "not verified".
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "tracking/delivery_event.h"

namespace herald::tracking {

// ---- Amazon SES via SNS ----

// The SNS envelope (the JSON body SNS posts, Content-Type text/plain).
struct SnsEnvelope {
  std::string type;  // Notification, SubscriptionConfirmation, UnsubscribeConfirmation
  std::string message_id;
  std::string topic_arn;
  std::string message;        // for a Notification from SES: the SES event JSON
  std::string subscribe_url;  // confirmations: GET it (after is_trusted_sns_url) to confirm
  std::string signing_cert_url;
  nlohmann::json json;  // the whole envelope, for verify_sns_signature
};

// `message_type_header` is x-amz-sns-message-type when the caller has it: it must then agree
// with the body's Type.
SnsEnvelope parse_sns(std::string_view body, std::string_view message_type_header = {});

// An SNS envelope (events from its Message; none for confirmations or a Message that is not
// an SES event), or a bare SES event JSON as SNS "raw message delivery" posts it.
std::vector<DeliveryEvent> parse_ses(std::string_view body);
// One SES notification / event-publishing JSON object (notificationType or eventType).
std::vector<DeliveryEvent> parse_ses_event(const nlohmann::json& ses);

// SignatureVersion 1 (SHA1withRSA) or 2 (SHA256withRSA) over the canonical string of the
// envelope, with the public key of `cert_pem` (the certificate at SigningCertURL, which the
// caller fetched from a URL that passed is_trusted_sns_cert_url). The certificate's dates are
// not checked: its authenticity comes from the HTTPS fetch from an SNS host.
bool verify_sns_signature(const nlohmann::json& msg, const std::string& cert_pem);
// https://sns.<region>.amazonaws.com[.cn]/SimpleNotificationService-<hex>.pem, nothing else.
bool is_trusted_sns_cert_url(std::string_view url);
// Any https URL on an SNS host (for SubscribeURL before confirming).
bool is_trusted_sns_url(std::string_view url);

// ---- SendGrid event webhook ----

// A JSON array of events. Our id travels as the custom argument `herald_id`.
std::vector<DeliveryEvent> parse_sendgrid(std::string_view body);
// ECDSA P-256 / SHA-256 over timestamp + raw body. `public_key_b64` is the base64 DER key
// shown by SendGrid; `signature_b64` and `timestamp` are the X-Twilio-Email-Event-Webhook-
// Signature and -Timestamp headers.
bool verify_sendgrid_signature(const std::string& public_key_b64, std::string_view timestamp,
                               std::string_view body, std::string_view signature_b64);

// ---- Mailgun ----

// {"signature":{...},"event-data":{...}}. Our id travels as the user-variable `herald_id`.
std::vector<DeliveryEvent> parse_mailgun(std::string_view body);
// hex(HMAC-SHA256(signing_key, timestamp + token)) == signature. The caller should also
// refuse old timestamps and tokens it has seen (replays).
bool verify_mailgun_signature(const std::string& signing_key, std::string_view timestamp,
                              std::string_view token, std::string_view signature);
// The same, reading the three values from the body's "signature" object.
bool verify_mailgun_signature(const std::string& signing_key, std::string_view body);
// The "signature" object of a Mailgun webhook body (empty fields when absent).
struct MailgunSignature {
  std::string timestamp, token, signature;
};
MailgunSignature read_mailgun_signature(std::string_view body);

// ---- Postmark (no signature: the caller checks HTTP basic auth) ----

// One record (RecordType Delivery, Bounce, SpamComplaint, Open, Click, SubscriptionChange).
// Our id travels as the metadata `herald_id`.
std::vector<DeliveryEvent> parse_postmark(std::string_view body);

// ---- Twilio SMS status callback ----

// `form_body` is the application/x-www-form-urlencoded POST body; `query` the decoded query
// of the StatusCallback URL, whose `id` is our message id.
std::vector<DeliveryEvent> parse_twilio(std::string_view form_body,
                                        const std::map<std::string, std::string>& query);
// X-Twilio-Signature: base64(HMAC-SHA1(auth_token, url + name1 value1 name2 value2 ...)) with
// the POST parameters sorted by name. `url` is the full URL Twilio requested, query included;
// it is tried as given and with the default port added or removed, as Twilio's SDKs do.
bool verify_twilio_signature(const std::string& auth_token, std::string_view url,
                             std::string_view form_body, std::string_view signature);
// For JSON-body webhooks: the URL carries bodySHA256=hex(sha256(body)) and is signed alone.
bool verify_twilio_json_signature(const std::string& auth_token, std::string_view url,
                                  std::string_view body, std::string_view signature);

// ---- Kannel delivery report (GET on our dlr-url) ----

// The decoded query: id (ours), type (%d), answer (%A), at (%T, Unix seconds).
std::vector<DeliveryEvent> parse_kannel(const std::map<std::string, std::string>& query);

}  // namespace herald::tracking
