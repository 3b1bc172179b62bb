#include "tracking/tracking_token.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "tracking/codec.h"

namespace herald::tracking {
namespace {

using Kind = TokenPayload::Kind;

const std::string kSecret = "3f8a1c0d9e2b4f6a8c0e1f3a5b7d9e1f";
const std::string kId = "01JD5ZK4M3X7Q8R9S0T1V2W3XY";

TEST(TrackingToken, RoundTrips) {
  const TokenPayload open{Kind::open, kId, 0, ""};
  const TokenPayload click{Kind::click, kId, 7, "https://shop.example/p/42?utm=mail&x=%C3%A6"};
  for (const auto& p : {open, click}) {
    const std::string token = make_token(kSecret, p);
    EXPECT_EQ(
        token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos);
    const auto read = read_token(kSecret, token);
    ASSERT_TRUE(read.has_value());
    EXPECT_EQ(*read, p);
  }
  // Compact: an open token is 62 characters.
  EXPECT_EQ(make_token(kSecret, open).size(), 62u);
}

TEST(TrackingToken, EveryAlteredCharacterIsRejected) {
  const std::string token =
      make_token(kSecret, {Kind::click, kId, 3, "https://shop.example/orders/1001"});
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (std::size_t i = 0; i < token.size(); ++i) {
    for (char c : alphabet) {
      if (c == token[i]) continue;
      std::string altered = token;
      altered[i] = c;
      EXPECT_FALSE(read_token(kSecret, altered).has_value()) << i << " " << c;
    }
  }
}

TEST(TrackingToken, ForgedTruncatedAndForeignTokensAreRejected) {
  const std::string token = make_token(kSecret, {Kind::open, kId, 0, ""});
  EXPECT_FALSE(read_token("another secret", token));
  EXPECT_FALSE(read_token("", token));
  EXPECT_FALSE(read_token(kSecret, ""));
  EXPECT_FALSE(read_token(kSecret, "not+base64/url="));
  for (std::size_t n = 0; n < token.size(); ++n)
    EXPECT_FALSE(read_token(kSecret, token.substr(0, n))) << n;
  EXPECT_FALSE(read_token(kSecret, token + "A"));
  EXPECT_FALSE(read_token(kSecret, token + token));
  EXPECT_FALSE(read_token(kSecret, std::string(10000, 'A')));
  // Someone who knows the format but not the secret.
  EXPECT_FALSE(
      read_token(kSecret, make_token("guessed", {Kind::click, kId, 0, "https://evil.example"})));
}

// The MAC covers every field: a click token of one message cannot be re-pointed at another
// URL, another message, another link index, or turned into an open token.
TEST(TrackingToken, PayloadCannotBeSpliced) {
  const std::string token =
      make_token(kSecret, {Kind::click, kId, 1, "https://shop.example/track/1001"});
  const std::string bytes = *base64url_decode(token);
  const std::string tag = bytes.substr(bytes.size() - 16);
  auto forge = [&](std::string payload) { return base64url_encode(payload + tag); };
  std::string payload = bytes.substr(0, bytes.size() - 16);

  std::string other_url = payload;
  other_url.replace(other_url.find("shop.example"), 12, "evil.example");
  EXPECT_FALSE(read_token(kSecret, forge(other_url)));
  std::string other_id = payload;
  other_id[5] = other_id[5] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(read_token(kSecret, forge(other_id)));
  std::string other_index = payload;
  other_index[2 + kId.size() + 1] = 2;
  EXPECT_FALSE(read_token(kSecret, forge(other_index)));
  std::string as_open = payload;
  as_open[0] = static_cast<char>((as_open[0] & 0xf0) | 1);
  EXPECT_FALSE(read_token(kSecret, forge(as_open)));
  EXPECT_TRUE(read_token(kSecret, forge(payload)));  // the untouched payload still reads
}

TEST(TrackingToken, MakeRefusesWhatReadWouldRefuse) {
  EXPECT_THROW(make_token("", {Kind::open, kId, 0, ""}), std::invalid_argument);
  EXPECT_THROW(make_token(kSecret, {Kind::open, "", 0, ""}), std::invalid_argument);
  EXPECT_THROW(make_token(kSecret, {Kind::open, kId, 0, "https://x.example"}),
               std::invalid_argument);
  EXPECT_THROW(make_token(kSecret, {Kind::click, kId, 0, "javascript:alert(1)"}),
               std::invalid_argument);
  EXPECT_THROW(make_token(kSecret, {Kind::click, kId, 0, "//evil.example"}), std::invalid_argument);
  EXPECT_THROW(make_token(kSecret, {Kind::click, kId, 70000, "https://x.example"}),
               std::invalid_argument);
  EXPECT_THROW(make_token(kSecret, {Kind::click, std::string(256, 'A'), 0, "https://x.example"}),
               std::invalid_argument);
}

TEST(Base64url, OnlyCanonicalEncodingsDecode) {
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
  EXPECT_EQ(*base64url_decode("-_8"), "\xfb\xff");
  EXPECT_FALSE(base64url_decode("-_9"));  // same bytes, non-zero spare bits
  EXPECT_FALSE(base64url_decode("-_8="));
  EXPECT_FALSE(base64url_decode("A"));
  EXPECT_EQ(base64_encode("ab"), "YWI=");
  EXPECT_EQ(*base64_decode("YWI="), "ab");
  EXPECT_FALSE(base64_decode("YWI"));
  EXPECT_FALSE(base64_decode("Y WI="));
}

}  // namespace
}  // namespace herald::tracking
