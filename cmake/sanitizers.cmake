# The builds with sanitizers, each in its own build directory (Makefile: fuzz, test-asan).
#
# HERALD_FUZZ: clang; the library with -fsanitize=fuzzer-no-link,address,undefined, and only
#   the harnesses of fuzz/ are built.
# HERALD_SANITIZE: clang; everything (herald, the unit tests) with AddressSanitizer,
#   LeakSanitizer and UndefinedBehaviorSanitizer, and every ctest test runs under them
#   (herald_sanitized_tests below). Any undefined behaviour stops the process, as a memory
#   error does: a finding is never just a line in a log.
if(HERALD_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "HERALD_FUZZ needs clang (cmake -DCMAKE_CXX_COMPILER=clang++)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

if(HERALD_SANITIZE)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "HERALD_SANITIZE needs clang (cmake -DCMAKE_CXX_COMPILER=clang++)")
  endif()
  # -O1 after the build type's own level: fast enough for the integration tests' timeouts,
  # and the frames of a report still name the functions.
  add_compile_options(-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
  # Without it ccache cannot use clang's precompiled header, and no file that includes it is
  # cached (ccache's "pch_external" docs).
  add_compile_options("SHELL:-Xclang -fno-pch-timestamp")
  # Where every sanitized process of a ctest run writes its reports (ASAN_OPTIONS log_path):
  # a report in `herald serve`, a child of an integration test, fails the run through the
  # sanitizer_reports test even when the test's own checks pass.
  set(HERALD_SANITIZER_REPORTS ${CMAKE_BINARY_DIR}/sanitizer-reports)
endif()

# Options every sanitized binary starts with (tests/sanitizers/default_options.cpp).
function(herald_sanitizer_defaults target)
  target_sources(${target} PRIVATE ${CMAKE_SOURCE_DIR}/tests/sanitizers/default_options.cpp)
endfunction()

# Called once every test is declared: each test (the unit tests that gtest_discover_tests adds at
# ctest time included) gets the reports' log_path and needs the `sanitizer` fixture, whose
# cleanup test fails when any process wrote a report.
# unit_test_target's own ENVIRONMENT and FIXTURES_REQUIRED are given again: they are replaced.
# NOT_RUN: unit tests this build cannot run, each shown as "Not Run (Disabled)", never as passed.
function(herald_sanitized_tests unit_test_target)
  cmake_parse_arguments(PARSE_ARGV 1 unit "" "" "ENVIRONMENT;FIXTURES_REQUIRED;NOT_RUN")
  set(check /usr/bin/python3 ${CMAKE_SOURCE_DIR}/tests/sanitizers/reports.py
      --dir ${HERALD_SANITIZER_REPORTS})
  # report.<program>.<pid>: which process found it.
  set(log "log_path=${HERALD_SANITIZER_REPORTS}/report:log_exe_name=1")
  set(env "ASAN_OPTIONS=${log}" "LSAN_OPTIONS=${log}" "UBSAN_OPTIONS=${log}")
  get_property(tests DIRECTORY PROPERTY TESTS)
  foreach(t ${tests})
    set_property(TEST ${t} APPEND PROPERTY ENVIRONMENT ${env})
    set_property(TEST ${t} APPEND PROPERTY FIXTURES_REQUIRED sanitizer)
  endforeach()
  add_test(NAME sanitizer_reports_clear COMMAND ${check} clear)
  add_test(NAME sanitizer_reports COMMAND ${check} check)
  set_tests_properties(sanitizer_reports_clear PROPERTIES FIXTURES_SETUP sanitizer)
  set_tests_properties(sanitizer_reports PROPERTIES FIXTURES_CLEANUP sanitizer)
  # gtest_discover_tests's properties cannot carry a list (it flattens them), so the unit tests
  # get theirs from a file ctest reads after the one that declares them.
  set(include_file ${CMAKE_BINARY_DIR}/${unit_test_target}_sanitizers.cmake)
  list(APPEND env ${unit_ENVIRONMENT})
  list(APPEND unit_FIXTURES_REQUIRED sanitizer)
  file(WRITE ${include_file}
    "foreach(t IN LISTS ${unit_test_target}_TESTS)\n"
    "  set_tests_properties(\"\${t}\" PROPERTIES ENVIRONMENT \"${env}\"\n"
    "    FIXTURES_REQUIRED \"${unit_FIXTURES_REQUIRED}\")\n"
    "endforeach()\n")
  foreach(t ${unit_NOT_RUN})
    file(APPEND ${include_file} "set_tests_properties(\"${t}\" PROPERTIES DISABLED TRUE)\n")
  endforeach()
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${include_file})
endfunction()
