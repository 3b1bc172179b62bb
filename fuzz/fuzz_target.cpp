// One libFuzzer target per entry of fuzz/entries/entries.h, chosen at compile time.
#include <sanitizer/lsan_interface.h>

#include "entries/entries.h"

// One input before fuzzing, with leak checks off: what libraries allocate once per process
// and keep (GMime's type table) is then not reported as a leak of whichever input came first.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  __lsan::ScopedDisabler once_per_process;
  const uint8_t none = 0;
  herald::fuzz::HERALD_FUZZ_ENTRY(&none, 0);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return herald::fuzz::HERALD_FUZZ_ENTRY(data, size);
}
