#!/usr/bin/env bash
# Runs the benchmarks against llama.cpp's own tools, built from the same source in the same build dir.
# Usage: bench/run.sh BUILD_DIR   (make bench builds everything first). Results: BUILD_DIR/bench/.
set -euo pipefail
build="${1:-build/release}"
out="$build/bench"
mkdir -p "$out"
model="$build/test-models/qwen2-bench-q8_0.gguf"
threads="${BENCH_THREADS:-2}"
echo "== engine throughput: borough llama engine vs llama-bench (Qwen2-0.5B-shaped Q8_0, $threads threads)"
"$build/bench/borough-bench-engine" --model "$model" --llama-bench "$build/bin/llama-bench" \
    --threads "$threads" --prompt 512 --gen 128 --reps 5 --json "$out/engine.json" | tee "$out/engine.md"
echo "results: $out/engine.md, $out/engine.json"
