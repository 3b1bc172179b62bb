#include "common/sealed_secret.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>

#include "common/error.h"
#include "common/hex.h"
#include "common/ids.h"

namespace herald {

namespace {
constexpr std::size_t kKeyBytes = 32, kNonceBytes = 12, kTagBytes = 16;
constexpr const char* kVersion = "v1";

using Ctx = std::unique_ptr<EVP_CIPHER_CTX, void (*)(EVP_CIPHER_CTX*)>;

Ctx new_ctx() {
  Ctx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  if (!ctx) throw internal_error("EVP_CIPHER_CTX_new failed");
  return ctx;
}

const unsigned char* bytes(const std::string& s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}
unsigned char* bytes(std::string& s) {
  return reinterpret_cast<unsigned char*>(s.data());
}
}  // namespace

SecretSealer::SecretSealer(std::string key, RandomBytes random)
    : key_(std::move(key)), random_(std::move(random)) {
  if (key_.size() != kKeyBytes) throw internal_error("a sealing key must be 32 bytes");
  key_id_ = sha256_hex(key_).substr(0, 8);
  if (!random_)
    random_ = [](unsigned char* out, std::size_t n) {
      if (RAND_bytes(out, static_cast<int>(n)) != 1) throw internal_error("RAND_bytes failed");
    };
}

std::string SecretSealer::seal(const std::string& clear, const std::string& context) const {
  if (clear.empty()) return {};
  std::string nonce(kNonceBytes, '\0');
  random_(bytes(nonce), nonce.size());
  auto ctx = new_ctx();
  std::string out(clear.size(), '\0');
  std::string tag(kTagBytes, '\0');
  int len = 0;
  if (EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key_), bytes(nonce)) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(context),
                        static_cast<int>(context.size())) != 1 ||
      EVP_EncryptUpdate(ctx.get(), bytes(out), &len, bytes(clear),
                        static_cast<int>(clear.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), bytes(out) + len, &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, bytes(tag)) != 1)
    throw internal_error("AES-256-GCM sealing failed");
  return std::string(kVersion) + "." + key_id_ + "." + hex_of(nonce + out + tag);
}

std::string SecretSealer::key_id_of(const std::string& sealed) {
  const auto dot1 = sealed.find('.');
  const auto dot2 = dot1 == std::string::npos ? dot1 : sealed.find('.', dot1 + 1);
  if (dot2 == std::string::npos || sealed.substr(0, dot1) != kVersion) return {};
  return sealed.substr(dot1 + 1, dot2 - dot1 - 1);
}

std::string SecretSealer::open(const std::string& sealed, const std::string& context) const {
  if (sealed.empty()) return {};
  const auto dot1 = sealed.find('.');
  const auto dot2 = dot1 == std::string::npos ? dot1 : sealed.find('.', dot1 + 1);
  if (dot2 == std::string::npos || sealed.substr(0, dot1) != kVersion)
    throw internal_error("a sealed secret (" + context + ") is not in a known format");
  const std::string id = sealed.substr(dot1 + 1, dot2 - dot1 - 1);
  if (id != key_id_)
    throw internal_error("a secret (" + context + ") was sealed with key " + id +
                         ", this node has key " + key_id_ +
                         ": give every node the same secrets.key_file");
  std::string raw;
  if (!bytes_of_hex(sealed.substr(dot2 + 1), raw) || raw.size() < kNonceBytes + kTagBytes)
    throw internal_error("a sealed secret (" + context + ") is damaged");
  const std::string nonce = raw.substr(0, kNonceBytes);
  std::string tag = raw.substr(raw.size() - kTagBytes);
  const std::string cipher = raw.substr(kNonceBytes, raw.size() - kNonceBytes - kTagBytes);
  auto ctx = new_ctx();
  std::string out(cipher.size(), '\0');
  int len = 0;
  const bool ok =
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key_), bytes(nonce)) == 1 &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(context),
                        static_cast<int>(context.size())) == 1 &&
      EVP_DecryptUpdate(ctx.get(), bytes(out), &len, bytes(cipher),
                        static_cast<int>(cipher.size())) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, bytes(tag)) == 1 &&
      EVP_DecryptFinal_ex(ctx.get(), bytes(out) + len, &len) == 1;
  if (!ok)
    throw internal_error("a sealed secret (" + context + ") does not open: tampered or moved");
  return out;
}

}  // namespace herald
