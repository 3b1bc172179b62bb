#include "providers/kannel/kannel_transport.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

namespace herald::providers {
using delivery::OutgoingSms;
namespace {

using domain::Outcome;

// A scripted HTTP server on 127.0.0.1 standing in for Kannel's smsbox: records each request
// target and answers with the next scripted status and body, one request per connection.
class FakeSmsbox {
 public:
  explicit FakeSmsbox(std::deque<std::pair<int, std::string>> answers)
      : answers_(std::move(answers)) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd_, 8) != 0)
      throw std::runtime_error("FakeSmsbox: cannot listen");
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }

  ~FakeSmsbox() {
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    thread_.join();
  }

  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/cgi-bin/sendsms";
  }

  std::vector<std::string> targets() {
    std::lock_guard lock(mutex_);
    return targets_;
  }

 private:
  void serve() {
    for (;;) {
      const int client = accept(fd_, nullptr, nullptr);
      if (client < 0) return;
      std::string request;
      char buf[4096];
      while (request.find("\r\n\r\n") == std::string::npos) {
        const ssize_t n = read(client, buf, sizeof buf);
        if (n <= 0) break;
        request.append(buf, static_cast<std::size_t>(n));
      }
      std::pair<int, std::string> answer{500, "no answer scripted"};
      {
        std::lock_guard lock(mutex_);
        const auto sp1 = request.find(' ');
        const auto sp2 = request.find(' ', sp1 + 1);
        targets_.push_back(request.substr(sp1 + 1, sp2 - sp1 - 1));
        if (!answers_.empty()) {
          answer = answers_.front();
          answers_.pop_front();
        }
      }
      const std::string response = "HTTP/1.1 " + std::to_string(answer.first) +
                                   " Whatever\r\nContent-Type: text/html\r\nContent-Length: " +
                                   std::to_string(answer.second.size()) +
                                   "\r\nConnection: close\r\n\r\n" + answer.second;
      if (write(client, response.data(), response.size()) < 0) {
        // the client went away; nothing to do
      }
      close(client);
    }
  }

  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::deque<std::pair<int, std::string>> answers_;
  std::vector<std::string> targets_;
};

std::string url_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i] == '+' ? ' ' : s[i];
    }
  }
  return out;
}

// The decoded parameters of a request target, as Kannel would see them.
std::map<std::string, std::string> params_of(const std::string& target) {
  std::map<std::string, std::string> out;
  const auto q = target.find('?');
  std::string_view query = q == std::string::npos ? "" : std::string_view(target).substr(q + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    out[url_decode(pair.substr(0, eq))] =
        eq == std::string_view::npos ? "" : url_decode(pair.substr(eq + 1));
    query = amp == std::string_view::npos ? "" : query.substr(amp + 1);
  }
  return out;
}

OutgoingSms sms(std::string text) {
  OutgoingSms s;
  s.herald_id = "msg-9";
  s.from = "SHOP";
  s.to = "+4790000000";
  s.text = std::move(text);
  s.dlr_url = "http://127.0.0.1:8080/v1/providers/kannel/events?id=msg-9&type=%d&answer=%A";
  return s;
}

KannelConfig config_for(const FakeSmsbox& box) {
  KannelConfig c;
  c.url = box.url();
  c.username = "herald";
  c.password = "p&ss=word";
  c.timeout_ms = 5000;
  return c;
}

