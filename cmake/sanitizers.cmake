# The fuzzing build in its own build directory (Makefile: fuzz).
#
# HERALD_FUZZ: clang; the library with -fsanitize=fuzzer-no-link,address,undefined, and only
#   the harnesses of fuzz/ are built.
if(HERALD_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "HERALD_FUZZ needs clang (cmake -DCMAKE_CXX_COMPILER=clang++)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
