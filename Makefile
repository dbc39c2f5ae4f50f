# The two commands of README.md's quick start, plus benchmarks. Each installs what is missing first.
# Debug+sanitizer builds live in build/dev (tests), optimised ones in build/release (demo, bench).
SHELL := /bin/bash
.DEFAULT_GOAL := help
JOBS ?= $(shell nproc)

.PHONY: help deps demo test bench build release clean

help:
	@echo "make demo   - install dependencies, build, analyse the sample tenant survey (and the other samples), print where the reports are"
	@echo "make test   - install dependencies, build (Debug + ASan/UBSan), run every test"
	@echo "make bench  - engine and pipeline benchmarks against llama.cpp's own tools (docs/benchmarks.md)"

deps:
	tools/install-deps.sh

release: deps
	cmake --preset release >/dev/null
	cmake --build build/release --target borough -j $(JOBS)

demo: release
	@tools/demo.sh build/release/src/app/borough

test: deps
	cmake --workflow --preset dev

bench: deps
	cmake --preset release >/dev/null
	cmake --build build/release --target borough borough-bench-engine borough-bench-survey borough-bench-per-row borough-bench-minutes borough-bench-whisper borough_whisper_bench_model llama-bench llama-server borough_bench_model -j $(JOBS)
	bench/run.sh build/release

clean:
	rm -rf build
