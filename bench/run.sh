#!/usr/bin/env bash
# Runs the benchmarks: the engine against llama.cpp's own tools (built from the same source in the same
# build dir), the survey-analysis extractive path at two sizes, and survey per-row LLM mode against
# llama-server (-np 8, same model and requests).
# Usage: bench/run.sh BUILD_DIR   (make bench builds everything first). Results: BUILD_DIR/bench/.
# BENCH_ONLY=engine|survey|per-row runs one part.
set -euo pipefail
build="${1:-build/release}"
out="$build/bench"
mkdir -p "$out"
only="${BENCH_ONLY:-}"
threads="${BENCH_THREADS:-2}"
if [[ -z "$only" || "$only" == engine ]]; then
    model="$build/test-models/qwen2-bench-q8_0.gguf"
    echo "== engine throughput: borough llama engine vs llama-bench (Qwen2-0.5B-shaped Q8_0, $threads threads)"
    "$build/bench/borough-bench-engine" --model "$model" --llama-bench "$build/bin/llama-bench" \
        --threads "$threads" --prompt 512 --gen 128 --reps 5 --json "$out/engine.json" | tee "$out/engine.md"
fi
if [[ -z "$only" || "$only" == survey ]]; then
    echo "== survey-analysis, extractive: 4,500 respondents x 3 questions (13,500 answers), parse to reports"
    "$build/bench/borough-bench-survey" --respondents 4500 --questions 3 --json "$out/survey-13k.json" |
        tee "$out/survey-13k.md"
    echo "== survey-analysis, extractive: 333,334 respondents x 3 questions (1,000,002 answers)"
    /usr/bin/time -v "$build/bench/borough-bench-survey" --respondents 333334 --questions 3 \
        --json "$out/survey-1m.json" 2> "$out/survey-1m.time" | tee "$out/survey-1m.md"
    grep -E "Maximum resident|Elapsed" "$out/survey-1m.time"
fi
if [[ -z "$only" || "$only" == per-row ]]; then
    model="$build/test-models/qwen2-bench-q8_0.gguf"
    echo "== survey per-row LLM mode: borough vs llama-server -np 8 (Qwen2-0.5B-shaped Q8_0, $threads threads)"
    "$build/bench/borough-bench-per-row" --model "$model" --llama-server "$build/bin/llama-server" \
        --threads "$threads" --rows "${BENCH_PER_ROW_ROWS:-128}" --rounds 3 --concurrency 4,8,16 \
        --json "$out/per-row.json" | tee "$out/per-row.md"
fi
echo "results: $out/"
