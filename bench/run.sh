#!/usr/bin/env bash
# Runs the benchmarks: the engine against llama.cpp's own tools (built from the same source in the same
# build dir), the survey-analysis extractive path at two sizes, and survey per-row LLM mode against
# llama-server (-np 8, same model and requests), and transcription (WhisperTranscriber vs a
# whisper-cli-equivalent peer built from the same whisper.rn source, same audio and threads).
# Usage: bench/run.sh BUILD_DIR   (make bench builds everything first). Results: BUILD_DIR/bench/.
# BENCH_ONLY=engine|survey|per-row|whisper|minutes runs one part.
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
if [[ -z "$only" || "$only" == whisper ]]; then
    # Random weights fail whisper's quality checks on every window, so the default temperature fallback
    # would decode each window 6 times x 5 candidates (real speech rarely falls back): the default run
    # passes --no-fallback to both sides. BENCH_WHISPER_FLAGS="" runs whisper_full's full defaults;
    # BENCH_WHISPER_FLAGS="--beam-size 5 --no-fallback" runs whisper-cli's default beam search.
    model="$build/test-models/whisper-tiny.bin"
    flags="${BENCH_WHISPER_FLAGS---no-fallback}"
    echo "== transcription RTF: borough WhisperTranscriber vs whisper-cli peer (tiny.en-shaped random model, 60 s, $threads threads, $flags)"
    # shellcheck disable=SC2086
    "$build/bench/borough-bench-whisper" --model "$model" --peer "$build/bench/borough-whisper-cli-peer" \
        --threads "$threads" --seconds 60 --rounds "${BENCH_WHISPER_ROUNDS:-3}" $flags \
        --json "$out/whisper.json" | tee "$out/whisper.md"
fi
if [[ -z "$only" || "$only" == minutes ]]; then
    echo "== meeting-minutes, extractive: generated 2-hour meeting (~20,000 words, 8 speakers), parse to reports"
    "$build/bench/borough-bench-minutes" --words 20000 --reps 5 --json "$out/minutes-2h.json" \
        --transcript "$out/minutes-2h.txt" | tee "$out/minutes-2h.md"
fi
echo "results: $out/"
