// Reports that are not delivery failures in free text: ARF complaints, Amazon SES
// notifications, auto-replies; and the test for "was this sent by a mail system at all".
#include <nlohmann/json.hpp>

#include "bounce/found.h"
#include "common/json_read.h"

namespace herald::bounce {

namespace {

bool any_in(std::string_view text, std::initializer_list<std::string_view> lower_phrases) {
  return find_any_ci(text, std::span(lower_phrases.begin(), lower_phrases.size())) >= 0;
}

std::string summary(std::string_view text) {
  std::string s = squeeze_spaces(text);
  if (s.size() > 300) {
    s.resize(300);
    while (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xC0) == 0x80) s.pop_back();
    if (!s.empty() && static_cast<unsigned char>(s.back()) >= 0xC0) s.pop_back();
  }
  return s;
}

std::string local_part(std::string_view address) {
  return to_lower(address.substr(0, address.find('@')));
}

// Mail systems write from these mailboxes; people do not.
bool from_mail_system(const ReportParts& parts) {
  const std::string_view from = parts.header("from");
  const std::string local = local_part(first_address(from));
  for (std::string_view l : {"mailer-daemon", "mailer_daemon", "mailerdaemon", "mail-daemon",
                             "maildaemon", "postmaster", "post_master", "mdaemon"})
    if (local == l) return true;
  return any_in(from, {"mailer-daemon", "mail delivery", "mail deliver system", "postmaster",
                       "mail administrator", "system administrator"});
}

// Microsoft's junk-mail reports (JMRP, Outlook.com and Hotmail) are not ARF: the reported
// message comes back whole, attached or as the report itself, and its
// X-HmXmrOriginalRecipient names who marked it as junk.
std::string junk_reporter(const ReportParts& parts, std::string_view returned_headers) {
  if (!parts.delivery_status.empty()) return {};
  if (std::string who = first_address(parts.header("x-hmxmroriginalrecipient")); !who.empty())
    return who;
  if (!parts.has_returned_part ||
      find_ci(returned_headers, "x-hmxmroriginalrecipient") == std::string_view::npos)
    return {};
  static constexpr std::string_view kReporter[] = {"x-hmxmroriginalrecipient"};
  for (const Field& f : parse_fields(returned_headers, kReporter))
    if (std::string who = first_address(f.value); !who.empty()) return who;
  return {};
}

}  // namespace

std::vector<Found> read_feedback(const ReportParts& parts, std::string_view returned_headers) {
  std::vector<Found> out;
  std::string type;
  if (!parts.feedback_report.empty()) {
    for (const Field& f : parse_fields(parts.feedback_report)) {
      if (f.name == "feedback-type") {
        type = to_lower(trim(f.value));
      } else if (f.name == "original-rcpt-to" || f.name == "removal-recipient") {
        Found r;
        r.address = first_address(f.value);
        if (!r.address.empty()) out.push_back(std::move(r));
      }
    }
    if (type.empty()) type = "other";
    if (out.empty()) {
      // The complainant is whoever the reported message was sent to; some reports hide it.
      Found r;
      static constexpr std::string_view kTo[] = {"to"};
      for (const Field& f : parse_fields(returned_headers, kTo))
        if (r.address.empty()) r.address = first_address(f.value);
      out.push_back(std::move(r));
    }
  } else if (std::string who = junk_reporter(parts, returned_headers); !who.empty()) {
    type = "abuse";
    Found r;
    r.address = std::move(who);
    out.push_back(std::move(r));
  } else {
    // A one-click unsubscribe (RFC 8058 mailto form, Apple Mail's "Unsubscribe") is an opt-out
    // complaint from the person who sent it.
    const bool apple = to_lower(trim(parts.header("x-apple-unsubscribe"))) == "true";
    const bool request =
        to_lower(trim(parts.subject)) == "unsubscribe" && !parts.header("auto-submitted").empty();
    if (!apple && !request) return out;
    type = "opt-out";
    Found r;
    r.address = first_address(parts.header("from"));
    out.push_back(std::move(r));
  }
  for (Found& r : out) {
    r.reason = "feedback";
    r.feedback_type = type;
    r.diagnostic = summary(parts.text);
  }
  return out;
}

