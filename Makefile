# Herald — the two commands: `make run` and `make test`.
BUILD_DIR ?= build
FUZZ_BUILD_DIR ?= build-fuzz
ASAN_BUILD_DIR ?= build-asan
FUZZ_SECONDS ?= 60
JOBS ?= $(shell nproc)
CONFIG ?=

.PHONY: setup build run test test-asan fuzz sanitizer-setup bench format clean

setup:
	@scripts/setup.sh

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja

build: setup $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	scripts/run.sh $(CONFIG)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j 1

# libFuzzer harnesses (clang), each run for FUZZ_SECONDS; see fuzz/README.md.
$(FUZZ_BUILD_DIR)/build.ninja:
	cmake -S . -B $(FUZZ_BUILD_DIR) -G Ninja -DHERALD_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++

sanitizer-setup:
	@scripts/setup.sh sanitizers

fuzz: setup sanitizer-setup $(FUZZ_BUILD_DIR)/build.ninja
	cmake --build $(FUZZ_BUILD_DIR) -j $(JOBS)
	fuzz/run.sh $(FUZZ_BUILD_DIR) $(FUZZ_SECONDS)

# Everything built with ASan, LSan and UBSan (clang), and every test run on it; a report in any
# process fails the run. See docs/fuzzing-and-sanitizers.md.
$(ASAN_BUILD_DIR)/build.ninja:
	cmake -S . -B $(ASAN_BUILD_DIR) -G Ninja -DHERALD_SANITIZE=ON -DCMAKE_CXX_COMPILER=clang++ \
	  -DCMAKE_BUILD_TYPE=Debug

test-asan: setup sanitizer-setup $(ASAN_BUILD_DIR)/build.ninja
	cmake --build $(ASAN_BUILD_DIR) -j $(JOBS)
	cd $(ASAN_BUILD_DIR) && ctest --output-on-failure -j 1

bench: build
	@scripts/setup.sh bench
	bench/run.sh

format:
	clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'tests/*.h' 'bench/*.cpp' 'fuzz/*.cpp' 'fuzz/*.h')

clean:
	rm -rf $(BUILD_DIR) $(FUZZ_BUILD_DIR) $(ASAN_BUILD_DIR)
