#pragma once
// Where the tests find their files. The checkout's paths are compiled into test_paths.cpp alone,
// so that no other test's compile command names the checkout and the compiler cache serves a
// second checkout (a clone, a worktree) from the first one's objects.
#include <filesystem>

namespace herald::testing {

std::filesystem::path shared_dir();     // ../shared beside the repository: the corpora
std::filesystem::path test_data_dir();  // tests/data

}  // namespace herald::testing
