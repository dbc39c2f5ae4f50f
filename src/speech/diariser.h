// Speaker diarisation ("who spoke when") by a classical method on acoustic features, no trained
// model: energy/zero-crossing voice activity → speaker change detection (BIC on adjacent windows) →
// agglomerative clustering of segment Gaussians with BIC stopping → frame re-segmentation. Stereo
// recordings whose channels carry different speakers are split by channel energy instead.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/result.h"
#include "speech/mfcc.h"

namespace borough::speech {

// One stretch of one speaker's speech. Speakers are 0-based in order of first appearance (callers
// show them as "Speaker 1..n"); segments are sorted by start and do not overlap.
struct SpeakerSegment {
    std::int64_t start_ms = 0;
    std::int64_t end_ms = 0;
    int speaker = 0;

    friend bool operator==(const SpeakerSegment&, const SpeakerSegment&) = default;
};

struct DiariserOptions {
    int speakers = 0;          // known number of speakers; 0 = estimate it
    int max_speakers = 8;      // cap when estimating
    bool use_channels = true;  // try the channel-energy split on stereo input
    // BIC penalty weight for clustering (higher = fewer speakers) and for change detection.
    double cluster_penalty = 2.0;
    double change_penalty = 1.0;
    std::int64_t min_speech_ms = 250;  // shorter voiced bursts are dropped
    std::int64_t min_gap_ms = 300;     // shorter pauses inside one speaker's speech are bridged
};

// How the result was found, for logs and evaluation reports (no content).
struct DiarisationStats {
    std::size_t frames = 0;         // 10 ms frames seen
    std::size_t speech_frames = 0;  // frames the voice activity detector kept
    std::size_t segments = 0;       // segments after change detection
    int speakers = 0;
    bool by_channel = false;  // true when the stereo channel split was used
};

// Feed 16 kHz audio in blocks (from io::AudioDecoder), then call finish(). Memory grows with the
// recording's duration by about 100 frames/s × 22 floats (5 h ≈ 160 MB), never with raw audio.
// Deterministic: the same samples give the same segments. Not thread-safe (one per recording).
class Diariser {
public:
    // InvalidInput naming the option: speakers < 0 or > max_speakers, max_speakers < 1,
    // negative penalties or durations.
    [[nodiscard]] static Result<Diariser> create(const DiariserOptions& options = {});

    // `mono` at 16 kHz; `channels` the same span per source channel when the source has 2+
    // (AudioBlock::channels), else empty. Blocks may have any length.
    void push(std::span<const float> mono, std::span<const std::vector<float>> channels = {});

    // Segments for everything pushed. Empty when no speech was found. ResourceExhausted when over
    // 24 hours of audio were pushed (split such recordings first).
    [[nodiscard]] Result<std::vector<SpeakerSegment>> finish();

    [[nodiscard]] const DiarisationStats& stats() const { return stats_; }

private:
    Diariser(const DiariserOptions& options, MfccExtractor mfcc);

    DiariserOptions options_;
    MfccExtractor mfcc_;
    FrameFeatures features_;
    // Per-channel frame energies (dB) for the stereo split; empty for mono input.
    std::vector<std::vector<float>> channel_db_;
    std::vector<std::vector<float>> channel_pending_;
    std::size_t pushed_samples_ = 0;
    DiarisationStats stats_;
};

// One call for samples already in memory (tests, short clips).
[[nodiscard]] Result<std::vector<SpeakerSegment>> diarise(std::span<const float> mono,
                                                          std::span<const std::vector<float>> channels,
                                                          const DiariserOptions& options = {});

}  // namespace borough::speech
