#pragma once
// The inverse of rewrite_links, for HTML stored before the log kept the copy as rendered: click
// links point at their original targets again and the open pixel is gone, so a copy sent again
// does not report opens and clicks for the first message.
#include <string>

namespace herald::tracking {

// Links whose token this secret did not sign, and other hosts' links, are left as they are.
std::string strip_tracking(const std::string& html, const std::string& public_url,
                           const std::string& secret);

}  // namespace herald::tracking
