// herald user add EMAIL [--password-stdin]: an admin user for the pages.
#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "common/error.h"
#include "config/config.h"
#include "domain/address.h"
#include "store/open_storage.h"
#include "ui/password.h"

namespace herald::cli {

namespace {
std::string read_line(std::istream& in) {
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// Reads from the terminal with echo off.
std::string prompt_password(const char* prompt) {
  std::cerr << prompt << std::flush;
  termios old{};
  const bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
  if (tty) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  auto line = read_line(std::cin);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::cerr << "\n";
  }
  return line;
}
}  // namespace

int user_add(const std::string& config_path, const std::string& email, bool password_stdin) {
  auto normalized = domain::normalize_email(email);
  if (email.empty() || !normalized)
    throw bad_request("user add: '" + email + "' is not an email address", "email");
  std::string password;
  if (password_stdin) {
    password = read_line(std::cin);
  } else {
    password = prompt_password("Password: ");
    if (prompt_password("Password again: ") != password)
      throw bad_request("user add: the passwords differ", "password");
  }
  if (password.size() < 8)
    throw bad_request("user add: the password must have at least 8 characters", "password");
  auto cfg = config::load(config_path);
  auto opened = store::open_storage(cfg.storage.url);
  try {
    opened.ui().create_user(*normalized, ui::hash_password(password), SystemClock().now_ms());
  } catch (const Error& e) {
    if (e.code() == ErrorCode::conflict) throw bad_request(e.what(), "email");
    throw;
  }
  std::cout << nlohmann::ordered_json{{"user", *normalized}}.dump() << std::endl;
  return 0;
}

}  // namespace herald::cli
