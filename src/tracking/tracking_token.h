#pragma once
// Open and click tracking (contract §6): GET /t/o/{token} answers a 1x1 image, GET /t/c/{token}
// redirects to the link the token names. A token is signed with the store's tracking secret,
// so a forged or altered one reads as nothing (the caller answers 404, never redirects).
#include <optional>
#include <string>
#include <string_view>

namespace herald::tracking {

struct TokenPayload {
  enum class Kind { open, click };
  Kind kind = Kind::open;
  std::string herald_id;  // at most 255 bytes
  int link_index = 0;     // 0..65535: which link of the message, in document order
  std::string url;        // clicks: the original http(s) link; opens: empty
  bool operator==(const TokenPayload&) const = default;
};

// Base64url (no padding) of the payload and a 128-bit HMAC-SHA256 tag over it.
// Throws std::invalid_argument for an empty secret or a payload read_token would refuse
// (a click without an http(s) URL, an open with one, fields out of range).
std::string make_token(const std::string& secret, const TokenPayload& payload);

// The payload, or nullopt when the token is not exactly one that make_token produced with
// this secret (any altered, added or removed character). The tag is compared in constant time.
std::optional<TokenPayload> read_token(const std::string& secret, std::string_view token);

// Rewrites the href of each <a> whose link is http(s) to public_url + "/t/c/" + token (when
// `clicks`), and adds a 1x1 image public_url + "/t/o/" + token before </body>, or at the end
// when there is none (when `opens`). Links to mailto:, tel:, #anchors and other schemes, links
// with a data-herald-notrack attribute, and anything inside comments, <script> and <style> are
// left alone. Entities in href values (&amp;) are decoded to get the real target. Every byte
// outside the rewritten href values is kept as it was.
std::string rewrite_links(std::string_view html, const std::string& public_url,
                          const std::string& secret, const std::string& herald_id, bool clicks,
                          bool opens);

}  // namespace herald::tracking
