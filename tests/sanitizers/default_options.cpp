// The options every binary of the sanitizer build (HERALD_SANITIZE, make test-asan) starts with;
// ASAN_OPTIONS, LSAN_OPTIONS and UBSAN_OPTIONS in the environment come on top (ctest adds the
// log_path of its reports there). What each option is for: docs/fuzzing-and-sanitizers.md.

#define HERALD_SANITIZER_COMMON "external_symbolizer_path=/usr/lib/llvm-14/bin/llvm-symbolizer"

extern "C" const char* __asan_default_options() {
  return HERALD_SANITIZER_COMMON ":check_initialization_order=1";
}

extern "C" const char* __lsan_default_options() {
  return HERALD_SANITIZER_COMMON;
}

extern "C" const char* __ubsan_default_options() {
  return HERALD_SANITIZER_COMMON ":print_stacktrace=1";
}
