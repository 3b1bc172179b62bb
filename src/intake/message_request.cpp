#include "intake/message_request.h"

#include <regex>

#include "common/error.h"
#include "common/json_read.h"
#include "intake/message_planner.h"
#include "intake/message_types.h"

namespace herald::intake {

namespace {
using nlohmann::json;

std::vector<std::string> address_list(const json& body, const char* key, bool required) {
  if (!body.contains(key) || body.at(key).is_null()) {
    if (required) throw bad_request(std::string(key) + " is required", key);
    return {};
  }
  const auto& list = body.at(key);
  if (list.is_string()) return {list.get<std::string>()};
  if (!list.is_array()) throw bad_request(std::string(key) + " must be a list of addresses", key);
  if (list.size() > kMaxRecipients)
    throw bad_request(
        std::string(key) + " has more than " + std::to_string(kMaxRecipients) + " addresses", key);
  std::vector<std::string> out;
  for (size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_string())
      throw bad_request(std::string(key) + "[" + std::to_string(i) + "] must be a string", key);
    out.push_back(list[i].get<std::string>());
  }
  if (required && out.empty()) throw bad_request(std::string(key) + " must not be empty", key);
  return out;
}

std::string text_or_id(const json& body, const char* key) {
  if (!body.contains(key) || body.at(key).is_null()) return {};
  const auto& v = body.at(key);
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return v.dump();
  throw bad_request(std::string(key) + " must be a string", key);
}

std::optional<std::string> inline_part(const json& body, const char* key) {
  if (!body.contains(key) || body.at(key).is_null()) return std::nullopt;
  if (!body.at(key).is_string()) throw bad_request(std::string(key) + " must be a string", key);
  return body.at(key).get<std::string>();
}

}  // namespace

MessageRequest parse_message_request(std::string_view text) {
  auto body = read_json(text);
  if (!body.is_object()) throw bad_request("the body must be a JSON object", "body");
  MessageRequest r;
  r.type = text_or_id(body, "type");
  static const std::regex kType("[A-Za-z0-9_.-]{1,100}");
  if (!std::regex_match(r.type, kType))
    throw bad_request("type must be 1-100 letters, digits, '_', '-' or '.'", "type");
  const std::string channel = text_or_id(body, "channel");
  if (channel.empty())
    r.channel = r.type == "otp" ? domain::Channel::sms : domain::Channel::email;
  else if (auto c = domain::parse_channel(channel))
    r.channel = *c;
  else
    throw bad_request("channel must be email or sms", "channel");
  r.to = address_list(body, "to", !is_owner_bound(r.type));
  r.cc = address_list(body, "cc", false);
  if (r.channel == domain::Channel::sms && !r.cc.empty())
    throw bad_request("an SMS has no cc", "cc");
  r.reply_to = text_or_id(body, "reply_to");
  r.locale = text_or_id(body, "locale");
  r.customer_id = text_or_id(body, "customer_id");
  r.cart_id = text_or_id(body, "cart_id");
  r.order_id = text_or_id(body, "order_id");
  r.subject = inline_part(body, "subject");
  r.html = inline_part(body, "html");
  r.text = inline_part(body, "text");
  r.sms = inline_part(body, "sms");
  if (body.contains("data") && !body.at("data").is_null()) {
    if (!body.at("data").is_object()) throw bad_request("data must be an object", "data");
    r.data = body.at("data");
  }
  return r;
}

store::NewMessage plan_message(const store::StoreRecord& store,
                               const std::vector<store::TemplateRecord>& templates,
                               const MessageRequest& r, const std::string& from, TimeMs now) {
  const bool email = r.channel == domain::Channel::email;
  const json vars = template_vars(store, json{{"data", r.data},
                                              {"customer", {{"id", r.customer_id}}},
                                              {"cart", {{"id", r.cart_id}}},
                                              {"order", {{"id", r.order_id}}}});
  MessageInput in;
  in.channel = r.channel;
  in.type = r.type;
  in.template_key = r.type;
  if (email ? (r.subject || r.html || r.text) : r.sms.has_value()) {
    if (email && r.html.value_or("").empty() && r.text.value_or("").empty())
      throw bad_request("an email needs html or text", "html");
    in.content.inline_template = store::TemplateRecord{r.type,
                                                       r.channel,
                                                       r.locale,
                                                       r.subject.value_or(""),
                                                       r.html.value_or(""),
                                                       r.text.value_or(""),
                                                       r.sms.value_or(""),
                                                       now};
  }
  in.content.templates = &templates;
  in.content.locale = r.locale;
  in.content.vars = &vars;
  in.from = from;
  in.to = r.to;
  in.cc = r.cc;
  in.reply_to = r.reply_to;
  in.order_id = r.order_id;
  in.customer_id = r.customer_id;
  in.cart_id = r.cart_id;
  auto planned = plan(store, in, now);
  if (planned.message) return std::move(*planned.message);
  // A request that cannot be sent as asked is answered 400, naming the field at fault.
  const auto& why = planned.skipped;
  if (why.reason == "no_template")
    throw bad_request("no " + std::string(domain::to_string(r.channel)) + " template for type '" +
                          r.type + "' and no inline content",
                      "type");
  if (why.reason == "invalid_email" || why.reason == "invalid_phone")
    throw bad_request(planned.field + ": '" + why.detail + "' is not a valid " +
                          (email ? "email address" : "phone number"),
                      planned.field);
  if (why.reason == "empty_message") throw bad_request("the SMS text is empty", "sms");
  throw bad_request(why.reason == "template_error" ? why.detail : "to must not be empty",
                    planned.field);
}

}  // namespace herald::intake
