#include "providers/twilio/twilio_transport.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "http/message.h"

namespace herald::providers {
using delivery::OutgoingSms;
namespace {

using domain::Outcome;

struct Answer {
  int status;  // 0: close the connection without answering
  std::string body;
};

// A scripted stand-in for Twilio's API on 127.0.0.1: records each request whole and answers
// with the next scripted response, one request per connection.
class FakeTwilio {
 public:
  explicit FakeTwilio(std::deque<Answer> answers) : answers_(std::move(answers)) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd_, 8) != 0)
      throw std::runtime_error("FakeTwilio: cannot listen");
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~FakeTwilio() {
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    thread_.join();
  }
  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<std::string> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  void serve() {
    for (;;) {
      const int client = accept(fd_, nullptr, nullptr);
      if (client < 0) return;
      std::string request;
      char buf[4096];
      std::size_t need = std::string::npos;
      while (need == std::string::npos || request.size() < need) {
        const ssize_t n = read(client, buf, sizeof buf);
        if (n <= 0) break;
        request.append(buf, static_cast<std::size_t>(n));
        const auto head_end = request.find("\r\n\r\n");
        if (need == std::string::npos && head_end != std::string::npos) {
          const auto cl = request.find("Content-Length: ");
          need = head_end + 4 + (cl == std::string::npos ? 0 : std::stoul(request.substr(cl + 16)));
        }
      }
      Answer answer{500, "no answer scripted"};
      {
        std::lock_guard lock(mutex_);
        requests_.push_back(request);
        if (!answers_.empty()) {
          answer = answers_.front();
          answers_.pop_front();
        }
      }
      if (answer.status != 0) {
        const std::string response = "HTTP/1.1 " + std::to_string(answer.status) +
                                     " Whatever\r\nContent-Type: application/json\r\n"
                                     "Content-Length: " +
                                     std::to_string(answer.body.size()) +
                                     "\r\nConnection: close\r\n\r\n" + answer.body;
        if (write(client, response.data(), response.size()) < 0) {
          // the client gave up; nothing to do
        }
      }
      close(client);
    }
  }

  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::deque<Answer> answers_;
  std::vector<std::string> requests_;
};

TwilioConfig config_for(const FakeTwilio& fake) {
  TwilioConfig c;
  c.account_sid = "AC0123456789abcdef0123456789abcdef";
  c.auth_token = "secret-token";
  c.from = "+4790000001";
  c.api_base = fake.base();
  c.timeout_ms = 5000;
  return c;
}

OutgoingSms sms() {
  OutgoingSms s;
  s.herald_id = "01JD5ZK4M3X7Q8R9S0T1V2W3XY";
  s.to = "+4790000000";
  s.text = "Your order #1001 is on its way — track it: https://shop.example/t/1001";
  s.dlr_url = "https://herald.example/v1/providers/twilio/events?id=01JD5ZK4M3X7Q8R9S0T1V2W3XY";
  return s;
}

std::string body_of(const std::string& request) {
  return request.substr(request.find("\r\n\r\n") + 4);
}

