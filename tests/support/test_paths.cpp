#include "support/test_paths.h"

namespace herald::testing {

std::filesystem::path shared_dir() {
  return HERALD_SHARED_DIR;
}

std::filesystem::path test_data_dir() {
  return HERALD_TEST_DATA_DIR;
}

}  // namespace herald::testing
