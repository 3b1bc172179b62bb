// herald bounce parse [--json] FILE... (contract §1, §6)
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "bounce/bounce.h"
#include "cli/commands.h"

namespace herald::cli {

namespace {

bool read_file(const std::string& path, std::string& out) {
  if (path == "-") {
    std::ostringstream s;
    s << std::cin.rdbuf();
    out = s.str();
    return !std::cin.bad();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

}  // namespace

int bounce_parse(const std::vector<std::string>& files) {
  int status = 0;
  std::string content;
  std::string batch;
  for (const std::string& file : files) {
    errno = 0;
    if (!read_file(file, content)) {
      std::fwrite(batch.data(), 1, batch.size(), stdout);
      batch.clear();
      std::fflush(stdout);
      std::fprintf(stderr, "herald: cannot read %s: %s\n", file.c_str(),
                   errno != 0 ? std::strerror(errno) : "read error");
      status = 2;
      continue;
    }
    batch += bounce::bounce_json_line(file, bounce::parse_bounce(content));
    batch += '\n';
    if (batch.size() > (1u << 16)) {
      std::fwrite(batch.data(), 1, batch.size(), stdout);
      batch.clear();
    }
  }
  std::fwrite(batch.data(), 1, batch.size(), stdout);
  std::fflush(stdout);
  return status;
}

}  // namespace herald::cli
