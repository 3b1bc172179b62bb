#include <nlohmann/json.hpp>

#include "bounce/bounce.h"

namespace herald::bounce {

std::string bounce_json_line(std::string_view file, const BounceReport& report) {
  nlohmann::ordered_json out;
  out["file"] = std::string(file);
  out["is_bounce"] = report.is_bounce;
  out["recipients"] = nlohmann::ordered_json::array();
  for (const BounceRecipient& r : report.recipients) {
    nlohmann::ordered_json j;
    j["address"] = r.address;
    j["status"] = r.status;
    j["reply_code"] = r.reply_code;
    j["reason"] = r.reason;
    j["hard_bounce"] = r.hard_bounce;
    j["feedback_type"] = r.feedback_type;
    j["diagnostic"] = r.diagnostic;
    out["recipients"].push_back(std::move(j));
  }
  // Reports carry text in any charset; invalid UTF-8 is replaced rather than refused.
  return out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace herald::bounce
