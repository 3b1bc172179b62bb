// herald bounce parse [--json] FILE... (contract §1, §6): one JSON line per file, in the order
// given. Many files are parsed on all cores (HERALD_BOUNCE_THREADS overrides the count); the
// output order does not change.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <iterator>
#include <mutex>
#include <thread>

#include "bounce/bounce.h"
#include "cli/commands.h"

namespace herald::cli {

namespace {

// The file's bytes, or the reason it could not be read.
bool read_file(const std::string& path, std::string& out, std::string& error) {
  if (path == "-") {
    out.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return true;
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat st {};
  if (fd < 0 || ::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
    error = fd >= 0 && S_ISDIR(st.st_mode) ? "is a directory" : std::strerror(errno);
    if (fd >= 0) ::close(fd);
    return false;
  }
  out.resize(static_cast<std::size_t>(st.st_size));
  std::size_t got = 0;
  while (true) {
    if (got == out.size()) out.resize(out.size() * 2 + 4096);  // grew, or not a regular file
    const ssize_t n = ::read(fd, out.data() + got, out.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = std::strerror(errno);
      ::close(fd);
      return false;
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  out.resize(got);
  return true;
}

struct Result {
  std::string line;   // JSON line with its newline, or empty
  std::string error;  // set when the file could not be read
};

Result parse_file(const std::string& path, std::string& buffer) {
  Result r;
  if (!read_file(path, buffer, r.error)) return r;
  r.line = bounce::bounce_json_line(path, bounce::parse_bounce(buffer));
  r.line += '\n';
  return r;
}

int worker_count(std::size_t files) {
  if (const char* env = std::getenv("HERALD_BOUNCE_THREADS"); env != nullptr && *env != '\0')
    return std::max(1, std::atoi(env));
  const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  return static_cast<int>(std::min<std::size_t>(cores, std::max<std::size_t>(1, files / 32)));
}

}  // namespace

int bounce_parse(const std::vector<std::string>& files) {
  constexpr std::size_t kBatch = 64;
  const std::size_t batches = (files.size() + kBatch - 1) / kBatch;
  std::vector<Result> results(files.size());
  std::vector<char> done(batches, 0);
  std::mutex mutex;
  std::condition_variable finished;
  std::atomic<std::size_t> next{0};

  const auto work = [&] {
    std::string buffer;
    for (std::size_t b = next++; b < batches; b = next++) {
      for (std::size_t i = b * kBatch; i < std::min(files.size(), (b + 1) * kBatch); ++i)
        results[i] = parse_file(files[i], buffer);
      {
        std::lock_guard<std::mutex> lock(mutex);
        done[b] = 1;
      }
      finished.notify_all();
    }
  };
  std::vector<std::thread> workers;
  const int threads = worker_count(files.size());
  for (int t = 1; t < threads; ++t) workers.emplace_back(work);
  if (threads == 1) work();

  // Printed in the order given, batch by batch as they complete.
  int status = 0;
  for (std::size_t b = 0; b < batches; ++b) {
    {
      std::unique_lock<std::mutex> lock(mutex);
      finished.wait(lock, [&] { return done[b] != 0; });
    }
    std::string out;
    for (std::size_t i = b * kBatch; i < std::min(files.size(), (b + 1) * kBatch); ++i) {
      Result& r = results[i];
      if (!r.error.empty()) {
        std::fwrite(out.data(), 1, out.size(), stdout);
        out.clear();
        std::fflush(stdout);
        std::fprintf(stderr, "herald: cannot read %s: %s\n", files[i].c_str(), r.error.c_str());
        status = 2;
      }
      out += r.line;
      r = Result{};
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  for (std::thread& t : workers) t.join();
  std::fflush(stdout);
  return status;
}

}  // namespace herald::cli
