// herald bounce parse [--json] FILE... (contract §1, §6): one JSON line per file, in the order
// given. Many files are split between worker processes, one per core (HERALD_BOUNCE_WORKERS
// overrides the count): threads do not help, GLib's type system serializes GMime parsers.
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <iterator>
#include <memory>
#include <thread>

#include "bounce/bounce.h"
#include "cli/commands.h"

namespace herald::cli {

namespace {

// A file's bytes, in a buffer reused from file to file and never zero-filled first: most of a
// bounce batch is reading small files.
class FileBuffer {
 public:
  FileBuffer() = default;
  FileBuffer(const FileBuffer&) = delete;
  FileBuffer& operator=(const FileBuffer&) = delete;
  ~FileBuffer() {
    if (dir_fd_ >= 0) ::close(dir_fd_);
  }

  std::string_view view() const { return {data_.get(), size_}; }

  // False, with the reason, when the file cannot be read.
  bool read(const std::string& path, std::string& error) {
    size_ = 0;
    if (path == "-") {
      const std::string all{std::istreambuf_iterator<char>(std::cin),
                            std::istreambuf_iterator<char>()};
      reserve(all.size() + 1);
      std::memcpy(data_.get(), all.data(), all.size());
      size_ = all.size();
      return true;
    }
    const int fd = open_file(path);
    struct stat st {};
    if (fd < 0 || ::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
      error = fd >= 0 && S_ISDIR(st.st_mode) ? "is a directory" : std::strerror(errno);
      if (fd >= 0) ::close(fd);
      return false;
    }
    // One byte more than the size: a regular file that fills less is read to its end.
    reserve(static_cast<std::size_t>(st.st_size) + 1);
    while (true) {
      if (size_ == capacity_) reserve(capacity_ * 2);  // grew, or not a regular file
      const ssize_t n = ::read(fd, data_.get() + size_, capacity_ - size_);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        error = std::strerror(errno);
        ::close(fd);
        return false;
      }
      size_ += static_cast<std::size_t>(n);
      if (n == 0 || (S_ISREG(st.st_mode) && size_ < capacity_)) break;
    }
    ::close(fd);
    return true;
  }

 private:
  // Opens `path` relative to its directory, kept open from file to file: a batch names many
  // files of one directory, and walking the whole path again for each cost more than reading it.
  int open_file(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos || slash + 1 == path.size())
      return ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    const std::string_view dir(path.data(), slash + 1);
    if (dir != dir_path_) {
      if (dir_fd_ >= 0) ::close(dir_fd_);
      dir_path_.assign(dir);
      dir_fd_ = ::open(dir_path_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    }
    if (dir_fd_ < 0) return ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    return ::openat(dir_fd_, path.c_str() + slash + 1, O_RDONLY | O_CLOEXEC);
  }

  void reserve(std::size_t capacity) {
    if (capacity <= capacity_) return;
    auto bigger = std::make_unique_for_overwrite<char[]>(capacity);
    if (size_ > 0) std::memcpy(bigger.get(), data_.get(), size_);
    data_ = std::move(bigger);
    capacity_ = capacity;
  }

  std::string dir_path_;  // with its final '/'
  int dir_fd_ = -1;
  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Parses files[begin, end) and writes the JSON lines to `out`; 2 when a file is unreadable.
int parse_files(const std::vector<std::string>& files, std::size_t begin, std::size_t end,
                int out) {
  int status = 0;
  FileBuffer content;
  std::string error, batch;
  for (std::size_t i = begin; i < end; ++i) {
    if (!content.read(files[i], error)) {
      write_all(out, batch);
      batch.clear();
      std::fprintf(stderr, "herald: cannot read %s: %s\n", files[i].c_str(), error.c_str());
      status = 2;
      continue;
    }
    batch += bounce::bounce_json_line(files[i], bounce::parse_bounce(content.view()));
    batch += '\n';
    if (batch.size() > (1u << 16)) {
      if (!write_all(out, batch)) return 1;
      batch.clear();
    }
  }
  return write_all(out, batch) ? status : 1;
}

std::size_t worker_count(std::size_t files) {
  if (const char* env = std::getenv("HERALD_BOUNCE_WORKERS"); env != nullptr && *env != '\0')
    return static_cast<std::size_t>(std::max(1, std::atoi(env)));
  const std::size_t cores = std::max(1U, std::thread::hardware_concurrency());
  return std::min(cores, std::max<std::size_t>(1, files / 64));
}

struct Worker {
  pid_t pid = -1;
  int fd = -1;
  std::string pending;  // output not yet printed: an earlier worker is still running
  bool open = true;
};

// Each worker takes a contiguous slice; its output is printed once every earlier slice's is.
int parse_in_workers(const std::vector<std::string>& files, std::size_t count) {
  std::fflush(stdout);
  bounce::prepare_bounce_parsing();
  std::vector<Worker> workers(count);
  for (std::size_t w = 0; w < count; ++w) {
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) return parse_files(files, 0, files.size(), STDOUT_FILENO);
    const std::size_t begin = files.size() * w / count, end = files.size() * (w + 1) / count;
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::close(pipe_fds[0]);
      for (std::size_t v = 0; v < w; ++v) ::close(workers[v].fd);
      ::_exit(parse_files(files, begin, end, pipe_fds[1]));
    }
    ::close(pipe_fds[1]);
    if (pid < 0) {
      ::close(pipe_fds[0]);
      return 1;
    }
    workers[w].pid = pid;
    workers[w].fd = pipe_fds[0];
  }
  std::size_t printing = 0;  // the worker whose output goes straight to stdout
  char buffer[1 << 16];
  while (printing < count) {
    std::vector<pollfd> fds;
    std::vector<std::size_t> which;
    for (std::size_t w = printing; w < count; ++w)
      if (workers[w].open) {
        fds.push_back({workers[w].fd, POLLIN, 0});
        which.push_back(w);
      }
    if (!fds.empty() && ::poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR) break;
    for (std::size_t k = 0; k < fds.size(); ++k) {
      if (fds[k].revents == 0) continue;
      Worker& wk = workers[which[k]];
      const ssize_t n = ::read(wk.fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        wk.open = false;
        ::close(wk.fd);
      } else if (which[k] == printing) {
        write_all(STDOUT_FILENO, std::string_view(buffer, static_cast<std::size_t>(n)));
      } else {
        wk.pending.append(buffer, static_cast<std::size_t>(n));
      }
    }
    while (printing < count && !workers[printing].open) {
      if (++printing < count) {
        write_all(STDOUT_FILENO, workers[printing].pending);
        workers[printing].pending.clear();
      }
    }
  }
  int status = 0;
  for (Worker& w : workers) {
    int ws = 0;
    while (::waitpid(w.pid, &ws, 0) < 0 && errno == EINTR) {
    }
    const int code = WIFEXITED(ws) ? WEXITSTATUS(ws) : 1;
    if (code == 1 || (code == 2 && status == 0)) status = code;
  }
  return status;
}

}  // namespace

int bounce_parse(const std::vector<std::string>& files) {
  const bool stdin_used = std::find(files.begin(), files.end(), "-") != files.end();
  const std::size_t workers = stdin_used ? 1 : worker_count(files.size());
  const int status = workers > 1 ? parse_in_workers(files, workers)
                                 : parse_files(files, 0, files.size(), STDOUT_FILENO);
  return status;
}

}  // namespace herald::cli
