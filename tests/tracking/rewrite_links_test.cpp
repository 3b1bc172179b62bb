#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "tracking/tracking_token.h"

namespace herald::tracking {
namespace {

const std::string kSecret = "tracking-secret";
const std::string kId = "01JD5ZK4M3X7Q8R9S0T1V2W3XY";
const std::string kBase = "https://herald.shop.example";

// The tokens of every /t/c/ and /t/o/ URL in `html`, in order.
std::vector<TokenPayload> tracked(const std::string& html, const char* kind) {
  std::vector<TokenPayload> out;
  const std::regex re(kBase + "/t/" + kind + "/([A-Za-z0-9_-]+)");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), re); it != std::sregex_iterator();
       ++it) {
    auto p = read_token(kSecret, (*it)[1].str());
    EXPECT_TRUE(p.has_value());
    if (p) out.push_back(*p);
  }
  return out;
}

// Undo the rewriting: each tracked href goes back to the original text at that spot.
std::string untracked(std::string html, const std::vector<std::string>& originals) {
  const std::regex re(kBase + "/t/c/[A-Za-z0-9_-]+");
  std::string out;
  std::size_t i = 0;
  auto begin = std::sregex_iterator(html.begin(), html.end(), re);
  std::size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    out += html.substr(last, static_cast<std::size_t>(it->position()) - last);
    out += originals.at(i++);
    last = static_cast<std::size_t>(it->position() + it->length());
  }
  return out + html.substr(last);
}

const std::string kShopMail = R"(<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Your order #1001</title>
<style>a.btn { color: #fff; } /* <a href="https://css.example/x">not a link</a> */</style>
</head>
<BODY style="margin:0">
<!--[if mso]><a href="https://outlook-only.example/">Outlook</a><![endif]-->
<table role="presentation"><tr><td>
<a class="btn" href="https://shop.example/orders/1001?utm_source=mail&amp;utm_medium=email"
   target="_blank">Track your order</a>
<A HREF='https://shop.example/account' style="color:#333">Your account</A>
<a
   data-x="1"
   href = "http://shop.example/p/blue-shirt?size=M&#38;color=blue">Blue shirt</a>
<a href=https://shop.example/returns>Returns</a>
<a href="mailto:help@shop.example">Email us</a>
<a href="tel:+4790000000">Call us</a>
<a href="#top">Top</a>
<a href="https://shop.example/unsubscribe?u=7" data-herald-notrack>Unsubscribe</a>
<abbr title="x">abbr</abbr><address>Storgata 1</address>
<a name="anchor-only">no href</a>
<a href="  https://shop.example/spaced  ">Spaced</a>
</td></tr></table>
<script>var s = '<a href="https://script.example/">';</script>
</BODY></html>
)";

TEST(RewriteLinks, RewritesTrackableLinksOnly) {
  const std::string out = rewrite_links(kShopMail, kBase + "/", kSecret, kId, true, false);
  const auto clicks = tracked(out, "c");
  std::vector<std::string> urls;
  for (const auto& p : clicks) {
    EXPECT_EQ(p.kind, TokenPayload::Kind::click);
    EXPECT_EQ(p.herald_id, kId);
    EXPECT_EQ(p.link_index, static_cast<int>(urls.size()));
    urls.push_back(p.url);
  }
  EXPECT_EQ(urls, (std::vector<std::string>{
                      "https://shop.example/orders/1001?utm_source=mail&utm_medium=email",
                      "https://shop.example/account",
                      "http://shop.example/p/blue-shirt?size=M&color=blue",
                      "https://shop.example/returns",
                      "https://shop.example/spaced",
                  }));
  EXPECT_TRUE(tracked(out, "o").empty());
  for (const char* kept : {"mailto:help@shop.example", "tel:+4790000000", "href=\"#top\"",
                           "https://shop.example/unsubscribe?u=7", "https://outlook-only.example/",
                           "https://css.example/x", "https://script.example/"})
    EXPECT_NE(out.find(kept), std::string::npos) << kept;
}

TEST(RewriteLinks, EverythingElseIsByteIdentical) {
  const std::string out = rewrite_links(kShopMail, kBase, kSecret, kId, true, false);
  EXPECT_EQ(untracked(out, {"https://shop.example/orders/1001?utm_source=mail&amp;utm_medium=email",
                            "https://shop.example/account",
                            "http://shop.example/p/blue-shirt?size=M&#38;color=blue",
                            "https://shop.example/returns", "  https://shop.example/spaced  "}),
            kShopMail);
  // Quotes and attributes around each rewritten link are as they were.
  EXPECT_NE(out.find("<A HREF='" + kBase + "/t/c/"), std::string::npos);
  EXPECT_NE(out.find("' style=\"color:#333\">Your account</A>"), std::string::npos);
  EXPECT_NE(out.find("<a href=" + kBase + "/t/c/"), std::string::npos);
}

TEST(RewriteLinks, AddsOneOpenPixelBeforeTheLastBodyEnd) {
  const std::string out = rewrite_links(kShopMail, kBase, kSecret, kId, false, true);
  EXPECT_TRUE(tracked(out, "c").empty());
  const auto opens = tracked(out, "o");
  ASSERT_EQ(opens.size(), 1u);
  EXPECT_EQ(opens[0].kind, TokenPayload::Kind::open);
  EXPECT_EQ(opens[0].herald_id, kId);
  const auto pixel = out.find("<img src=\"" + kBase + "/t/o/");
  const auto body_end = out.find("</BODY>");
  ASSERT_NE(pixel, std::string::npos);
  EXPECT_LT(pixel, body_end);
  EXPECT_NE(out.find("width=\"1\" height=\"1\""), std::string::npos);
  std::string without = out;
  without.erase(pixel, body_end - pixel);
  EXPECT_EQ(without, kShopMail);
}

TEST(RewriteLinks, FragmentsAndSwitches) {
  const std::string fragment = "<p>Hi <a href=\"https://shop.example/\">shop</a></p>";
  EXPECT_EQ(rewrite_links(fragment, kBase, kSecret, kId, false, false), fragment);
  const std::string both = rewrite_links(fragment, kBase, kSecret, kId, true, true);
  EXPECT_EQ(tracked(both, "c").size(), 1u);
  EXPECT_TRUE(both.ends_with("\">"));  // no </body>: the pixel goes at the end
  EXPECT_NE(both.rfind("<img src=\"" + kBase + "/t/o/"), std::string::npos);
  // Already tracked links (a resend of the stored HTML) are not wrapped twice.
  const std::string again = rewrite_links(both, kBase, kSecret, kId, true, false);
  EXPECT_EQ(again, both);
  // Broken markup is copied, not lost.
  const std::string broken = "<p><a href=\"https://shop.example/x";
  EXPECT_EQ(rewrite_links(broken, kBase, kSecret, kId, true, false), broken);
  const std::string comment = "<!-- <a href=\"https://shop.example/\">";
  EXPECT_EQ(rewrite_links(comment, kBase, kSecret, kId, true, false), comment);
}

TEST(RewriteLinks, NumericAndHexEntitiesDecode) {
  const std::string html =
      "<a href=\"https://shop.example/s?q=bl&#229;&amp;x=&#x31;&unknown;\">s</a>";
  const auto clicks = tracked(rewrite_links(html, kBase, kSecret, kId, true, false), "c");
  ASSERT_EQ(clicks.size(), 1u);
  EXPECT_EQ(clicks[0].url, "https://shop.example/s?q=bl\xc3\xa5&x=1&unknown;");
}

}  // namespace
}  // namespace herald::tracking
