#pragma once
// Routes "METHOD /path/{param}" patterns to handlers; 404 / 405 otherwise.
#include <string>
#include <vector>

#include "http/message.h"

namespace herald::http {

using Handler = std::function<void(Request&, Respond)>;

class Router {
 public:
  void add(bhttp::verb method, const std::string& pattern, Handler handler);
  // Runs the handler; any exception (thrown synchronously) becomes a JSON error answer.
  void dispatch(Request& req, const Respond& respond) const;

 private:
  struct Route {
    bhttp::verb method;
    std::vector<std::string> segments;  // "{name}" marks a parameter
    Handler handler;
  };
  std::vector<Route> routes_;
};

std::vector<std::string> split_path(std::string_view path);

}  // namespace herald::http
