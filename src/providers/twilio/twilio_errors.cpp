#include "providers/twilio/twilio_errors.h"

#include <array>

namespace herald::providers {

namespace {

constexpr std::array<TwilioError, 24> kErrors{{
    {30001, "Queue overflow", "Too many messages were waiting to be sent from our number",
     "speeding"},
    {30002, "Account suspended", "The Twilio account is suspended", "rejected"},
    {30003, "Unreachable destination handset", "The phone is switched off or out of coverage",
     "networkerror"},
    {30004, "Message blocked", "The recipient or their carrier blocked the message", "blocked"},
    {30005, "Unknown destination handset", "The number does not exist or is no longer in use",
     "userunknown"},
    {30006, "Landline or unreachable carrier",
     "The number is a landline or its carrier does not take text messages", "notaccept"},
    {30007, "Message filtered", "The carrier filtered the message as spam or against its rules",
     "filtered"},
    {30008, "Unknown error", "The carrier reported an unknown error", "undefined"},
    {30009, "Missing inbound segment", "Part of a multi-part message was lost", "systemerror"},
    {30010, "Message price exceeds max price", "Sending would cost more than the allowed maximum",
     "exceedlimit"},
    {30011, "MMS not supported", "The phone cannot receive picture messages", "contenterror"},
    {30022, "US A2P 10DLC rate limit exceeded", "Too many messages for our sender registration",
     "speeding"},
    {30032, "Toll-free number not verified", "Our toll-free sender number is not verified yet",
     "rejected"},
    {30034, "US A2P 10DLC unregistered number", "Our sender number is not registered for texts",
     "rejected"},
    {20003, "Authentication error", "Twilio refused our account credentials", "securityerror"},
    {21211, "Invalid 'To' phone number", "The phone number is not valid", "userunknown"},
    {21408, "Permission to send to this region not enabled",
     "Our account may not text numbers in this country", "policyviolation"},
    {21606, "'From' number cannot send SMS", "Our sender number cannot send text messages",
     "rejected"},
    {21608, "Unverified number on a trial account",
     "A trial account can only text verified numbers", "policyviolation"},
    {21610, "Recipient unsubscribed", "The recipient replied STOP and no longer gets our texts",
     "suppressed"},
    {21612, "Number not reachable via SMS", "The number cannot receive text messages from ours",
     "networkerror"},
    {21614, "'To' number is not a mobile number", "The number cannot receive text messages",
     "notaccept"},
    {21617, "Message body too long", "The text is longer than 1600 characters", "mesgtoobig"},
    {21660, "'From' number does not belong to the account",
     "Our sender number is not one of the account's numbers", "rejected"},
}};

}  // namespace

const TwilioError* find_twilio_error(int code) {
  for (const auto& e : kErrors)
    if (e.code == code) return &e;
  return nullptr;
}

}  // namespace herald::providers
