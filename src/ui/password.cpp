#include "ui/password.h"

#include <openssl/evp.h>

#include <stdexcept>
#include <vector>

#include "common/ids.h"

namespace herald::ui {

namespace {
std::string pbkdf2_hex(const std::string& password, const std::string& salt, int iterations) {
  unsigned char out[32];
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                        reinterpret_cast<const unsigned char*>(salt.data()),
                        static_cast<int>(salt.size()), iterations, EVP_sha256(), sizeof out,
                        out) != 1)
    throw std::runtime_error("PBKDF2 failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : out) {
    hex += kHex[c >> 4];
    hex += kHex[c & 15];
  }
  return hex;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out(1);
  for (char c : s) {
    if (c == sep)
      out.emplace_back();
    else
      out.back() += c;
  }
  return out;
}
}  // namespace

std::string hash_password(const std::string& password, int iterations) {
  const std::string salt = random_hex(16);
  return "pbkdf2-sha256$" + std::to_string(iterations) + "$" + salt + "$" +
         pbkdf2_hex(password, salt, iterations);
}

bool verify_password(const std::string& password, const std::string& stored) {
  auto parts = split(stored, '$');
  if (parts.size() != 4 || parts[0] != "pbkdf2-sha256" || parts[2].empty()) return false;
  int iterations = 0;
  try {
    iterations = std::stoi(parts[1]);
  } catch (const std::exception&) {
    return false;
  }
  if (iterations < 1 || iterations > 10'000'000) return false;
  return constant_time_equal(pbkdf2_hex(password, parts[2], iterations), parts[3]);
}

}  // namespace herald::ui
