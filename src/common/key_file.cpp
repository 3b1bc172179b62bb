#include "common/key_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/error.h"
#include "common/hex.h"
#include "common/ids.h"

namespace herald {

namespace {
Error key_error(const std::string& field, const std::string& path, const std::string& why) {
  return Error(ErrorCode::bad_request, field + " " + path + ": " + why, field);
}

// Writes a new key unless the file exists (O_EXCL): the first writer wins.
void create_if_missing(const std::string& path, const std::string& field) {
  const auto dir = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  const std::string tmp = path + ".new." + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0)
    throw key_error(field, path, std::string("cannot be created: ") + std::strerror(errno));
  const std::string text = random_hex(32) + "\n";
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                       ::fsync(fd) == 0;
  ::close(fd);
  // link() fails when the file exists, so a key another process wrote first is kept.
  const bool linked = written && ::link(tmp.c_str(), path.c_str()) == 0;
  const int link_errno = errno;
  ::unlink(tmp.c_str());
  if (!written) throw key_error(field, path, "cannot be written");
  if (!linked && link_errno != EEXIST)
    throw key_error(field, path, std::string("cannot be created: ") + std::strerror(link_errno));
}

// The key in the file at `path`, which exists.
std::string read_key(const std::string& path, const std::string& field) {
  std::ifstream in(path);
  if (!in) throw key_error(field, path, "cannot be read");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
    text.pop_back();
  std::string key;
  if (text.size() != 64 || !bytes_of_hex(text, key))
    throw key_error(field, path, "must hold 64 hex digits (a 256-bit key)");
  return key;
}

bool exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}
}  // namespace

std::string load_or_create_key_file(const std::string& path, const std::string& field) {
  if (path.empty()) throw key_error(field, path, "no file named");
  if (!exists(path)) create_if_missing(path, field);
  return read_key(path, field);
}

std::string load_key_file(const std::string& path, const std::string& field) {
  if (path.empty()) throw key_error(field, path, "no file named");
  if (!exists(path)) throw key_error(field, path, "does not exist");
  return read_key(path, field);
}

}  // namespace herald
