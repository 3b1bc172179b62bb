#include "tracking/tracking_token.h"

#include <cctype>
#include <stdexcept>

#include "common/ids.h"
#include "tracking/codec.h"

namespace herald::tracking {

namespace {

constexpr unsigned char kVersion = 1;
constexpr std::size_t kMaxUrl = 4096;
constexpr std::size_t kMaxToken = 8192;
// Separates these MACs from anything else signed with the same secret.
constexpr std::string_view kDomain = "herald.tracking.v1";

bool is_http_url(std::string_view url) {
  auto starts = [&](std::string_view prefix) {
    if (url.size() <= prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(url[i])) != prefix[i]) return false;
    return true;
  };
  return starts("http://") || starts("https://");
}

bool valid(const TokenPayload& p) {
  if (p.herald_id.empty() || p.herald_id.size() > 255) return false;
  if (p.link_index < 0 || p.link_index > 0xffff) return false;
  if (p.kind == TokenPayload::Kind::open) return p.url.empty();
  return is_http_url(p.url) && p.url.size() <= kMaxUrl;
}

std::string tag(const std::string& secret, std::string_view payload) {
  return purpose_tag(secret, kDomain, payload);
}

}  // namespace

std::string make_token(const std::string& secret, const TokenPayload& p) {
  if (secret.empty()) throw std::invalid_argument("tracking secret is empty");
  if (!valid(p)) throw std::invalid_argument("tracking token payload out of range");
  std::string bytes;
  bytes += static_cast<char>((kVersion << 4) | (p.kind == TokenPayload::Kind::open ? 1 : 2));
  bytes += static_cast<char>(p.herald_id.size());
  bytes += p.herald_id;
  bytes += static_cast<char>((p.link_index >> 8) & 0xff);
  bytes += static_cast<char>(p.link_index & 0xff);
  bytes += p.url;
  bytes += tag(secret, bytes);
  return base64url_encode(bytes);
}

std::optional<TokenPayload> read_token(const std::string& secret, std::string_view token) {
  if (secret.empty() || token.empty() || token.size() > kMaxToken) return std::nullopt;
  const auto bytes = base64url_decode(token);
  if (!bytes || bytes->size() < 4 + kTagBytes) return std::nullopt;
  const std::string payload = bytes->substr(0, bytes->size() - kTagBytes);
  if (!constant_time_equal(tag(secret, payload), bytes->substr(payload.size())))
    return std::nullopt;

  const auto head = static_cast<unsigned char>(payload[0]);
  if ((head >> 4) != kVersion || ((head & 15) != 1 && (head & 15) != 2)) return std::nullopt;
  const std::size_t id_len = static_cast<unsigned char>(payload[1]);
  if (payload.size() < 2 + id_len + 2) return std::nullopt;
  TokenPayload p;
  p.kind = (head & 15) == 1 ? TokenPayload::Kind::open : TokenPayload::Kind::click;
  p.herald_id = payload.substr(2, id_len);
  p.link_index = (static_cast<unsigned char>(payload[2 + id_len]) << 8) |
                 static_cast<unsigned char>(payload[3 + id_len]);
  p.url = payload.substr(4 + id_len);
  if (!valid(p)) return std::nullopt;
  return p;
}

}  // namespace herald::tracking
