// When accept() fails for want of file descriptors the server pauses accepting instead of
// retrying at once (the pending connection keeps the listening socket readable, so an immediate
// retry fails again: a busy loop). Measured as the CPU time the server's thread uses while the
// process has no descriptor left, and then the waiting client is served once there are.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <cerrno>
#include <chrono>
#include <ctime>
#include <string>
#include <vector>

#include "http/server.h"

namespace herald::http {
namespace {

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// Uses up every descriptor the process may open but one, which `connect_client` then takes;
// gives them back (and the limit) when destroyed.
class DescriptorExhaustion {
 public:
  DescriptorExhaustion() {
    getrlimit(RLIMIT_NOFILE, &saved_);
    rlimit low = saved_;
    low.rlim_cur = std::min<rlim_t>(saved_.rlim_cur, open_descriptors() + 16);
    setrlimit(RLIMIT_NOFILE, &low);
    const int first = open("/dev/null", O_RDONLY);
    if (first >= 0) fillers_.push_back(first);
    for (int fd; first >= 0 && (fd = dup(first)) >= 0;) fillers_.push_back(fd);
    error_ = errno;
    release_one();
  }
  ~DescriptorExhaustion() { restore(); }
  int error() const { return error_; }
  void release_one() {
    if (fillers_.empty()) return;
    close(fillers_.back());
    fillers_.pop_back();
  }
  void restore() {
    while (!fillers_.empty()) release_one();
    setrlimit(RLIMIT_NOFILE, &saved_);
  }

 private:
  rlimit saved_{};
  std::vector<int> fillers_;
  int error_ = 0;
};

int connect_client(unsigned short port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return fd;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

TEST(ServerOutOfDescriptors, PausesAcceptingAndServesTheClientOnceDescriptorsFree) {
  boost::asio::io_context ioc;
  Router router;
  router.add(bhttp::verb::get, "/ping", [](Request&, Respond respond) {
    respond(json_response(bhttp::status::ok, {{"pong", true}}));
  });
  ConnectionLimits limits;
  limits.accept_pause = std::chrono::milliseconds(100);
  Server server(ioc, "127.0.0.1:0", router, limits);

  DescriptorExhaustion exhaustion;
  ASSERT_EQ(exhaustion.error(), EMFILE);
  const int client = connect_client(server.port());
  ASSERT_GE(client, 0) << "the client takes the one descriptor left";
  const std::string request = "GET /ping HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
  ASSERT_EQ(send(client, request.data(), request.size(), 0), static_cast<ssize_t>(request.size()));

  const double before = thread_cpu_seconds();
  ioc.run_for(std::chrono::seconds(1));
  const double used = thread_cpu_seconds() - before;
  // Retrying accept at once would keep this thread busy for most of the second.
  EXPECT_LT(used, 0.2) << "CPU seconds used in one second without descriptors";

  exhaustion.restore();
  std::string answer;
  char buf[4096];
  for (int i = 0; i < 600 && answer.find("pong") == std::string::npos; ++i) {
    ioc.run_for(std::chrono::milliseconds(50));
    for (ssize_t n; (n = recv(client, buf, sizeof buf, MSG_DONTWAIT)) > 0;)
      answer.append(buf, static_cast<std::size_t>(n));
  }
  close(client);
  EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << answer;
  EXPECT_NE(answer.find("pong"), std::string::npos) << answer;
}

}  // namespace
}  // namespace herald::http
