#pragma once
// HTTP/1.1 server (Boost.Beast): keep-alive, a body limit, handlers that may answer later
// from another thread (the response is posted back to the connection's strand). It holds at
// most `limits.max_connections` connections: at the cap it stops accepting (clients wait in
// the listen backlog) and resumes when one closes.
#include <boost/asio/io_context.hpp>
#include <memory>
#include <string>

#include "http/connection_limits.h"
#include "http/router.h"

namespace herald::http {

class Server {
 public:
  // Throws herald::Error(unavailable) when it cannot listen on `listen` ("host:port").
  Server(boost::asio::io_context& ioc, const std::string& listen, const Router& router,
         const ConnectionLimits& limits = {});
  unsigned short port() const;

 private:
  class Listener;
  std::shared_ptr<Listener> listener_;
};

}  // namespace herald::http
