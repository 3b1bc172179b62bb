#pragma once
// Runs tests/support/smtp_server.py (a real SMTP server, aiosmtpd) for one test.
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "child_process.h"
#include "support/test_paths.h"

namespace herald::delivery::testing {

class SmtpTestServer {
 public:
  // Throws when the server does not come up: a test must fail, never skip, then.
  explicit SmtpTestServer(std::vector<std::string> extra_args = {}, int port = 0) {
    char dir[] = "/tmp/herald-smtp-XXXXXX";
    if (mkdtemp(dir) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = dir;
    out_ = dir_ + "/messages.jsonl";
    // Lexically: <repo>/tests/data may not exist, and then ".." would not resolve.
    const std::string script =
        (herald::testing::test_data_dir().parent_path() / "support" / "smtp_server.py").string();
    std::vector<std::string> argv{"/usr/bin/python3",   script,  "--port",
                                  std::to_string(port), "--out", out_};
    argv.insert(argv.end(), extra_args.begin(), extra_args.end());
    std::optional<std::string> ready;
    try {
      process_ = std::make_unique<ChildProcess>(argv);
      ready = process_->wait_for_line("READY ", std::chrono::seconds(15));
    } catch (const std::exception&) {
    }
    if (!ready) {
      process_.reset();
      std::error_code ignored;
      std::filesystem::remove_all(dir_, ignored);
      throw std::runtime_error("SMTP test server did not start: /usr/bin/python3 " + script +
                               " (needs python3-aiosmtpd)");
    }
    port_ = std::stoi(ready->substr(6));
  }

  ~SmtpTestServer() {
    process_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  int port() const { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  // Stops the server (SIGTERM) and returns its wait status.
  int stop() { return process_->stop(); }

  // The messages the server accepted so far, one JSON object each.
  std::vector<nlohmann::json> messages() const {
    std::vector<nlohmann::json> out;
    std::ifstream in(out_);
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) out.push_back(nlohmann::json::parse(line));
    return out;
  }

 private:
  std::string dir_;
  std::string out_;
  std::unique_ptr<ChildProcess> process_;
  int port_ = 0;
};

}  // namespace herald::delivery::testing
