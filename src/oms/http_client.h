#pragma once
// The HTTP a connector speaks, behind an interface so tests can stand in for the network.
// The real one is libcurl (curl_http_client.h).
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace herald::oms {

struct HttpCall {
  std::string method;  // GET | POST
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // sent as is (JSON) when not empty
};

struct HttpAnswer {
  int status = 0;
  std::string body;
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Any answer the server gave (whatever its status). A timeout, a refused connection or any
  // other transport failure throws OmsFault (connector.h).
  virtual HttpAnswer send(const HttpCall& call) = 0;
};

}  // namespace herald::oms
