// Taking a report apart into its leaf parts without a MIME library's object tree.
#include "bounce/mime_parts.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace herald::bounce {
namespace {

struct Seen {
  std::vector<MimeLeaf> leaves;
  std::vector<std::string> copies;  // each leaf's content, kept past the input
  std::vector<std::string> empty;   // prologues of multiparts without parts
};

Seen visit(const std::string& entity) {
  Seen seen;
  const MimeVisitor visitor{
      [&](const MimeLeaf& leaf) {
        seen.leaves.push_back(leaf);
        seen.copies.emplace_back(leaf.content);
      },
      [&](std::string_view prologue, int) { seen.empty.emplace_back(prologue); }};
  visit_mime(entity, visitor);
  return seen;
}

TEST(BounceMimeParts, NestedMultipartsInDocumentOrder) {
  const Seen s = visit(
      "Content-Type: multipart/report; report-type=delivery-status;\r\n"
      "\tboundary=\"outer b\"\r\n"
      "\r\n"
      "preamble\r\n"
      "--outer b\r\n"
      "Content-Type: multipart/alternative; boundary=inner\r\n"
      "\r\n"
      "--inner\r\n"
      "Content-Type: text/plain; charset=\"ISO-8859-1\"\r\n"
      "Content-Transfer-Encoding: Quoted-Printable \r\n"
      "\r\n"
      "Mailbox full\r\n"
      "--inner--\r\n"
      "inner epilogue\r\n"
      "--outer b\r\n"
      "Content-Type: message/delivery-status\r\n"
      "\r\n"
      "Status: 5.2.2\r\n"
      "\r\n"
      "--outer b--  \r\n"
      "epilogue\r\n");
  ASSERT_EQ(s.leaves.size(), 2u);
  EXPECT_EQ(s.leaves[0].type, "text/plain");
  EXPECT_EQ(s.leaves[0].charset, "iso-8859-1");
  EXPECT_EQ(s.leaves[0].encoding, "quoted-printable");
  EXPECT_EQ(s.copies[0], "Mailbox full");  // the line break before a boundary is the boundary's
  EXPECT_EQ(s.leaves[1].type, "message/delivery-status");
  EXPECT_EQ(s.copies[1], "Status: 5.2.2\r\n");
  EXPECT_TRUE(s.empty.empty());
}

TEST(BounceMimeParts, AnEnclosingBoundaryEndsAnInnerMultipart) {
  const Seen s = visit(
      "Content-Type: multipart/mixed; boundary=a\n\n"
      "--a\n"
      "Content-Type: multipart/alternative; boundary=b\n\n"
      "--b\n\n"
      "first\n"
      "--a\n"
      "Content-Type: text/rfc822-headers\n\n"
      "Subject: x\n"
      "--a--\n");
  ASSERT_EQ(s.leaves.size(), 2u);
  EXPECT_EQ(s.leaves[0].type, "text/plain");  // no Content-Type
  EXPECT_EQ(s.copies[0], "first");
  EXPECT_EQ(s.leaves[1].type, "text/rfc822-headers");
  EXPECT_EQ(s.copies[1], "Subject: x");
}

TEST(BounceMimeParts, MultipartWithoutItsBoundaryGivesItsBody) {
  const Seen s = visit("Content-Type: multipart/mixed\n\n--x\n\nhello\n--x--\n");
  EXPECT_TRUE(s.leaves.empty());
  ASSERT_EQ(s.empty.size(), 1u);
  EXPECT_EQ(s.empty[0], "--x\n\nhello\n--x--\n");
}

TEST(BounceMimeParts, ALineThatIsNoHeaderFieldStartsTheContent) {
  const Seen s = visit("Content-Type: text/plain\nThis is the mail system.\n\nmore\n");
  ASSERT_EQ(s.leaves.size(), 1u);
  EXPECT_EQ(s.copies[0], "This is the mail system.\n\nmore\n");
}

TEST(BounceMimeParts, DigestPartsAreMessagesByDefault) {
  const Seen s =
      visit("Content-Type: multipart/digest; boundary=d\n\n--d\n\nFrom: a@b\n\nbody\n--d--\n");
  ASSERT_EQ(s.leaves.size(), 1u);
  EXPECT_EQ(s.leaves[0].type, "message/rfc822");
  EXPECT_EQ(s.copies[0], "From: a@b\n\nbody");
}

}  // namespace
}  // namespace herald::bounce
