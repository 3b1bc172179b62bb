#pragma once
// What a library allocates once for the whole process and keeps until the process ends (GMime's
// type tables, g_mime_init) is not a leak. While a KeptUntilExit lives, what this thread
// allocates is not reported by LeakSanitizer (the sanitizer build, make test-asan); in other
// builds it does nothing.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HERALD_LEAK_CHECKS 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) && !defined(HERALD_LEAK_CHECKS)
#define HERALD_LEAK_CHECKS 1
#endif

#ifdef HERALD_LEAK_CHECKS
#include <sanitizer/lsan_interface.h>
#endif

namespace herald {

#ifdef HERALD_LEAK_CHECKS
using KeptUntilExit = __lsan::ScopedDisabler;
#else
class KeptUntilExit {
 public:
  KeptUntilExit() {}  // user-provided: a variable of this type is not "unused"
  KeptUntilExit(const KeptUntilExit&) = delete;
  KeptUntilExit& operator=(const KeptUntilExit&) = delete;
};
#endif

}  // namespace herald
