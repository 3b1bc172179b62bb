#include "providers/kannel/kannel_report_token.h"

#include <stdexcept>

#include "common/ids.h"
#include "tracking/codec.h"

namespace herald::providers {

namespace {

// Separates these MACs from anything else that might ever be signed with the same secret.
constexpr std::string_view kDomain = "herald.kannel-dlr.v1";

std::string tag(const std::string& secret, std::string_view herald_id) {
  return tracking::purpose_tag(secret, kDomain, herald_id);
}

}  // namespace

std::string kannel_report_token(const std::string& secret, std::string_view herald_id) {
  if (secret.empty()) throw std::invalid_argument("delivery report secret is empty");
  if (herald_id.empty()) throw std::invalid_argument("delivery report for no message");
  return tracking::base64url_encode(tag(secret, herald_id));
}

bool kannel_report_token_matches(const std::string& secret, std::string_view herald_id,
                                 std::string_view token) {
  if (secret.empty() || herald_id.empty() || token.empty() || token.size() > 64) return false;
  const auto given = tracking::base64url_decode(token);
  if (!given || given->size() != tracking::kTagBytes) return false;
  return constant_time_equal(tag(secret, herald_id), *given);
}

}  // namespace herald::providers
