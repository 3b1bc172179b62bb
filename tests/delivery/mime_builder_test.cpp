#include "delivery/mime_builder.h"

#include <gmime/gmime.h>
#include <gtest/gtest.h>

#include <memory>
#include <thread>

namespace herald::delivery {
namespace {

struct Unref {
  void operator()(gpointer p) const {
    if (p != nullptr) g_object_unref(p);
  }
};
template <class T>
using GPtr = std::unique_ptr<T, Unref>;

std::string take(char* s) {
  std::string out = s == nullptr ? "" : s;
  g_free(s);
  return out;
}

GPtr<GMimeMessage> parse(const std::string& raw) {
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  return GPtr<GMimeMessage>(g_mime_parser_construct_message(parser.get(), nullptr));
}

std::string text_of(GMimeObject* part) {
  EXPECT_TRUE(GMIME_IS_TEXT_PART(part));
  return take(g_mime_text_part_get_text(GMIME_TEXT_PART(part)));
}

std::string mime_type(GMimeObject* part) {
  return take(g_mime_content_type_get_mime_type(g_mime_object_get_content_type(part)));
}

std::string header(GMimeMessage* msg, const char* name) {
  const char* v = g_mime_object_get_header(GMIME_OBJECT(msg), name);
  return v == nullptr ? "" : v;
}

std::string addresses(InternetAddressList* list) {
  return take(internet_address_list_to_string(list, nullptr, FALSE));
}

OutgoingEmail order_shipped() {
  OutgoingEmail e;
  e.herald_id = "msg-42";
  e.from = "Butikk Øst <shop@example.com>";
  e.to = {"Sara Nordmann <sara@test.no>"};
  e.cc = {"owner@example.com"};
  e.reply_to = "support@example.com";
  e.subject = "Din ordre er på vei";
  e.text = "Hei Sara,\nDin ordre KRT-1001 er på vei.\n.\nHilsen butikken\n";
  e.html = "<p>Hei Sara,</p>\n<p>Din ordre <b>KRT-1001</b> er på vei.</p>\n";
  e.message_id = "msg-42.1@herald.example.com";
  e.return_path = "bounce+msg-42@example.com";
  return e;
}

TEST(MimeBuilder, AlternativeRoundTripsThroughGMime) {
  const OutgoingEmail email = order_shipped();
  const BuiltMime built = build_mime(email, 1795168800000);  // 2026-11-20T10:00:00Z
  auto msg = parse(built.raw);
  ASSERT_TRUE(msg);

  EXPECT_EQ(g_mime_message_get_subject(msg.get()), std::string("Din ordre er på vei"));
  EXPECT_EQ(g_mime_message_get_message_id(msg.get()), std::string("msg-42.1@herald.example.com"));
  EXPECT_EQ(header(msg.get(), "Message-ID"), "<msg-42.1@herald.example.com>");
  EXPECT_EQ(header(msg.get(), "X-Herald-Message-Id"), "msg-42");
  EXPECT_EQ(header(msg.get(), "MIME-Version"), "1.0");
  EXPECT_EQ(addresses(g_mime_message_get_from(msg.get())), "Butikk Øst <shop@example.com>");
  EXPECT_EQ(addresses(g_mime_message_get_to(msg.get())), "Sara Nordmann <sara@test.no>");
  EXPECT_EQ(addresses(g_mime_message_get_cc(msg.get())), "owner@example.com");
  EXPECT_EQ(addresses(g_mime_message_get_reply_to(msg.get())), "support@example.com");
  GDateTime* date = g_mime_message_get_date(msg.get());
  ASSERT_NE(date, nullptr);
  EXPECT_EQ(g_date_time_to_unix(date), 1795168800);

  GMimeObject* top = g_mime_message_get_mime_part(msg.get());
  ASSERT_TRUE(GMIME_IS_MULTIPART(top));
  EXPECT_EQ(mime_type(top), "multipart/alternative");
  GMimeMultipart* alt = GMIME_MULTIPART(top);
  ASSERT_EQ(g_mime_multipart_get_count(alt), 2);
  GMimeObject* text = g_mime_multipart_get_part(alt, 0);
  GMimeObject* html = g_mime_multipart_get_part(alt, 1);
  EXPECT_EQ(mime_type(text), "text/plain");
  EXPECT_EQ(mime_type(html), "text/html");
  EXPECT_STREQ(g_mime_text_part_get_charset(GMIME_TEXT_PART(text)), "utf-8");
  EXPECT_STREQ(g_mime_text_part_get_charset(GMIME_TEXT_PART(html)), "utf-8");
  // Bodies come back in canonical (CRLF) form.
  EXPECT_EQ(text_of(text),
            "Hei Sara,\r\nDin ordre KRT-1001 er på vei.\r\n.\r\nHilsen butikken\r\n");
  EXPECT_EQ(text_of(html), "<p>Hei Sara,</p>\r\n<p>Din ordre <b>KRT-1001</b> er på vei.</p>\r\n");
}

TEST(MimeBuilder, RawIsSevenBitWithCrlfAndShortLines) {
  OutgoingEmail email = order_shipped();
  email.subject = "Pedido enviado ✓";
  email.text = std::string(2000, 'x') + "\nação ✓\r\nlone cr\rend";
  const BuiltMime built = build_mime(email);
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < built.raw.size(); ++i) {
    const auto c = static_cast<unsigned char>(built.raw[i]);
    ASSERT_LT(c, 0x80) << "8-bit byte at " << i;
    if (c == '\n') {
      ASSERT_GT(i, 0u);
      ASSERT_EQ(built.raw[i - 1], '\r') << "bare LF at " << i;
      EXPECT_LE(i - line_start, 1000u);
      line_start = i + 1;
    } else if (c == '\r') {
      ASSERT_LT(i + 1, built.raw.size());
      ASSERT_EQ(built.raw[i + 1], '\n') << "bare CR at " << i;
    }
  }
  auto msg = parse(built.raw);
  ASSERT_TRUE(msg);
  EXPECT_EQ(g_mime_message_get_subject(msg.get()), std::string("Pedido enviado ✓"));
  EXPECT_EQ(built.headers.find("✓"), std::string::npos);
  EXPECT_NE(built.headers.find("=?"), std::string::npos);
  auto* alt = GMIME_MULTIPART(g_mime_message_get_mime_part(msg.get()));
  EXPECT_EQ(text_of(g_mime_multipart_get_part(alt, 0)),
            std::string(2000, 'x') + "\r\nação ✓\r\nlone cr\r\nend");
}

TEST(MimeBuilder, HeadersAreTheTopBlockOfRaw) {
  const BuiltMime built = build_mime(order_shipped());
  ASSERT_FALSE(built.headers.empty());
  EXPECT_EQ(built.raw.compare(0, built.headers.size(), built.headers), 0);
  EXPECT_EQ(built.raw.compare(built.headers.size(), 2, "\r\n"), 0);
  EXPECT_EQ(built.headers.substr(built.headers.size() - 2), "\r\n");
  EXPECT_EQ(built.headers.find("\r\n\r\n"), std::string::npos);
  EXPECT_NE(built.headers.find("X-Herald-Message-Id: msg-42\r\n"), std::string::npos);
  EXPECT_NE(built.headers.find("Content-Type: multipart/alternative"), std::string::npos);
  EXPECT_NE(("\r\n" + built.headers).find("\r\nDate: "), std::string::npos);
  EXPECT_NE(built.headers.find("\r\nMessage-ID: <msg-42.1@herald.example.com>\r\n"),
            std::string::npos);
}

TEST(MimeBuilder, SinglePartWhenOnlyOneBody) {
  OutgoingEmail email = order_shipped();
  email.html.clear();
  auto text_only = parse(build_mime(email).raw);
  GMimeObject* part = g_mime_message_get_mime_part(text_only.get());
  EXPECT_EQ(mime_type(part), "text/plain");
  EXPECT_EQ(text_of(part),
            "Hei Sara,\r\nDin ordre KRT-1001 er på vei.\r\n.\r\nHilsen butikken\r\n");

  email = order_shipped();
  email.text.clear();
  auto html_only = parse(build_mime(email).raw);
  part = g_mime_message_get_mime_part(html_only.get());
  EXPECT_EQ(mime_type(part), "text/html");
  EXPECT_STREQ(g_mime_text_part_get_charset(GMIME_TEXT_PART(part)), "utf-8");
}

TEST(MimeBuilder, PicksTransferEncodingByContent) {
  OutgoingEmail email = order_shipped();
  email.html.clear();
  email.text = "Hei Sara, din ordre er på vei.\n";
  EXPECT_NE(build_mime(email).raw.find("Content-Transfer-Encoding: quoted-printable"),
            std::string::npos);
  email.text = "✓✓✓✓ ação ✓✓✓✓ ✓✓✓✓ ✓✓✓✓ ✓✓✓✓\n";
  EXPECT_NE(build_mime(email).raw.find("Content-Transfer-Encoding: base64"), std::string::npos);
}

TEST(MimeBuilder, HeaderValuesCannotInjectHeaders) {
  OutgoingEmail email = order_shipped();
  email.subject = "Hello\r\nBcc: victim@example.com";
  email.herald_id = "id\nX-Evil: 1";
  const BuiltMime built = build_mime(email);
  EXPECT_EQ(built.headers.find("\r\nBcc:"), std::string::npos);
  EXPECT_EQ(built.headers.find("\r\nX-Evil:"), std::string::npos);
  auto msg = parse(built.raw);
  EXPECT_EQ(g_mime_message_get_bcc(msg.get()) == nullptr
                ? 0
                : internet_address_list_length(g_mime_message_get_bcc(msg.get())),
            0);
}

TEST(MimeBuilder, ControlCharactersInHeaderValuesBecomeSpaces) {
  using namespace std::string_literals;
  OutgoingEmail email = order_shipped();
  email.subject = "Hei Sara\0Nordmann\x01, ordre\x7f sendt"s;
  email.reply_to = "Kundeservice\0 <help@example.com>"s;
  const BuiltMime built = build_mime(email);
  EXPECT_EQ(built.headers.find('\0'), std::string::npos);
  EXPECT_EQ(built.headers.find('\x01'), std::string::npos);
  EXPECT_EQ(built.headers.find('\x7f'), std::string::npos);
  auto msg = parse(built.raw);
  EXPECT_EQ(std::string(g_mime_message_get_subject(msg.get())), "Hei Sara Nordmann , ordre  sendt");
  EXPECT_NE(addresses(g_mime_message_get_reply_to(msg.get())).find("help@example.com"),
            std::string::npos);
}

TEST(MimeBuilder, GeneratesMessageIdWhenMissing) {
  OutgoingEmail email = order_shipped();
  email.message_id.clear();
  auto msg = parse(build_mime(email).raw);
  EXPECT_EQ(g_mime_message_get_message_id(msg.get()), std::string("msg-42@example.com"));
  email.message_id = "<already@bracketed>";
  msg = parse(build_mime(email).raw);
  EXPECT_EQ(g_mime_message_get_message_id(msg.get()), std::string("already@bracketed"));
}

TEST(MimeBuilder, BuildsConcurrently) {
  std::vector<std::thread> threads;
  std::vector<std::string> raws(4);
  for (std::size_t i = 0; i < raws.size(); ++i)
    threads.emplace_back([&raws, i] { raws[i] = build_mime(order_shipped(), 0).raw; });
  for (auto& t : threads) t.join();
  for (const auto& raw : raws) EXPECT_NE(raw.find("Message-ID: <msg-42.1@"), std::string::npos);
}

TEST(EnvelopeAddress, ExtractsAddrSpec) {
  EXPECT_EQ(envelope_address("Shop <shop@example.com>"), "shop@example.com");
  EXPECT_EQ(envelope_address("  sara@test.no "), "sara@test.no");
  EXPECT_EQ(envelope_address("\"Kari <Nordmann>\" <kari@test.no>"), "kari@test.no");
  EXPECT_EQ(envelope_address(""), "");
}

}  // namespace
}  // namespace herald::delivery
