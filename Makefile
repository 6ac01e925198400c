# kneeload: the two commands (README.md)
#   make run    the main job
#   make test   every test (C++ unit tests, example, downstream find_package project)
# Both install what is missing (Debian packages), configure and build first.

BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
GENERATOR := $(shell command -v ninja >/dev/null 2>&1 && echo "-G Ninja")
OUT ?= out

.PHONY: run test bench build deps clean

run: build
	@mkdir -p $(OUT)
	$(BUILD)/examples/simulate_step --speed 3.3 --shoe cushioned --foot-strike rearfoot --csv $(OUT)/step_time_series.csv

test: build
	cd $(BUILD) && ctest --output-on-failure

bench: build
	$(BUILD)/benchmarks/kneeload_benchmarks

build: deps
	cmake -S . -B $(BUILD) $(GENERATOR) -DCMAKE_BUILD_TYPE=Release -DKNEELOAD_WARNINGS_AS_ERRORS=ON
	cmake --build $(BUILD) -j $(JOBS)

deps:
	@./scripts/install-deps.sh

clean:
	rm -rf $(BUILD) $(OUT)
