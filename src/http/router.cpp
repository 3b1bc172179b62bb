#include "http/router.h"

#include "common/error.h"
#include "http/error_mapping.h"

namespace herald::http {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    auto slash = path.find('/');
    out.push_back(url_decode(path.substr(0, slash), false));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash);
  }
  return out;
}

void Router::add(bhttp::verb method, const std::string& pattern, Handler handler) {
  routes_.push_back({method, split_path(pattern), std::move(handler)});
}

void Router::dispatch(Request& req, const Respond& send) const {
  const Respond respond = [send](Response res) {
    drop_unsafe_headers(res);
    send(std::move(res));
  };
  auto segments = split_path(req.path);
  bool path_matched = false;
  for (const auto& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    std::map<std::string, std::string> params;
    bool ok = true;
    for (size_t i = 0; i < segments.size() && ok; ++i) {
      const auto& s = route.segments[i];
      if (s.size() > 2 && s.front() == '{' && s.back() == '}')
        params[s.substr(1, s.size() - 2)] = segments[i];
      else
        ok = s == segments[i];
    }
    if (!ok) continue;
    path_matched = true;
    if (route.method != req.raw.method() &&
        !(route.method == bhttp::verb::get && req.raw.method() == bhttp::verb::head))
      continue;
    req.params = std::move(params);
    try {
      route.handler(req, respond);
    } catch (...) {
      respond(error_response(std::current_exception(), req));
    }
    return;
  }
  if (path_matched)
    respond(error_response(Error(ErrorCode::method_not_allowed, "method not allowed"), req));
  else
    respond(error_response(Error(ErrorCode::not_found, "no such endpoint"), req));
}

}  // namespace herald::http
