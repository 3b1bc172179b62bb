#include "http/server.h"

#include <spdlog/spdlog.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>

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
constexpr auto kIdleTimeout = std::chrono::seconds(75);

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, const Router& router)
      : stream_(std::move(socket)), router_(router) {
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = ep.address().to_string();
  }

  void start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read(); });
  }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(kBodyLimit);
    parser_->header_limit(64 * 1024);
    stream_.expires_after(kIdleTimeout);
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
      // The rest of the body is unread: answer and close.
      keep_alive_ = false;
      return write(error_response(
          Error(ErrorCode::payload_too_large, "the body is larger than 1 MiB", "body"), req));
    }
    if (ec) {
      keep_alive_ = false;
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
    bhttp::async_write(stream_, *owned,
                       [self = shared_from_this(), owned](beast::error_code ec, std::size_t) {
                         if (ec) return self->close();
                         if (!self->keep_alive_) return self->close();
                         self->read();
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
  std::string remote_;
  bool keep_alive_ = true;
};

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
  Listener(net::io_context& ioc, const tcp::endpoint& ep, const Router& router)
      : ioc_(ioc), acceptor_(net::make_strand(ioc)), router_(router) {
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

  void accept() {
    acceptor_.async_accept(net::make_strand(ioc_),
                           [self = shared_from_this()](beast::error_code ec, tcp::socket s) {
                             if (!ec) {
                               s.set_option(tcp::no_delay(true), ec);
                               std::make_shared<Session>(std::move(s), self->router_)->start();
                             } else if (ec == net::error::operation_aborted) {
                               return;
                             }
                             self->accept();
                           });
  }

  unsigned short port() const { return acceptor_.local_endpoint().port(); }

 private:
  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  const Router& router_;
};

Server::Server(net::io_context& ioc, const std::string& listen, const Router& router)
    : listener_(std::make_shared<Listener>(ioc, parse_listen(listen), router)) {
  listener_->accept();
}

unsigned short Server::port() const {
  return listener_->port();
}

}  // namespace herald::http
