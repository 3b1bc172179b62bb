#pragma once
// Admin passwords: PBKDF2-HMAC-SHA256 with a random salt, stored as
// "pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>" so the cost can be raised later.
#include <string>

namespace herald::ui {

inline constexpr int kPasswordIterations = 210'000;  // OWASP 2023 advice for PBKDF2-SHA256

std::string hash_password(const std::string& password, int iterations = kPasswordIterations);
// False for a wrong password and for a stored value that is not in the format above.
bool verify_password(const std::string& password, const std::string& stored);

}  // namespace herald::ui
