#include "intake/message_types.h"

#include <algorithm>
#include <regex>

#include "common/error.h"
#include "domain/address.h"

namespace herald::intake {

bool is_owner_bound(const std::string& type) {
  return type == "contact_form" || type == "b2b_registration_request";
}

void apply_type_rules(const store::StoreRecord& store, MessageRequest& r) {
  const std::string& owner = store.settings.owner_email;
  if (is_owner_bound(r.type)) {
    if (r.channel != domain::Channel::email)
      throw bad_request(r.type + " is sent by email", "channel");
    if (!owner.empty()) r.to = {owner};
    if (r.to.empty())
      throw bad_request("the store has no owner_email (PATCH /v1/store) and no to was given", "to");
  }
  if (r.type == "contact_form" && r.reply_to.empty() && r.data.contains("email")) {
    const auto& email = r.data.at("email");
    if (!email.is_string() || !domain::normalize_email(email.get<std::string>()))
      throw bad_request("data.email is not a valid email address", "data.email");
    r.reply_to = email.get<std::string>();
  }
  if (r.type == "order_confirmation" && !owner.empty() && r.channel == domain::Channel::email) {
    auto norm = domain::normalize_email(owner);
    auto same = [&](const std::string& a) { return domain::normalize_email(a) == norm; };
    if (std::none_of(r.to.begin(), r.to.end(), same) &&
        std::none_of(r.cc.begin(), r.cc.end(), same))
      r.cc.push_back(owner);
  }
  if (r.type == "abandoned_cart" && r.cart_id.empty())
    throw bad_request("an abandoned_cart message needs cart_id", "cart_id");
  if (r.type == "otp") {
    if (r.channel != domain::Channel::sms) throw bad_request("otp is sent by SMS", "channel");
    otp_code(r);
  }
  if (r.to.empty()) throw bad_request("to must not be empty", "to");
}

std::string otp_code(const MessageRequest& r) {
  static const std::regex kCode("[A-Za-z0-9]{4,12}");
  const auto code = r.data.value("code", nlohmann::json());
  std::string text = code.is_number_integer() ? code.dump()
                     : code.is_string()       ? code.get<std::string>()
                                              : "";
  if (!std::regex_match(text, kCode))
    throw bad_request("data.code must be the one-time code: 4-12 letters or digits", "data.code");
  return text;
}

std::string mask_code(const std::string& code) {
  return std::string(code.size(), '*');
}

}  // namespace herald::intake
