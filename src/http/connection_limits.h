#pragma once
// How many HTTP connections the server may hold at once, and how long it waits for a client.
// A connection is one file descriptor, so the cap stays below the process's open-file limit,
// leaving room for the database, SMTP and SMS connections the rest of Herald opens.
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace herald::http {

struct ConnectionLimits {
  std::size_t max_connections = 1000;
  // From the connection's start (or the first byte of a keep-alive request) to the blank line
  // ending the request headers: a client trickling headers (slowloris) is closed after it.
  std::chrono::milliseconds header_timeout{std::chrono::seconds(10)};
  // Between a response and the first byte of the next request on a keep-alive connection.
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(75)};
  // How long accepting pauses when the process or system is out of file descriptors.
  std::chrono::milliseconds accept_pause{std::chrono::seconds(1)};
};

// The process's soft RLIMIT_NOFILE (0 when it cannot be read, or when it is unlimited).
std::uint64_t open_file_limit();

// Descriptors open in this process right now (0 when /proc/self/fd cannot be read).
std::size_t open_descriptors();

// The cap actually applied: `configured`, lowered so that `reserved` descriptors stay free
// under `file_limit` (0 = no limit known); never below 1.
std::size_t effective_connection_cap(std::size_t configured, std::uint64_t file_limit,
                                     std::size_t reserved);

}  // namespace herald::http
