#include "ui/session.h"

#include "common/ids.h"
#include "domain/address.h"
#include "ui/password.h"

namespace herald::ui {

std::map<std::string, std::string> parse_cookies(const std::string& header) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    std::string part = header.substr(pos, end - pos);
    pos = end + 1;
    auto eq = part.find('=');
    if (eq == std::string::npos) continue;
    auto trim = [](std::string s) {
      s.erase(0, s.find_first_not_of(" \t"));
      s.erase(s.find_last_not_of(" \t") + 1);
      return s;
    };
    out.emplace(trim(part.substr(0, eq)), trim(part.substr(eq + 1)));
  }
  return out;
}

NewSession make_session(const store::UserRecord& user, TimeMs now) {
  NewSession s;
  s.token = random_hex(32);
  s.record.token_hash = session_token_hash(s.token);
  s.record.user_id = user.id;
  s.record.user_email = user.email;
  s.record.csrf_token = random_hex(32);
  s.record.created_at = now;
  s.record.expires_at = now + kSessionLifetimeMs;
  return s;
}

std::string session_cookie(const std::string& token, TimeMs max_age_ms, bool secure) {
  return std::string(kSessionCookie) + "=" + token +
         "; Path=/; Max-Age=" + std::to_string(max_age_ms / 1000) + "; HttpOnly; SameSite=Strict" +
         (secure ? "; Secure" : "");
}

std::string session_token_hash(const std::string& token) {
  return sha256_hex(token);
}

std::optional<store::SessionRecord> current_session(store::UiStorage& ui, const http::Request& req,
                                                    TimeMs now) {
  auto cookies = parse_cookies(req.header(http::bhttp::field::cookie));
  auto it = cookies.find(kSessionCookie);
  if (it == cookies.end() || it->second.size() != 64) return std::nullopt;
  return ui.find_session(session_token_hash(it->second), now);
}

bool csrf_ok(const store::SessionRecord& session, const std::map<std::string, std::string>& form) {
  auto it = form.find("csrf");
  return it != form.end() && !session.csrf_token.empty() &&
         constant_time_equal(it->second, session.csrf_token);
}

std::optional<store::UserRecord> check_login(store::UiStorage& ui, const std::string& email,
                                             const std::string& password) {
  // A valid hash of nothing in particular, so an unknown user costs one PBKDF2 run too.
  static const std::string kDummy = hash_password("herald-dummy-password");
  auto normalized = domain::normalize_email(email);
  auto user = normalized ? ui.find_user(*normalized) : std::nullopt;
  const bool ok = verify_password(password, user ? user->password_hash : kDummy);
  if (!user || !ok) return std::nullopt;
  return user;
}

}  // namespace herald::ui
