# kneeload: the two commands (README.md)
#   make run    the main job: what-if comparison of the default runner (out/compare.csv, out/compare.png), then
#               a default sweep through the CLI -> summary table, out/sweep.h5, out/sweep.png
#   make test   every test: C++ (doctest, example, downstream find_package, the suite under ASan+UBSan),
#               Python (pytest, notebooks) and the documentation (built with warnings as errors)
# Both install what is missing (Debian packages, a virtual environment with the Python
# package), configure and build first.

BUILD ?= build
OUT ?= out
VENV ?= .venv
PYTHON ?= python3
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
GENERATOR := $(shell command -v ninja >/dev/null 2>&1 && echo "-G Ninja")
PACKAGE_SOURCES := $(shell find include src python -type f \( -name '*.hpp' -o -name '*.cpp' -o -name '*.py' -o -name '*.in' -o -name '*.pyi' \) 2>/dev/null) CMakeLists.txt pyproject.toml

.PHONY: run test test-cpp test-sanitize test-python docs bench bench-python envelope science stubs golden format build deps clean

# The headline question: how much do cadence and step length +-10 % (constant speed), shoes, foot strike
# and trunk posture change PFJ stress per step and per km for the default runner at 3.3 m/s? Then the
# default sweep (cadence x shoe stiffness).
run: $(VENV)/.installed
	@mkdir -p $(OUT)
	$(VENV)/bin/kneeload compare --speed 3.3 -o $(OUT)/compare.csv --plot $(OUT)/compare.png
	$(VENV)/bin/kneeload sweep --speed 3.3 --cadence 150:190:5 --shoe-stiffness 60e3,120e3,240e3 \
		-o $(OUT)/sweep.h5 --plot $(OUT)/sweep.png

test: test-cpp test-sanitize test-python

test-cpp: build
	cd $(BUILD) && ctest --output-on-failure

# The C++ suite and the example under AddressSanitizer + UndefinedBehaviorSanitizer (Debug at -O1:
# assertions on). The downstream find_package test is left to the normal build (it would link the
# instrumented library into an uninstrumented project).
SANITIZE_BUILD ?= build-sanitize
test-sanitize: deps
	cmake -S . -B $(SANITIZE_BUILD) $(GENERATOR) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" \
		-DKNEELOAD_SANITIZE=ON -DKNEELOAD_WARNINGS_AS_ERRORS=ON -DKNEELOAD_BUILD_BENCHMARKS=OFF
	cmake --build $(SANITIZE_BUILD) -j $(JOBS) --target kneeload_tests simulate_step
	cd $(SANITIZE_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --output-on-failure -E downstream_find_package

test-python: $(VENV)/.installed
	$(VENV)/bin/python -m pytest -q tests/python

# The documentation alone -> docs/_build/html/index.html. Warnings are errors; -E reads every page
# afresh (never stale against the package); the tutorial, the validation page and the example
# notebooks are executed. `make test` builds it too (tests/python/test_docs.py, same flags).
docs: $(VENV)/.installed
	$(VENV)/bin/python -m sphinx -E -W --keep-going -n -b html docs docs/_build/html

bench: build
	$(BUILD)/benchmarks/kneeload_benchmarks
	$(BUILD)/benchmarks/kneeload_solver_comparison

# The solver's envelope: share solved, failures by reason, isolated holes (about 5 s).
envelope: $(VENV)/.installed
	$(VENV)/bin/python benchmarks/envelope.py

# Every speed, accuracy and memory target of sweeps, each against a reference measured in the same run
# (1-2.5 min; benchmarks/python/bench_sweep.py --million adds the 10^6-condition memory run, 3-7 min).
bench-python: build $(VENV)/.installed
	$(VENV)/bin/python benchmarks/python/bench_sweep.py --build $(BUILD)

science: $(VENV)/.installed
	$(VENV)/bin/python benchmarks/science/run.py --out results/science

# After changing a registry: regenerate the Python stubs (checked by the tests).
stubs: $(VENV)/.installed
	$(VENV)/bin/python scripts/generate_stubs.py

# After an intended change of results: regenerate the golden values (say why in the commit).
golden: $(VENV)/.installed
	$(VENV)/bin/python scripts/update_golden.py

format: $(VENV)/.installed
	clang-format -i $$(find include src python/bindings tests/cpp tests/downstream examples benchmarks -name '*.[ch]pp')
	$(VENV)/bin/ruff format python tests scripts benchmarks docs
	$(VENV)/bin/ruff check --fix python tests scripts benchmarks docs

build: deps
	cmake -S . -B $(BUILD) $(GENERATOR) -DCMAKE_BUILD_TYPE=Release -DKNEELOAD_WARNINGS_AS_ERRORS=ON
	cmake --build $(BUILD) -j $(JOBS)

deps:
	@./scripts/install-deps.sh

# The virtual environment with the package (built by scikit-build-core) and its test and docs extras.
$(VENV)/.installed: $(PACKAGE_SOURCES) | deps
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --upgrade pip
	$(VENV)/bin/python -m pip install -q "scikit-build-core>=0.10" "pybind11>=2.12"
	$(VENV)/bin/python -m pip install -q --no-build-isolation ".[test,docs]"
	touch $@

clean:
	rm -rf $(BUILD) $(SANITIZE_BUILD) $(OUT) $(VENV) docs/_build
