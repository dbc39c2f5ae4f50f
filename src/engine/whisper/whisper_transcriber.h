// WhisperTranscriber: engine::Transcriber over whisper.cpp (libborough_whisper.so, built from
// whisper.rn's copy of the source). One loaded model shared by every call; each call decodes with its
// own whisper_state, so calls may run concurrently. Accuracy needs a real model (e.g. ggml-base.en.bin).
#pragma once

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "engine/transcriber.h"
#include "engine/whisper/whisper_model_file.h"

namespace borough::engine::whisper {

struct WhisperOptions {
    // Threads per transcribe call, at least 1. The default is whisper-cli's: min(4, cores).
    unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1U, 4U);
    // Spoken language: a whisper code ("en", "cy", "pl", ...) or "auto" to detect it per window.
    // English-only models (*.en.bin) accept only "en".
    std::string language = "en";
    // whisper.cpp's default: when a window's text looks degenerate (repetitive or unlikely), decode it
    // again at temperatures 0.2, 0.4, ... 1.0. Off: one greedy pass per window (faster, for tests).
    bool temperature_fallback = true;
    // 0 or 1: greedy decoding with best-of-5 sampling on fallback (whisper_full's greedy defaults).
    // 2-16: beam search with this many beams (whisper-cli's own default is 5: slower, more accurate).
    int beam_size = 0;
};

class WhisperTranscriber final : public Transcriber {
public:
    // Checks the file with inspect_whisper_model, then loads it on the CPU. NotFound (no such file),
    // InvalidInput (not a whisper ggml model, truncated, or whisper.cpp refused it; field "model") or
    // InvalidInput for bad options (field "threads", "language" or "beam_size"). whisper.cpp's own log lines are
    // routed to borough's log at debug level (errors at warn); that routing is process-wide.
    [[nodiscard]] static Result<std::unique_ptr<WhisperTranscriber>> open(const std::filesystem::path& model,
                                                                          WhisperOptions options = {});

    // No transcribe call may be in progress.
    ~WhisperTranscriber() override;
    WhisperTranscriber(const WhisperTranscriber&) = delete;
    WhisperTranscriber& operator=(const WhisperTranscriber&) = delete;
    WhisperTranscriber(WhisperTranscriber&&) = delete;
    WhisperTranscriber& operator=(WhisperTranscriber&&) = delete;

    // "whisper:<model file name>". Thread-safe.
    [[nodiscard]] std::string name() const override;

    // See Transcriber::transcribe. Audio is decoded in whisper's 30 s windows; segment text is valid
    // UTF-8 (invalid bytes from a split token become U+FFFD), trimmed, never empty. Also fails with
    // InvalidInput for a non-finite sample (index named) or more than 2^31-1 samples (stream in
    // windows instead). Cancellation is checked before the encoder and between decoder steps.
    // Thread-safe: each call takes a whisper_state from a pool (made on first use, ~tens of MB for
    // tiny.en) and returns it when done.
    [[nodiscard]] Result<std::vector<TranscriptSegment>> transcribe(std::span<const float> samples,
                                                                    std::int64_t offset_ms,
                                                                    std::stop_token cancel) override;

    [[nodiscard]] const WhisperModelInfo& model_info() const;
    [[nodiscard]] const WhisperOptions& options() const;

private:
    struct Impl;
    explicit WhisperTranscriber(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace borough::engine::whisper
