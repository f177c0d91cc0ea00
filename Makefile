# The two commands: `make run` and `make test`. Everything else is a step of those.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: run test setup setup-test configure build build-server build-release-suites web test-cpp test-release test-asan test-fuzz test-web fuzz bench clean

run: setup build-server web
	$(BUILD)/cli/tether serve

# Each C++ suite runs once: under ASan + UBSan (test-asan), except the few that need the
# normal build (test-release: the real Claude Code CLI, tether-bench). `make test-cpp`
# runs every suite on the normal build.
test: setup-test build-release-suites web test-release test-fuzz test-asan test-web

setup:
	scripts/setup.sh run

setup-test:
	scripts/setup.sh test

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)

configure: $(BUILD)/build.ninja

build: configure
	cmake --build $(BUILD) -j $(JOBS)

build-release-suites: configure
	cmake --build $(BUILD) -j $(JOBS) --target tether release_suites

# Only what `make run` starts: the server binary (no tests, no benchmarks).
build-server: configure
	cmake --build $(BUILD) -j $(JOBS) --target tether

web:
	@if [ -f web/package.json ]; then npm --prefix web run build; fi

# The suites mostly wait (sockets, timers, child processes): twice as many as cores.
TEST_JOBS ?= $(shell echo $$(( $(JOBS) * 2 )))

test-cpp: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(TEST_JOBS)

test-release: build-release-suites
	ctest --test-dir $(BUILD) --output-on-failure -j $(TEST_JOBS) -L '^(release|claude_cli)$$'

# The C++ suites under AddressSanitizer + UndefinedBehaviorSanitizer, in their own build
# folder (the server binary the suites start is instrumented too); any finding fails
# the run.
test-asan:
	cmake -S . -B build-asan -G Ninja -DTETHER_SANITIZE=ON -DTETHER_BUILD_BENCH=OFF $(CMAKE_FLAGS)
	cmake --build build-asan -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir build-asan --output-on-failure -j $(TEST_JOBS)

# Each libFuzzer target briefly on its seed corpus; `make fuzz` runs them for minutes.
test-fuzz:
	tests/fuzz/run.sh 5

fuzz:
	tests/fuzz/run.sh 300

test-web: build-server web
	@if [ -f web/package.json ]; then npm --prefix web run check && npm --prefix web test && npm --prefix web run e2e; fi

bench: build
	bench/run.sh

clean:
	rm -rf $(BUILD) build-asan build-fuzz web/dist
