#pragma once
// Page sessions: an HttpOnly, SameSite=Strict cookie naming a row in `sessions` (by its
// SHA-256), and a per-session CSRF token that every form POST must carry.
#include <map>
#include <optional>
#include <string>

#include "http/message.h"
#include "store/ui_storage.h"

namespace herald::ui {

inline constexpr const char* kSessionCookie = "herald_session";
inline constexpr TimeMs kSessionLifetimeMs = 12LL * 3600 * 1000;

std::map<std::string, std::string> parse_cookies(const std::string& header);

struct NewSession {
  std::string token;  // the cookie value
  store::SessionRecord record;
};

// A fresh session for the user: random token and CSRF token.
NewSession make_session(const store::UserRecord& user, TimeMs now);

// Set-Cookie value for the session (empty token with max_age 0 clears it).
std::string session_cookie(const std::string& token, TimeMs max_age_ms, bool secure);

std::string session_token_hash(const std::string& token);

// The session named by the request's cookie, if any and unexpired.
std::optional<store::SessionRecord> current_session(store::UiStorage& ui, const http::Request& req,
                                                    TimeMs now);

// True when the form's csrf field equals the session's token (compared in constant time).
bool csrf_ok(const store::SessionRecord& session, const std::map<std::string, std::string>& form);

// Checks a login. Unknown users cost the same PBKDF2 work as known ones, so timing does not
// tell which emails exist.
std::optional<store::UserRecord> check_login(store::UiStorage& ui, const std::string& email,
                                             const std::string& password);

}  // namespace herald::ui