bool read_ses_notification(std::string_view text, std::vector<Found>& out,
                           std::string& returned_headers) {
  const auto open = text.find('{');
  if (open == std::string_view::npos ||
      (!contains_ci(text, "notificationtype") && !contains_ci(text, "eventtype")))
    return false;
  // Sendmail breaks lines longer than 990 octets with "!" + newline + space; undo it.
  std::string json;
  std::string_view body = text.substr(open);
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '!' && i + 2 < body.size() && (body[i + 1] == '\n' || body[i + 1] == '\r')) {
      std::size_t j = i + 1;
      while (j < body.size() && (body[j] == '\r' || body[j] == '\n')) ++j;
      if (j < body.size() && body[j] == ' ') {
        i = j;
        continue;
      }
    }
    json += body[i];
  }
  nlohmann::json doc = read_json_or_discarded(json, {.ignore_comments = true});
  if (doc.is_discarded()) {
    // Trailing text after the JSON (the SNS footer): parse up to the last closing brace.
    const auto close = json.rfind('}');
    if (close == std::string::npos) return false;
    doc = read_json_or_discarded(std::string_view(json).substr(0, close + 1),
                                 {.ignore_comments = true});
  }
  if (!doc.is_object()) return false;
  if (doc.contains("Message") && doc["Message"].is_string())  // a whole SNS envelope
    doc = read_json_or_discarded(doc["Message"].get<std::string>(), {.ignore_comments = true});
  if (!doc.is_object()) return false;
  const auto str = [](const nlohmann::json& j, const char* key) {
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
  };
  std::string kind = to_lower(str(doc, "notificationType"));
  if (kind.empty()) kind = to_lower(str(doc, "eventType"));
  if (kind == "bounce" && doc.contains("bounce")) {
    const auto& b = doc["bounce"];
    const bool transient = to_lower(str(b, "bounceType")) == "transient";
    for (const auto& r : b.value("bouncedRecipients", nlohmann::json::array())) {
      Found f;
      f.address = str(r, "emailAddress");
      f.action = to_lower(str(r, "action"));
      f.status = str(r, "status");
      f.diagnostic = str(r, "diagnosticCode");
      if (f.diagnostic.starts_with("smtp;"))
        f.diagnostic = std::string(trim(f.diagnostic.substr(5)));
      f.reply_code = find_reply_code(f.diagnostic);
      f.temporary = transient;
      if (f.diagnostic.empty()) f.diagnostic = str(b, "bounceSubType");
      out.push_back(std::move(f));
    }
  } else if (kind == "complaint" && doc.contains("complaint")) {
    const auto& c = doc["complaint"];
    std::string type = to_lower(str(c, "complaintFeedbackType"));
    for (const auto& r : c.value("complainedRecipients", nlohmann::json::array())) {
      Found f;
      f.address = str(r, "emailAddress");
      f.reason = "feedback";
      f.feedback_type = type.empty() ? "abuse" : type;
      f.diagnostic = str(c, "userAgent");
      out.push_back(std::move(f));
    }
  } else if (kind == "delivery" && doc.contains("delivery")) {
    const auto& d = doc["delivery"];
    const std::string response = str(d, "smtpResponse");
    for (const auto& r : d.value("recipients", nlohmann::json::array())) {
      if (!r.is_string()) continue;
      Found f;
      f.address = r.get<std::string>();
      f.diagnostic = response;
      f.reply_code = find_reply_code(response);
      f.status = find_status_code(response, f.reply_code);
      f.action = "delivered";
      out.push_back(std::move(f));
    }
  }
  if (doc.contains("mail") && doc["mail"].contains("headers") && doc["mail"]["headers"].is_array())
    for (const auto& h : doc["mail"]["headers"])
      returned_headers += str(h, "name") + ": " + str(h, "value") + "\n";
  return !out.empty();
}

