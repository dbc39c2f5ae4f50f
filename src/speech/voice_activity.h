// Voice activity detection on frame energy and zero-crossing rate, with thresholds adapted to each
// recording's own noise floor and speech level (no trained model).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "speech/mfcc.h"

namespace borough::speech {

// Frames [begin, end) of one speech region.
struct FrameRange {
    std::size_t begin = 0;
    std::size_t end = 0;

    [[nodiscard]] std::size_t size() const { return end - begin; }
    friend bool operator==(const FrameRange&, const FrameRange&) = default;
};

struct VoiceActivityOptions {
    int hop_ms = 10;                   // frame step of the features
    std::int64_t min_speech_ms = 250;  // shorter bursts are dropped (clicks, coughs)
    std::int64_t min_gap_ms = 300;     // shorter pauses are bridged
    float min_level_db = -60.0F;       // frames quieter than this (dBFS) are never speech
};

// Speech regions in frame order, non-overlapping. The threshold sits between the recording's noise
// floor (10th percentile of frame energy) and its speech level (95th percentile); quieter frames
// with a fricative-like zero-crossing rate count when next to speech. Thread-safe (pure function).
[[nodiscard]] std::vector<FrameRange> detect_speech(const FrameFeatures& features,
                                                    const VoiceActivityOptions& options = {});

}  // namespace borough::speech
