#include "intake/message_request.h"

#include <regex>

#include "common/error.h"
#include "common/ids.h"
#include "domain/address.h"
#include "intake/message_planner.h"
#include "intake/message_types.h"
#include "render/renderer.h"

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

// The normalized form of one recipient, or a 400 naming its list and position.
std::string normalized(const std::string& address, domain::Channel channel,
                       const store::StoreRecord& store, const std::string& field) {
  auto n = channel == domain::Channel::email
               ? domain::normalize_email(address)
               : domain::normalize_phone(address, store.settings.default_country);
  if (!n)
    throw bad_request(field + ": '" + address + "' is not a valid " +
                          (channel == domain::Channel::email ? "email address" : "phone number"),
                      field);
  return *n;
}
}  // namespace

MessageRequest parse_message_request(std::string_view text) {
  auto body = json::parse(text, nullptr, false);
  if (body.is_discarded()) throw bad_request("the body is not valid JSON", "body");
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
  store::NewMessage m;
  m.public_id = new_ulid(now);
  m.channel = r.channel;
  m.type = r.type;
  m.customer_id = r.customer_id;
  m.cart_id = r.cart_id;
  m.order_id = r.order_id;
  m.from = from;
  m.to = r.to;
  m.cc = r.cc;
  m.reply_to = r.reply_to;
  for (size_t i = 0; i < r.to.size(); ++i)
    m.search_addresses.push_back(normalized(r.to[i], r.channel, store, "to"));
  for (size_t i = 0; i < r.cc.size(); ++i)
    m.search_addresses.push_back(normalized(r.cc[i], r.channel, store, "cc"));
  if (r.channel == domain::Channel::sms) m.to = m.search_addresses;  // E.164 on the wire

  json vars = template_vars(store, json{{"data", r.data},
                                        {"customer", {{"id", r.customer_id}}},
                                        {"cart", {{"id", r.cart_id}}},
                                        {"order", {{"id", r.order_id}}}});
  const bool has_inline =
      r.channel == domain::Channel::email ? (r.subject || r.html || r.text) : r.sms.has_value();
  store::TemplateRecord t;
  if (has_inline) {
    t = {r.type,
         r.channel,
         r.locale,
         r.subject.value_or(""),
         r.html.value_or(""),
         r.text.value_or(""),
         r.sms.value_or(""),
         now};
    if (r.channel == domain::Channel::email && t.html.empty() && t.text.empty())
      throw bad_request("an email needs html or text", "html");
  } else {
    auto picked =
        render::pick_template(templates, r.channel, r.locale, store.settings.default_locale);
    if (!picked)
      throw bad_request("no " + std::string(domain::to_string(r.channel)) + " template for type '" +
                            r.type + "' and no inline content",
                        "type");
    t = *picked;
    m.template_key = r.type;
  }
  auto rendered = render::render_template(t, vars);
  m.subject = rendered.subject;
  m.html = rendered.html;
  m.text = rendered.text;
  m.sms = rendered.sms;
  if (r.channel == domain::Channel::sms && m.sms.empty())
    throw bad_request("the SMS text is empty", "sms");
  return m;
}

}  // namespace herald::intake
