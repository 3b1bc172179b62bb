// Secrets sealed with AES-256-GCM: they open only with their key and context.
#include "common/sealed_secret.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "common/key_file.h"
#include "support/temp_dir.h"

namespace herald {
namespace {

std::string key(char fill) {
  return std::string(32, fill);
}

TEST(SealedSecret, OpensWithItsKeyAndContextOnly) {
  const SecretSealer sealer(key('a'));
  const auto sealed = sealer.seal("tok-12345678", "oms:1:affiliate_token");
  EXPECT_EQ(sealed.rfind("v1." + sealer.key_id() + ".", 0), 0u) << sealed;
  EXPECT_EQ(sealed.find("tok-12345678"), std::string::npos);
  EXPECT_EQ(sealer.open(sealed, "oms:1:affiliate_token"), "tok-12345678");
  EXPECT_THROW(sealer.open(sealed, "oms:2:affiliate_token"), Error);
  EXPECT_THROW(SecretSealer(key('b')).open(sealed, "oms:1:affiliate_token"), Error);
  auto tampered = sealed;
  tampered.back() = tampered.back() == '0' ? '1' : '0';
  EXPECT_THROW(sealer.open(tampered, "oms:1:affiliate_token"), Error);
  EXPECT_EQ(sealer.seal("", "x"), "");
  EXPECT_EQ(sealer.open("", "x"), "");
}

TEST(SealedSecret, EachSealingTakesAFreshNonce) {
  const SecretSealer sealer(key('a'));
  EXPECT_NE(sealer.seal("same", "c"), sealer.seal("same", "c"));
}

TEST(SealedSecret, AnotherKeyIsNamedInTheError) {
  const SecretSealer first(key('a')), second(key('b'));
  try {
    second.open(first.seal("x", "c"), "c");
    FAIL() << "opened with another key";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.detail()).find(first.key_id()), std::string::npos) << e.detail();
  }
}

TEST(KeyFile, IsCreatedOnceThenRead) {
  testing::TempDir dir;
  const std::string path = dir.file("sub/secrets.key");
  const auto k = load_or_create_key_file(path);
  EXPECT_EQ(k.size(), 32u);
  EXPECT_EQ(load_or_create_key_file(path), k);
  const auto perms = std::filesystem::status(path).permissions();
  EXPECT_EQ(perms & std::filesystem::perms::group_read, std::filesystem::perms::none);
  std::ofstream(dir.file("bad.key")) << "not a key\n";
  EXPECT_THROW(load_or_create_key_file(dir.file("bad.key")), Error);
}

}  // namespace
}  // namespace herald
