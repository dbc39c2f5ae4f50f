// MFCC front end for speaker diarisation: 25 ms Hamming frames every 10 ms, pre-emphasis, own FFT,
// mel filterbank, DCT. Streams: samples arrive in blocks, frames come out as soon as they are whole.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/result.h"
#include "speech/fft.h"

namespace borough::speech {

struct MfccOptions {
    int sample_rate = 16000;  // Hz of the samples pushed
    int frame_ms = 25;
    int hop_ms = 10;
    int mel_filters = 40;
    int cepstra = 19;  // c1..cN; c0 is replaced by the frame's log energy
    float pre_emphasis = 0.97F;
    float low_hz = 60.0F;
    float high_hz = 7600.0F;  // capped at sample_rate / 2
};

// Per-frame outputs, appended to by MfccExtractor::push. Row i covers samples
// [i * hop, i * hop + frame) of the stream.
struct FrameFeatures {
    int dims = 0;                           // 1 + cepstra
    std::vector<float> values;              // rows() x dims, row-major: [log energy, c1..cN]
    std::vector<float> energy_db;           // raw frame power in dB (10 log10 mean square), for VAD
    std::vector<float> zero_crossing_rate;  // sign changes per sample, 0..1, for VAD

    [[nodiscard]] std::size_t rows() const { return energy_db.size(); }
    [[nodiscard]] std::span<const float> row(std::size_t i) const {
        return {values.data() + i * static_cast<std::size_t>(dims), static_cast<std::size_t>(dims)};
    }
};

// Not thread-safe (one per stream). Memory: one frame of samples plus the output.
class MfccExtractor {
public:
    // InvalidInput naming the option when a value is out of range (rate < 8000, frame or hop not
    // positive, hop > frame, filters < 8, cepstra < 1 or >= filters).
    [[nodiscard]] static Result<MfccExtractor> create(const MfccOptions& options = {});

    [[nodiscard]] int dims() const { return 1 + options_.cepstra; }
    [[nodiscard]] std::size_t frame_samples() const { return frame_; }
    [[nodiscard]] std::size_t hop_samples() const { return hop_; }
    [[nodiscard]] int frame_ms() const { return options_.frame_ms; }
    [[nodiscard]] int hop_ms() const { return options_.hop_ms; }

    // Appends every frame completed by `samples` to `out` (out.dims is set on first use). A tail
    // shorter than a frame waits for the next push; the end of the stream drops it.
    void push(std::span<const float> samples, FrameFeatures& out);

private:
    explicit MfccExtractor(const MfccOptions& options);
    void compute_frame(const float* x, float before, FrameFeatures& out);

    MfccOptions options_;
    std::size_t frame_ = 0;
    std::size_t hop_ = 0;
    RealFft fft_;
    std::vector<float> window_;
    // Mel filters as (first bin, weights...) runs: filter m covers bins [first_[m], first_[m] +
    // width_[m]) with weights at weights_[offset_[m]...].
    std::vector<std::size_t> first_, width_, offset_;
    std::vector<float> weights_;
    std::vector<float> dct_;      // cepstra x mel_filters
    std::vector<float> pending_;  // unconsumed samples of the stream
    float before_ = 0.0F;         // the sample just before pending_[0] (pre-emphasis)
    std::vector<float> buf_, power_, mel_;
};

}  // namespace borough::speech
