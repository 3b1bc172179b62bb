#pragma once
// Secrets kept in the database encrypted (an OMS affiliate token, a webhook secret):
// AES-256-GCM under a key that lives outside the database (a key file, key_file.h), so a copy
// of the database alone does not give them away. A sealed value names its key by a short id,
// so a node holding another key says so instead of reading garbage. The context (e.g.
// "oms:12:affiliate_token") is authenticated with it: a sealed value moved to another store or
// field does not open.
#include <functional>
#include <string>

namespace herald {

class SecretSealer {
 public:
  // Fills `n` bytes with randomness (the nonces); injected for tests.
  using RandomBytes = std::function<void(unsigned char* out, std::size_t n)>;

  // `key`: 32 raw bytes. Throws internal_error otherwise.
  explicit SecretSealer(std::string key, RandomBytes random = {});

  // "v1.<key id>.<hex of nonce | ciphertext | tag>"; "" stays "" (nothing to keep).
  std::string seal(const std::string& clear, const std::string& context) const;
  // Throws Error(internal) naming the reason (another key, tampered, wrong context).
  std::string open(const std::string& sealed, const std::string& context) const;

  // 8 hex digits of the key's SHA-256: not secret, tells keys apart.
  const std::string& key_id() const { return key_id_; }
  // The key id a sealed value names ("" for "" or a value in no known format).
  static std::string key_id_of(const std::string& sealed);

 private:
  std::string key_;
  std::string key_id_;
  RandomBytes random_;
};

}  // namespace herald
