#include "http/connection_limits.h"

#include <sys/resource.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace herald::http {

std::uint64_t open_file_limit() {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY) return 0;
  return static_cast<std::uint64_t>(rl.rlim_cur);
}

std::size_t open_descriptors() {
  std::error_code ec;
  std::size_t n = 0;
  for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end;
       it.increment(ec))
    ++n;
  return n;
}

std::size_t effective_connection_cap(std::size_t configured, std::uint64_t file_limit,
                                     std::size_t reserved) {
  std::size_t cap = std::max<std::size_t>(configured, 1);
  if (file_limit == 0) return cap;
  const std::uint64_t room = file_limit > reserved ? file_limit - reserved : 1;
  return static_cast<std::size_t>(std::max<std::uint64_t>(1, std::min<std::uint64_t>(cap, room)));
}

}  // namespace herald::http
