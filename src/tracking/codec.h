#pragma once
// Byte codecs and MACs shared by the signature checks and the tracking tokens.
#include <optional>
#include <string>
#include <string_view>

namespace herald::tracking {

std::string base64_encode(std::string_view bytes);
// Standard alphabet with '=' padding; nullopt for anything else (whitespace included).
std::optional<std::string> base64_decode(std::string_view text);

// URL-safe alphabet, no padding.
std::string base64url_encode(std::string_view bytes);
// Only the canonical encoding is accepted: no padding, and the unused low bits of the last
// character must be zero, so that no two token strings decode to the same bytes.
std::optional<std::string> base64url_decode(std::string_view text);

std::string hmac_sha1(std::string_view key, std::string_view data);    // raw 20 bytes
std::string hmac_sha256(std::string_view key, std::string_view data);  // raw 32 bytes
std::string to_hex(std::string_view bytes);                            // lowercase

// The first 16 bytes of HMAC-SHA256 over `purpose`, a NUL and `payload`: the purpose keeps a MAC
// made for one kind of token from being valid as another signed with the same secret.
inline constexpr std::size_t kTagBytes = 16;
std::string purpose_tag(std::string_view secret, std::string_view purpose,
                        std::string_view payload);

}  // namespace herald::tracking