bool read_auto_reply(const ReportParts& parts, std::vector<Found>& out) {
  if (from_mail_system(parts)) return false;
  const std::string subject = to_lower(parts.subject);
  const bool replied = starts_with_ci(trim(parts.header("auto-submitted")), "auto-replied");
  const bool marked =
      !parts.header("x-autoreply").empty() || !parts.header("x-autorespond").empty() ||
      !parts.header("x-autoresponder").empty() || !parts.header("x-vacation").empty() ||
      to_lower(trim(parts.header("precedence"))) == "auto_reply";
  const bool strong_subject = any_in(subject, {"out of office",
                                               "out of the office",
                                               "out-of-office",
                                               "automatic reply",
                                               "auto reply",
                                               "auto-reply",
                                               "autoreply",
                                               "auto response",
                                               "auto-response",
                                               "autoresponse",
                                               "automatic response",
                                               "abwesenheitsnotiz",
                                               "automatische antwort",
                                               "r\xc3\xa9ponse automatique",
                                               "reponse automatique",
                                               "respuesta autom\xc3\xa1tica",
                                               "respuesta automatica",
                                               "risposta automatica",
                                               "automatisch antwoord",
                                               "autosvar",
                                               "automaattinen vastaus",
                                               "resposta autom\xc3\xa1tica",
                                               "\xe8\x87\xaa\xe5\x8b\x95\xe5\xbf\x9c\xe7\xad\x94",
                                               "\xe8\x87\xaa\xe5\x8a\xa8\xe5\x9b\x9e\xe5\xa4\x8d"});
  const bool weak_subject =
      any_in(subject, {"away", "vacation", "absence", "abwesen", "on leave", "not in the office",
                       "fuera de la oficina", "fuori ufficio", "afwezig", "ausser haus",
                       "au\xc3\x9f"
                       "er haus",
                       "\xe4\xb8\x8d\xe5\x9c\xa8"});
  const bool hinted = !parts.header("x-auto-response-suppress").empty() ||
                      trim(parts.header("return-path")) == "<>";
  if (!replied && !marked && !strong_subject && !(weak_subject && hinted)) return false;
  Found f;
  f.address = first_address(parts.header("from"));
  f.reason = "vacation";
  f.diagnostic = summary(parts.text);
  out.push_back(std::move(f));
  return true;
}

bool looks_like_bounce(const ReportParts& parts) {
  if (!parts.delivery_status.empty() || !parts.header("x-failed-recipients").empty()) return true;
  if (from_mail_system(parts)) return true;
  // The explanation comes first; a long copy of the message after it need not be searched.
  if (any_in(std::string_view(parts.text).substr(0, 8192),
             {"could not be delivered", "couldn't be delivered", "was not delivered",
              "wasn't delivered", "undeliverable", "delivery failed", "delivery has failed",
              "permanent fatal error", "unable to deliver", "failed to deliver", "not be delivered",
              "delivery to the following", "delivery status notification",
              "did not reach the following"}))
    return true;
  return any_in(parts.subject, {"undeliver",
                                "returned mail",
                                "return mail",
                                "returned to sender",
                                "delivery status",
                                "delivery failure",
                                "delivery failed",
                                "failed delivery",
                                "delivery problem",
                                "delivery notification",
                                "failure notice",
                                "non-delivery",
                                "nondeliverable",
                                "non remis",
                                "could not be delivered",
                                "not delivered",
                                "mail system error",
                                "warning: message",
                                "delayed mail",
                                "mail failure",
                                "delivery error",
                                "unzustellbar",
                                "nicht zustellbar",
                                "mail error",
                                "delivery report",
                                "message status",
                                "loop alert",
                                "mail loop",
                                "loop detected",
                                "\xe3\x82\xa8\xe3\x83\xa9\xe3\x83\xbc"});
}

}  // namespace herald::bounce
