#include "tracking/strip_tracking.h"

#include <cctype>

#include "common/html.h"
#include "tracking/tracking_token.h"

namespace herald::tracking {

namespace {
bool token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
}

}  // namespace

std::string strip_tracking(const std::string& html, const std::string& public_url,
                           const std::string& secret) {
  std::string out = html;
  const std::string open = public_url + "/t/o/";
  for (size_t k = out.find(open); k != std::string::npos; k = out.find(open, k)) {
    auto tag = out.rfind("<img", k);
    auto end = out.find('>', k);
    if (tag == std::string::npos || end == std::string::npos) break;
    out.erase(tag, end + 1 - tag);
    k = tag;
  }
  const std::string click = public_url + "/t/c/";
  for (size_t k = out.find(click); k != std::string::npos; k = out.find(click, k)) {
    size_t end = k + click.size();
    while (end < out.size() && token_char(out[end])) ++end;
    auto payload = read_token(secret, out.substr(k + click.size(), end - k - click.size()));
    if (!payload) {
      k = end;
      continue;
    }
    const auto url = html_escape(payload->url);
    out.replace(k, end - k, url);
    k += url.size();
  }
  return out;
}

}  // namespace herald::tracking
