#include "common/ids.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>

#include "common/hex.h"

namespace herald {

namespace {
// Served from a per-thread buffer refilled 4 KiB at a time: each RAND_bytes call costs a
// system call (OpenSSL's fork check), and ids are made for every message.
void random_bytes(unsigned char* out, size_t n) {
  thread_local std::array<unsigned char, 4096> pool;
  thread_local size_t used = pool.size();
  while (n > 0) {
    if (used == pool.size()) {
      if (RAND_bytes(pool.data(), static_cast<int>(pool.size())) != 1)
        throw std::runtime_error("RAND_bytes failed");
      used = 0;
    }
    size_t take = std::min(n, pool.size() - used);
    std::memcpy(out, pool.data() + used, take);
    std::fill_n(pool.begin() + static_cast<long>(used), take, 0);  // never hand out bytes twice
    used += take;
    out += take;
    n -= take;
  }
}
}  // namespace

std::string new_ulid(TimeMs now) {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  std::array<unsigned char, 10> rnd{};
  random_bytes(rnd.data(), rnd.size());
  std::string out(26, '0');
  auto t = static_cast<std::uint64_t>(now);
  for (int i = 9; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kAlphabet[t & 31];
    t >>= 5;
  }
  // 80 random bits -> 16 characters of 5 bits.
  for (size_t i = 0; i < 16; ++i) {
    size_t bit = i * 5;
    unsigned v = (rnd[bit / 8] << 8) | (bit / 8 + 1 < rnd.size() ? rnd[bit / 8 + 1] : 0);
    out[10 + i] = kAlphabet[(v >> (11 - bit % 8)) & 31];
  }
  return out;
}

std::string random_hex(size_t bytes) {
  std::string buf(bytes, '\0');
  random_bytes(reinterpret_cast<unsigned char*>(buf.data()), bytes);
  return hex_of(buf);
}

std::string sha256_hex(const std::string& data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md.data(), &len, EVP_sha256(), nullptr);
  return hex_of({reinterpret_cast<const char*>(md.data()), len});
}

std::string hmac_sha256_hex(const std::string& key, const std::string& data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), md.data(), &len);
  return hex_of({reinterpret_cast<const char*>(md.data()), len});
}

bool constant_time_equal(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace herald