TEST(TwilioTransport, SentThenFailedThenDeferred) {
  FakeTwilio fake({
      {201, R"({"sid":"SM4262411b90e5464b98a4f66a49c57a97","status":"queued"})"},
      {400,
       R"({"code":21211,"message":"The 'To' number +4790000000 is not a valid phone number.",
           "more_info":"https://www.twilio.com/docs/errors/21211","status":400})"},
      {503, R"({"code":20500,"message":"Service unavailable"})"},
  });
  CurlTwilioTransport transport(config_for(fake));

  const auto sent = transport.send(sms());
  EXPECT_EQ(sent.outcome, Outcome::sent);
  EXPECT_EQ(sent.smtp_code, 201);
  EXPECT_EQ(sent.detail, "SM4262411b90e5464b98a4f66a49c57a97");
  EXPECT_EQ(sent.address, "+4790000000");

  const auto bad = transport.send(sms());
  EXPECT_EQ(bad.outcome, Outcome::bounced);  // the number itself is invalid
  EXPECT_EQ(bad.smtp_code, 400);
  EXPECT_EQ(bad.reason, "userunknown");
  EXPECT_NE(bad.detail.find("Twilio error 21211"), std::string::npos) << bad.detail;
  EXPECT_NE(bad.detail.find("The phone number is not valid"), std::string::npos) << bad.detail;

  const auto later = transport.send(sms());
  EXPECT_EQ(later.outcome, Outcome::deferred);
  EXPECT_EQ(later.smtp_code, 503);

  const auto requests = fake.requests();
  ASSERT_EQ(requests.size(), 3u);
  const std::string& first = requests[0];
  EXPECT_TRUE(first.starts_with(
      "POST /2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json HTTP/1.1"))
      << first;
  // Basic auth sid:token.
  EXPECT_NE(first.find("Authorization: Basic "
                       "QUMwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjpzZWNyZXQtdG9rZW4="),
            std::string::npos)
      << first;
  EXPECT_NE(first.find("Content-Type: application/x-www-form-urlencoded"), std::string::npos);
  const auto form = http::parse_query(body_of(first));
  EXPECT_EQ(form.at("To"), "+4790000000");
  EXPECT_EQ(form.at("From"), "+4790000001");
  EXPECT_EQ(form.at("Body"), sms().text);
  EXPECT_EQ(form.at("StatusCallback"), sms().dlr_url);
}

TEST(TwilioTransport, OtherRefusalsFailAndRateLimitsDefer) {
  FakeTwilio fake({
      {401, R"({"code":20003,"message":"Authenticate","status":401})"},
      {400, R"({"code":21610,"message":"Attempt to send to unsubscribed recipient","status":400})"},
      {429, R"({"code":20429,"message":"Too Many Requests","status":429})"},
      {0, ""},
  });
  CurlTwilioTransport transport(config_for(fake));
  const auto auth = transport.send(sms());
  EXPECT_EQ(auth.outcome, Outcome::failed);
  EXPECT_EQ(auth.reason, "securityerror");
  const auto stop = transport.send(sms());
  EXPECT_EQ(stop.outcome, Outcome::bounced);
  EXPECT_EQ(stop.reason, "suppressed");
  const auto slow = transport.send(sms());
  EXPECT_EQ(slow.outcome, Outcome::deferred);
  EXPECT_EQ(slow.reason, "speeding");
  const auto nothing = transport.send(sms());
  EXPECT_EQ(nothing.outcome, Outcome::deferred);
  EXPECT_EQ(nothing.reason, "networkerror");
  EXPECT_EQ(nothing.smtp_code, 0);
}

TEST(TwilioTransport, NoServerIsDeferred) {
  std::string base;
  {
    FakeTwilio gone({});
    base = gone.base();
  }
  TwilioConfig c;
  c.account_sid = "AC1";
  c.auth_token = "t";
  c.api_base = base;
  CurlTwilioTransport transport(c);
  const auto r = transport.send(sms());
  EXPECT_EQ(r.outcome, Outcome::deferred);
  EXPECT_EQ(r.reason, "networkerror");
}

TEST(TwilioTransport, FormUsesMessagingServiceAndCallbackBase) {
  TwilioConfig c;
  c.from = "MG4d9d720b38f7892254869fabdca51e69";
  c.status_callback_base = "https://herald.example/v1/providers/twilio/events";
  OutgoingSms s = sms();
  s.dlr_url.clear();
  const auto form = http::parse_query(twilio_form(c, s));
  EXPECT_EQ(form.at("MessagingServiceSid"), "MG4d9d720b38f7892254869fabdca51e69");
  EXPECT_FALSE(form.contains("From"));
  EXPECT_EQ(form.at("StatusCallback"),
            "https://herald.example/v1/providers/twilio/events?id=01JD5ZK4M3X7Q8R9S0T1V2W3XY");
  c.status_callback_base.clear();
  c.from.clear();
  s.from = "Shop";
  const auto plain = http::parse_query(twilio_form(c, s));
  EXPECT_EQ(plain.at("From"), "Shop");
  EXPECT_FALSE(plain.contains("StatusCallback"));
}

}  // namespace
}  // namespace herald::providers
