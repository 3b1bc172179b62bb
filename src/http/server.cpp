#include "http/server.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <chrono>

#include "common/error.h"
#include "http/error_mapping.h"

namespace herald::http {

namespace {
namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

// A little over 1 MiB so that the handler, not the parser, rejects a body just over the limit
// with its own message; anything larger is cut off by the parser.
constexpr std::uint64_t kBodyLimit = 1024 * 1024 + 1;
constexpr auto kBodyTimeout = std::chrono::seconds(60);
constexpr auto kWriteTimeout = std::chrono::seconds(60);
// After answering a request whose body was not read, the rest is read and discarded before
// closing (as nginx's lingering close does): closing a socket with unread input resets the
// connection, and the client, still sending, may never read the answer.
constexpr auto kLingerTime = std::chrono::seconds(10);
constexpr std::size_t kLingerBytes = 16 * 1024 * 1024;
constexpr std::size_t kReadChunk = 16 * 1024;

// Held by a session for as long as its connection is open.
using ConnectionSlot = std::shared_ptr<void>;

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, const Router& router, const ConnectionLimits& limits,
          ConnectionSlot slot)
      : stream_(std::move(socket)), router_(router), limits_(limits), slot_(std::move(slot)) {
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = ep.address().to_string();
  }

  void start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_header(); });
  }

 private:
  // A keep-alive connection first waits for the next request under the idle timeout; the
  // header timeout starts with its first byte.
  void await_next_request() {
    if (buffer_.size() > 0) return read_header();
    stream_.expires_after(limits_.idle_timeout);
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              if (ec) return self->close();
                              self->buffer_.commit(n);
                              self->read_header();
                            });
  }

  void read_header() {
    parser_.emplace();
    parser_->body_limit(kBodyLimit);
    parser_->header_limit(64 * 1024);
    stream_.expires_after(limits_.header_timeout);
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->read_body(ec); });
  }

  void read_body(beast::error_code ec) {
    if (ec || parser_->is_done()) return on_read(ec);
    stream_.expires_after(kBodyTimeout);
    bhttp::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
        ec == net::error::operation_aborted || ec == net::error::connection_reset)
      return close();
    Request req;
    if (ec == bhttp::error::body_limit) {
      keep_alive_ = false;
      linger_ = true;
      return write(error_response(
          Error(ErrorCode::payload_too_large, "the body is larger than 1 MiB", "body"), req));
    }
    if (ec) {
      keep_alive_ = false;
      linger_ = true;
      return write(error_response(
          Error(ErrorCode::bad_request, "malformed HTTP request", "request", ec.message()), req));
    }
    req.raw = parser_->release();
    keep_alive_ = req.raw.keep_alive();
    auto target = std::string_view(req.raw.target());
    auto q = target.find('?');
    req.path = std::string(target.substr(0, q));
    if (q != std::string_view::npos) req.query = parse_query(target.substr(q + 1));
    req.remote = remote_;
    router_.dispatch(req, [self = shared_from_this()](Response res) {
      net::post(self->stream_.get_executor(),
                [self, res = std::move(res)]() mutable { self->write(std::move(res)); });
    });
  }

  void write(Response res) {
    res.keep_alive(keep_alive_);
    auto owned = std::make_shared<Response>(std::move(res));
    stream_.expires_after(kWriteTimeout);
    bhttp::async_write(stream_, *owned,
                       [self = shared_from_this(), owned](beast::error_code ec, std::size_t) {
                         if (ec) return self->close();
                         if (self->linger_) return self->linger_close();
                         if (!self->keep_alive_) return self->close();
                         self->await_next_request();
                       });
  }

  void linger_close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(kLingerTime);
    drain();
  }

  void drain() {
    drained_ += buffer_.size();
    buffer_.consume(buffer_.size());
    if (drained_ >= kLingerBytes) return close();
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              if (ec) return self->close();
                              self->buffer_.commit(n);
                              self->drain();
                            });
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  const Router& router_;
  const ConnectionLimits& limits_;
  ConnectionSlot slot_;
  std::string remote_;
  bool keep_alive_ = true;
  bool linger_ = false;
  std::size_t drained_ = 0;
};

