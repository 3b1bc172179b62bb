#pragma once
// How a node names itself when `[server] node_id` is not set.
#include <string>

namespace herald {

// HOST:PID: unique among running nodes, so one node never mistakes another's claims for its own.
std::string default_node_id();

}  // namespace herald
