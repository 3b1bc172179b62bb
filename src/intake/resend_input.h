#pragma once
// What sending a stored message again asks the planner for: the same recipients and type, and
// the content as it was rendered, before tracking links were added on sending.
#include <string>

#include "intake/message_planner.h"
#include "store/log_storage.h"

namespace herald::intake {

// The server's tracking links, to take them out of HTML stored before the log kept the copy as
// rendered. Empty: there are none to take out.
struct TrackedLinks {
  std::string public_url, secret;
};

// Throws Error(not_found) for an unknown message, Error(conflict) when its content is no longer
// kept, Error(bad_request) for a one-time code (the log holds it masked).
MessageInput resend_input(store::LogStorage& log, const store::StoreRecord& store,
                          const std::string& message_id, const std::string& from,
                          const TrackedLinks& links = {});

}  // namespace herald::intake
