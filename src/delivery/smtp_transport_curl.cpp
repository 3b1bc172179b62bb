#include "delivery/smtp_transport_curl.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <optional>
#include <stdexcept>

#include "common/curl_global.h"
#include "delivery/mime_builder.h"
#include "delivery/smtp_dialog.h"
#include "delivery/smtp_reply.h"
#include "domain/smtp_codes.h"

namespace herald::delivery {

namespace {

struct Upload {
  const std::string* data = nullptr;
  std::size_t offset = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* userp) {
  auto* upload = static_cast<Upload*>(userp);
  const std::size_t n = std::min(size * count, upload->data->size() - upload->offset);
  std::copy_n(upload->data->data() + upload->offset, n, buffer);
  upload->offset += n;
  return n;
}

int on_debug(CURL*, curl_infotype type, char* data, std::size_t size, void* userp) {
  auto* dialog = static_cast<SmtpDialog*>(userp);
  if (type == CURLINFO_HEADER_IN) dialog->on_received({data, size});
  if (type == CURLINFO_HEADER_OUT) dialog->on_sent({data, size});
  return 0;
}

// What the progress callback needs to tell a slow TCP connect from a relay that never greets.
struct Opening {
  CURL* curl = nullptr;
  const SmtpConfig* config = nullptr;
  const SmtpDialog* dialog = nullptr;
  std::chrono::steady_clock::time_point started;
  std::string abandoned;  // why the transfer was stopped; empty while it runs
};

std::string duration_text(long ms) {
  return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}

// libcurl bounds the TCP connect and the whole SMTP opening (greeting, EHLO, STARTTLS, AUTH)
// with one connect timeout; here the connect and the wait for the greeting have a limit each.
// libcurl calls this about once a second while it waits, so a limit holds to about a second.
int on_progress(void* userp, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* opening = static_cast<Opening*>(userp);
  if (!opening->dialog->awaiting_greeting()) return 0;  // greeted, or a reused session
  const long elapsed_ms = static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                std::chrono::steady_clock::now() - opening->started)
                                                .count());
  curl_off_t connected_us = 0;
  curl_easy_getinfo(opening->curl, CURLINFO_CONNECT_TIME_T, &connected_us);
  const SmtpConfig& config = *opening->config;
  if (connected_us == 0) {
    if (elapsed_ms < config.connect_timeout_ms) return 0;
    opening->abandoned =
        "no connection to the relay within " + duration_text(config.connect_timeout_ms);
    return 1;
  }
  if (elapsed_ms - connected_us / 1000 < config.greeting_timeout_ms) return 0;
  opening->abandoned = "connected, but the relay sent no greeting within " +
                       duration_text(config.greeting_timeout_ms);
  return 1;
}

// libcurl takes the EHLO name from the URL path.
std::string session_url(const SmtpConfig& config) {
  if (config.helo_domain.empty()) return config.url;
  std::string url = config.url;
  const auto scheme = url.find("://");
  const auto path = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (path != std::string::npos) url.erase(path);
  char* escaped = curl_easy_escape(nullptr, config.helo_domain.c_str(),
                                   static_cast<int>(config.helo_domain.size()));
  url += "/";
  url += escaped;
  curl_free(escaped);
  return url;
}

// The command a reply answered; none sent yet means the greeting.
domain::SmtpCommand answered(const SmtpReply& reply) {
  return reply.command.empty() ? domain::SmtpCommand::connection
                               : domain::smtp_command_from_verb(reply.command);
}

bool is_tls_error(CURLcode rc) {
  return rc == CURLE_SSL_CONNECT_ERROR || rc == CURLE_PEER_FAILED_VERIFICATION ||
         rc == CURLE_USE_SSL_FAILED || rc == CURLE_SSL_CERTPROBLEM || rc == CURLE_SSL_CIPHER ||
         rc == CURLE_SSL_CACERT_BADFILE;
}

}  // namespace

