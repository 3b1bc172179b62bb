// herald: the command users run. `herald bounce parse [--json] FILE...` runs here; every other
// command, and any bounce invocation this does not read as plain files, runs in herald-core
// beside it (the same argv, the same process: exec), whose CLI parser owns every usage message.
//
// Why two executables: the bounce parser is run over batches of files, and a process that maps
// the server's libraries (libpq, libcurl, libphonenumber with ICU and protobuf: 66 shared
// objects) spent 23 ms of each run loading them before main. This one links only what the
// parser needs (GMime, GLib, jemalloc); BENCHMARKS.md §3 has the measurement.
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.h"

namespace {

// The files of `herald bounce parse [--json] FILE...`, or nothing when the arguments are
// anything else (help, an unknown option, no file): herald-core reports those.
std::vector<std::string> plain_bounce_files(int argc, char** argv) {
  if (argc < 4 || std::string_view(argv[1]) != "bounce" || std::string_view(argv[2]) != "parse")
    return {};
  std::vector<std::string> files;
  for (int i = 3; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--json") continue;
    if (arg.empty() || (arg[0] == '-' && arg != "-")) return {};
    files.emplace_back(arg);
  }
  return files;
}

std::string core_path() {
  char self[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) return "herald-core";
  const std::string path(self, static_cast<std::size_t>(n));
  const auto slash = path.rfind('/');
  return (slash == std::string::npos ? std::string() : path.substr(0, slash + 1)) + "herald-core";
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> files = plain_bounce_files(argc, argv);
  if (!files.empty()) {
    try {
      return herald::cli::bounce_parse(files);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "herald: %s\n", e.what());
      return 1;
    }
  }
  const std::string core = core_path();
  ::execv(core.c_str(), argv);
  std::fprintf(stderr, "herald: cannot run %s: %s\n", core.c_str(), std::strerror(errno));
  return 1;
}
