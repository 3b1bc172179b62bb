#pragma once
// Amazon SES notifications, as SNS posts them: parsing and SNS signature checks.
// Parsers and signature checks follow the rules of providers/provider.h.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "tracking/delivery_event.h"

namespace herald::providers {

using tracking::DeliveryEvent;

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

}  // namespace herald::providers