class CurlSmtpTransport::Session {
 public:
  explicit Session(SmtpConfig config) : config_(std::move(config)) {
    ensure_curl_initialized();
    curl_ = curl_easy_init();
    if (curl_ == nullptr) throw std::runtime_error("curl_easy_init failed");
    url_ = session_url(config_);
    curl_easy_setopt(curl_, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(curl_, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
    if (!config_.username.empty()) {
      curl_easy_setopt(curl_, CURLOPT_USERNAME, config_.username.c_str());
      curl_easy_setopt(curl_, CURLOPT_PASSWORD, config_.password.c_str());
    }
    curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYPEER, config_.verify_tls ? 1L : 0L);
    curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYHOST, config_.verify_tls ? 2L : 0L);
    // libcurl's limit covers the whole opening; on_progress holds the connect and the greeting
    // to theirs, and EHLO, STARTTLS and AUTH get as long again as the greeting.
    curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT_MS,
                     config_.connect_timeout_ms + 2 * config_.greeting_timeout_ms);
    opening_.curl = curl_;
    opening_.config = &config_;
    opening_.dialog = &dialog_;
    curl_easy_setopt(curl_, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl_, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(curl_, CURLOPT_XFERINFODATA, &opening_);
    curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, config_.timeout_ms);
    curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, error_);
    // The debug stream is the only place libcurl shows the server's reply text.
    curl_easy_setopt(curl_, CURLOPT_VERBOSE, 1L);
    curl_easy_setopt(curl_, CURLOPT_DEBUGFUNCTION, on_debug);
    curl_easy_setopt(curl_, CURLOPT_DEBUGDATA, &dialog_);
    curl_easy_setopt(curl_, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl_, CURLOPT_READFUNCTION, read_upload);
  }

  ~Session() {
    if (curl_ != nullptr) curl_easy_cleanup(curl_);  // sends QUIT on an open connection
  }

  domain::RecipientResult deliver(const std::string& mail_from, const std::string& rcpt,
                                  const std::string& raw) {
    for (int attempt = 0;; ++attempt) {
      const bool reusing = connection_open_;
      const CURLcode rc = transaction(mail_from, rcpt, raw);
      // libcurl keeps the connection after a successful transaction and closes it otherwise.
      connection_open_ = rc == CURLE_OK;
      // The server may have dropped the kept-alive connection while we were idle, silently or
      // with a 421 that we read as the answer to our MAIL FROM.
      const auto& replies = dialog_.replies();
      const bool stale = rc != CURLE_OK && reusing &&
                         (replies.empty() || (replies.size() <= 2 && replies[0].code == 421));
      if (stale && attempt == 0) continue;
      return interpret(rc, rcpt);
    }
  }

  // Set when the relay itself failed (unreachable, timed out, refused the session): later
  // recipients of the same message would fail the same way.
  bool session_failed() const { return session_failed_; }
  // Why no session could be opened at all (no connection, no greeting, a refused greeting);
  // empty when the relay greeted.
  const std::string& unreachable() const { return unreachable_; }

 private:
  CURLcode transaction(const std::string& mail_from, const std::string& rcpt,
                       const std::string& raw) {
    dialog_.clear();
    error_[0] = '\0';
    session_failed_ = false;
    unreachable_.clear();
    opening_.abandoned.clear();
    opening_.started = std::chrono::steady_clock::now();
    Upload upload{&raw, 0};
    curl_slist* rcpts = curl_slist_append(nullptr, rcpt.c_str());
    curl_easy_setopt(curl_, CURLOPT_MAIL_FROM, mail_from.c_str());
    curl_easy_setopt(curl_, CURLOPT_MAIL_RCPT, rcpts);
    curl_easy_setopt(curl_, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl_, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(raw.size()));
    const CURLcode rc = curl_easy_perform(curl_);
    curl_easy_setopt(curl_, CURLOPT_MAIL_RCPT, nullptr);
    curl_slist_free_all(rcpts);
    return rc;
  }

  domain::RecipientResult interpret(CURLcode rc, const std::string& rcpt) {
    const std::optional<SmtpReply> last = dialog_.last_reply();
    if (rc == CURLE_OK) {
      if (last && last->code / 100 == 2) return classify_smtp_reply(rcpt, last->code, last->text);
      return classify_smtp_reply(rcpt, 250, "250 accepted");
    }
    if (last && last->code >= 400) {
      domain::RecipientResult r =
          classify_smtp_reply(rcpt, last->code, last->text, answered(*last));
      if (last->command == "RCPT" || last->command == "DATA") return r;
      if (last->command == "MAIL") {
        // Our sender was refused: nothing wrong with the recipient, and retrying will not help.
        if (r.outcome == domain::Outcome::bounced) r.outcome = domain::Outcome::failed;
        return r;
      }
      // Greeting, EHLO, STARTTLS or AUTH refused: the relay or our credentials are at fault.
      session_failed_ = true;
      if (last->command.empty()) unreachable_ = domain::reply_detail(last->text);
      r.outcome = domain::Outcome::deferred;
      if (last->command == "AUTH") r.reason = "securityerror";
      return r;
    }
    session_failed_ = true;
    std::string detail = curl_easy_strerror(rc);
    if (error_[0] != '\0') detail += std::string(": ") + error_;
    if (!opening_.abandoned.empty()) detail = opening_.abandoned;
    if (!last) unreachable_ = detail;
    domain::RecipientResult r = classify_smtp_reply(rcpt, 0, detail);
    if (is_tls_error(rc)) r.reason = "securityerror";
    return r;
  }

  SmtpConfig config_;
  std::string url_;
  CURL* curl_ = nullptr;
  SmtpDialog dialog_;
  char error_[CURL_ERROR_SIZE] = {};
  bool session_failed_ = false;
  bool connection_open_ = false;
  std::string unreachable_;
  Opening opening_;
};

CurlSmtpTransport::CurlSmtpTransport(SmtpConfig config)
    : session_(std::make_unique<Session>(std::move(config))) {}

CurlSmtpTransport::~CurlSmtpTransport() = default;

EmailSendResult CurlSmtpTransport::send(const OutgoingEmail& email) {
  EmailSendResult result;
  const BuiltMime mime = build_mime(email);
  result.headers = mime.headers;
  const std::string mail_from = email.return_path.empty() ? envelope_address(email.from)
                                                          : envelope_address(email.return_path);
  std::optional<domain::RecipientResult> relay_failure;
  for (const std::string& rcpt : envelope_recipients(email)) {
    if (relay_failure) {
      domain::RecipientResult same = *relay_failure;
      same.address = rcpt;
      result.recipients.push_back(std::move(same));
      continue;
    }
    result.recipients.push_back(session_->deliver(mail_from, rcpt, mime.raw));
    if (session_->session_failed()) {
      relay_failure = result.recipients.back();
      result.relay_unreachable = session_->unreachable();
    }
  }
  return result;
}

}  // namespace herald::delivery