TEST(CurlKannelTransport, SendsTheParametersAndMapsAcceptedThenTemporalFailure) {
  FakeSmsbox box({{202, "0: Accepted for delivery"}, {503, "Temporal failure, try again later."}});
  CurlKannelTransport transport(config_for(box));

  const auto accepted = transport.send(sms("Din ordre er på vei"));
  EXPECT_EQ(accepted.address, "+4790000000");
  EXPECT_EQ(accepted.outcome, Outcome::sent);
  EXPECT_EQ(accepted.smtp_code, 202);
  EXPECT_EQ(accepted.detail, "0: Accepted for delivery");

  const auto deferred = transport.send(sms("Pedido enviado ✓"));
  EXPECT_EQ(deferred.outcome, Outcome::deferred);
  EXPECT_EQ(deferred.smtp_code, 503);
  EXPECT_EQ(deferred.reason, "networkerror");
  EXPECT_EQ(deferred.detail, "Temporal failure, try again later.");

  const auto targets = box.targets();
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_EQ(targets[0].rfind("/cgi-bin/sendsms?", 0), 0u) << targets[0];
  auto p = params_of(targets[0]);
  EXPECT_EQ(p["username"], "herald");
  EXPECT_EQ(p["password"], "p&ss=word");
  EXPECT_EQ(p["from"], "SHOP");
  EXPECT_EQ(p["to"], "+4790000000");
  EXPECT_EQ(p["text"], "Din ordre er på vei");
  EXPECT_EQ(p["charset"], "UTF-8");
  EXPECT_EQ(p.count("coding"), 0u);  // GSM 7-bit: å is in the alphabet
  EXPECT_EQ(p["dlr-mask"], "31");
  // Kannel decodes the query once and then fills in %d and %A itself.
  EXPECT_EQ(p["dlr-url"],
            "http://127.0.0.1:8080/v1/providers/kannel/events?id=msg-9&type=%d&answer=%A");

  p = params_of(targets[1]);
  EXPECT_EQ(p["text"], "Pedido enviado ✓");
  EXPECT_EQ(p["coding"], "2");
}

TEST(CurlKannelTransport, OldStyleSentAnswerIsSent) {
  FakeSmsbox box({{200, "Sent."}});
  CurlKannelTransport transport(config_for(box));
  const auto r = transport.send(sms("Hei"));
  EXPECT_EQ(r.outcome, Outcome::sent);
  EXPECT_EQ(r.smtp_code, 200);
}

TEST(CurlKannelTransport, ClientErrorFailsWithKannelsWords) {
  FakeSmsbox box({{403, "Authorization failed for sendsms"}});
  CurlKannelTransport transport(config_for(box));
  const auto r = transport.send(sms("Hei"));
  EXPECT_EQ(r.outcome, Outcome::failed);
  EXPECT_EQ(r.smtp_code, 403);
  EXPECT_EQ(r.detail, "Authorization failed for sendsms");
}

TEST(CurlKannelTransport, NoDeliveryReportParametersWithoutADlrUrl) {
  FakeSmsbox box({{202, "0: Accepted for delivery"}});
  CurlKannelTransport transport(config_for(box));
  OutgoingSms message = sms("Kode: 123456");
  message.dlr_url.clear();
  message.from.clear();
  EXPECT_EQ(transport.send(message).outcome, Outcome::sent);
  const auto p = params_of(box.targets().at(0));
  EXPECT_EQ(p.count("dlr-url"), 0u);
  EXPECT_EQ(p.count("dlr-mask"), 0u);
  EXPECT_EQ(p.count("from"), 0u);
  EXPECT_EQ(p.at("text"), "Kode: 123456");
}

TEST(CurlKannelTransport, UnreachableGatewayIsDeferred) {
  int port = 0;
  {
    FakeSmsbox gone({});
    port = std::stoi(gone.url().substr(gone.url().rfind(':') + 1));
  }
  KannelConfig config;
  config.url = "http://127.0.0.1:" + std::to_string(port) + "/cgi-bin/sendsms";
  CurlKannelTransport transport(config);
  const auto r = transport.send(sms("Hei"));
  EXPECT_EQ(r.address, "+4790000000");
  EXPECT_EQ(r.outcome, Outcome::deferred);
  EXPECT_EQ(r.reason, "networkerror");
  EXPECT_EQ(r.smtp_code, 0);
  EXPECT_NE(r.detail.find("onnect"), std::string::npos) << r.detail;
}

TEST(KannelQuery, EncodesEveryValueOnce) {
  KannelConfig config;
  config.username = "u";
  config.password = "p";
  OutgoingSms s = sms("a b&c=d%");
  EXPECT_EQ(kannel_query(config, s),
            "username=u&password=p&from=SHOP&to=%2B4790000000&text=a%20b%26c%3Dd%25"
            "&charset=UTF-8&dlr-mask=31&dlr-url=http%3A%2F%2F127.0.0.1%3A8080%2Fv1%2Fproviders"
            "%2Fkannel%2Fevents%3Fid%3Dmsg-9%26type%3D%25d%26answer%3D%25A");
}

}  // namespace
}  // namespace herald::providers