bool out_of_descriptors(const beast::error_code& ec) {
  return ec == net::error::no_descriptors || ec == boost::system::errc::too_many_files_open ||
         ec == boost::system::errc::too_many_files_open_in_system ||
         ec == net::error::no_buffer_space || ec == net::error::no_memory;
}

tcp::endpoint parse_listen(const std::string& listen) {
  auto colon = listen.rfind(':');
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  beast::error_code ec;
  auto address = net::ip::make_address(host.empty() ? "0.0.0.0" : host, ec);
  int port = -1;
  try {
    port = std::stoi(listen.substr(colon + 1));
  } catch (const std::exception&) {
  }
  if (ec || port < 0 || port > 65535)
    throw Error(ErrorCode::bad_request, "server.listen must be IP:PORT, got '" + listen + "'",
                "server.listen");
  return {address, static_cast<unsigned short>(port)};
}
}  // namespace

class Server::Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, const tcp::endpoint& ep, const Router& router,
           const ConnectionLimits& limits)
      : ioc_(ioc),
        acceptor_(net::make_strand(ioc)),
        pause_(acceptor_.get_executor()),
        router_(router),
        limits_(limits) {
    beast::error_code ec;
    acceptor_.open(ep.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(ep, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec)
      throw Error(ErrorCode::unavailable,
                  "cannot listen on " + ep.address().to_string() + ":" + std::to_string(ep.port()) +
                      ": " + ec.message(),
                  "server.listen");
  }

  // Runs on the acceptor's strand only.
  void accept() {
    if (open_.load() >= limits_.max_connections) {
      at_cap_.store(true);
      if (open_.load() >= limits_.max_connections) return log_at_cap();
      // A connection closed meanwhile: whoever clears the flag goes on accepting.
      if (!at_cap_.exchange(false)) return;
    }
    acceptor_.async_accept(net::make_strand(ioc_),
                           [self = shared_from_this()](beast::error_code ec, tcp::socket s) {
                             self->on_accept(ec, std::move(s));
                           });
  }

  unsigned short port() const { return acceptor_.local_endpoint().port(); }

 private:
  void on_accept(beast::error_code ec, tcp::socket s) {
    if (ec == net::error::operation_aborted) return;
    if (out_of_descriptors(ec)) {
      // Accepting again at once fails again at once (the pending connection stays readable).
      if (!out_of_fds_)
        spdlog::warn("http: cannot accept connections ({}); pausing accepts for {} ms",
                     ec.message(), limits_.accept_pause.count());
      out_of_fds_ = true;
      pause_.expires_after(limits_.accept_pause);
      pause_.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
        if (wait_ec != net::error::operation_aborted) self->accept();
      });
      return;
    }
    if (!ec) {
      if (out_of_fds_) spdlog::info("http: accepting connections again");
      out_of_fds_ = false;
      s.set_option(tcp::no_delay(true), ec);
      std::make_shared<Session>(std::move(s), router_, limits_, take_slot())->start();
    }
    accept();
  }

  ConnectionSlot take_slot() {
    open_.fetch_add(1);
    return ConnectionSlot(nullptr, [self = shared_from_this()](void*) { self->release_slot(); });
  }

  // Any thread: a session's connection closed. Once the io_context has stopped, sessions are
  // being destroyed with it and there is nothing to accept for.
  void release_slot() {
    open_.fetch_sub(1);
    if (at_cap_.exchange(false) && !ioc_.stopped())
      net::post(acceptor_.get_executor(), [self = shared_from_this()] { self->accept(); });
  }

  void log_at_cap() {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_cap_log_ < std::chrono::minutes(1)) return;
    last_cap_log_ = now;
    spdlog::warn(
        "http: {} connections open (server.max_connections); not accepting more until "
        "one closes",
        limits_.max_connections);
  }

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  net::steady_timer pause_;
  const Router& router_;
  const ConnectionLimits limits_;
  std::atomic<std::size_t> open_{0};
  std::atomic<bool> at_cap_{false};
  bool out_of_fds_ = false;
  std::chrono::steady_clock::time_point last_cap_log_{};
};

Server::Server(net::io_context& ioc, const std::string& listen, const Router& router,
               const ConnectionLimits& limits)
    : listener_(std::make_shared<Listener>(ioc, parse_listen(listen), router, limits)) {
  listener_->accept();
}

unsigned short Server::port() const {
  return listener_->port();
}

}  // namespace herald::http
