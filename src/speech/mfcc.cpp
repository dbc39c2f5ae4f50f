#include "speech/mfcc.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

namespace borough::speech {
namespace {

double hz_to_mel(double hz) { return 1127.0 * std::log1p(hz / 700.0); }
double mel_to_hz(double mel) { return 700.0 * std::expm1(mel / 1127.0); }

std::size_t fft_size_for(std::size_t frame) {
    std::size_t n = 4;
    while (n < frame) n <<= 1;
    return n;
}

}  // namespace

Result<MfccExtractor> MfccExtractor::create(const MfccOptions& o) {
    if (o.sample_rate < 8000)
        return fail(ErrorCode::InvalidInput, "MFCC sample rate must be at least 8000 Hz", "sample_rate");
    if (o.frame_ms <= 0) return fail(ErrorCode::InvalidInput, "MFCC frame length must be positive", "frame_ms");
    if (o.hop_ms <= 0 || o.hop_ms > o.frame_ms) {
        return fail(ErrorCode::InvalidInput, "MFCC hop must be positive and at most the frame length", "hop_ms");
    }
    if (o.mel_filters < 8) return fail(ErrorCode::InvalidInput, "MFCC needs at least 8 mel filters", "mel_filters");
    if (o.cepstra < 1 || o.cepstra >= o.mel_filters) {
        return fail(ErrorCode::InvalidInput, "MFCC cepstra must be 1..mel_filters-1", "cepstra");
    }
    if (!(o.low_hz >= 0.0F) || !(o.high_hz > o.low_hz)) {
        return fail(ErrorCode::InvalidInput, "MFCC band must have 0 <= low_hz < high_hz", "low_hz");
    }
    return MfccExtractor(o);
}

MfccExtractor::MfccExtractor(const MfccOptions& o)
    : options_(o),
      frame_(static_cast<std::size_t>(o.sample_rate) * static_cast<std::size_t>(o.frame_ms) / 1000),
      hop_(static_cast<std::size_t>(o.sample_rate) * static_cast<std::size_t>(o.hop_ms) / 1000),
      fft_(fft_size_for(frame_)) {
    const std::size_t n = fft_.size();
    window_.resize(frame_);
    for (std::size_t i = 0; i < frame_; ++i) {
        window_[i] = static_cast<float>(
            0.54 - 0.46 * std::cos(2.0 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(frame_ - 1)));
    }
    // Triangular filters equally spaced on the mel scale.
    const auto filters = static_cast<std::size_t>(o.mel_filters);
    const double nyquist = o.sample_rate / 2.0;
    const double lo = hz_to_mel(o.low_hz);
    const double hi = hz_to_mel(std::min<double>(o.high_hz, nyquist));
    const double bin_hz = static_cast<double>(o.sample_rate) / static_cast<double>(n);
    for (std::size_t m = 0; m < filters; ++m) {
        const double left = mel_to_hz(lo + (hi - lo) * static_cast<double>(m) / static_cast<double>(filters + 1));
        const double centre = mel_to_hz(lo + (hi - lo) * static_cast<double>(m + 1) / static_cast<double>(filters + 1));
        const double right = mel_to_hz(lo + (hi - lo) * static_cast<double>(m + 2) / static_cast<double>(filters + 1));
        const auto b0 = static_cast<std::size_t>(std::ceil(left / bin_hz));
        const auto b1 = std::min(static_cast<std::size_t>(std::floor(right / bin_hz)), n / 2);
        first_.push_back(b0);
        offset_.push_back(weights_.size());
        std::size_t width = 0;
        for (std::size_t b = b0; b <= b1; ++b) {
            const double f = static_cast<double>(b) * bin_hz;
            const double w = f <= centre ? (f - left) / (centre - left) : (right - f) / (right - centre);
            weights_.push_back(static_cast<float>(std::max(0.0, w)));
            ++width;
        }
        width_.push_back(width);
    }
    // DCT-II rows for c1..cN (orthonormal scaling).
    const auto cep = static_cast<std::size_t>(o.cepstra);
    dct_.resize(cep * filters);
    const double scale = std::sqrt(2.0 / static_cast<double>(filters));
    for (std::size_t c = 0; c < cep; ++c) {
        for (std::size_t m = 0; m < filters; ++m) {
            dct_[c * filters + m] =
                static_cast<float>(scale * std::cos(std::numbers::pi * static_cast<double>(c + 1) *
                                                    (static_cast<double>(m) + 0.5) / static_cast<double>(filters)));
        }
    }
    buf_.assign(n, 0.0F);
    power_.resize(n / 2 + 1);
    mel_.resize(filters);
}

void MfccExtractor::push(std::span<const float> samples, FrameFeatures& out) {
    out.dims = dims();
    pending_.insert(pending_.end(), samples.begin(), samples.end());
    std::size_t pos = 0;
    float before = before_;
    while (pos + frame_ <= pending_.size()) {
        compute_frame(pending_.data() + pos, before, out);
        before = pending_[pos + hop_ - 1];
        pos += hop_;
    }
    if (pos > 0) {
        before_ = pending_[pos - 1];
        pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(pos));
    }
}

void MfccExtractor::compute_frame(const float* x, float before, FrameFeatures& out) {
    // Raw power and zero crossings for voice activity.
    double sum = 0.0, sq = 0.0;
    int crossings = 0;
    for (std::size_t i = 0; i < frame_; ++i) {
        sum += x[i];
        sq += static_cast<double>(x[i]) * x[i];
        if (i > 0 && ((x[i - 1] < 0.0F) != (x[i] < 0.0F))) ++crossings;
    }
    const double frame_len = static_cast<double>(frame_);
    out.energy_db.push_back(static_cast<float>(10.0 * std::log10(sq / frame_len + 1e-10)));
    out.zero_crossing_rate.push_back(static_cast<float>(crossings / frame_len));

    // DC removal, pre-emphasis, Hamming window.
    const auto mean = static_cast<float>(sum / frame_len);
    const float a = options_.pre_emphasis;
    double energy = 0.0;
    float prev = before - mean;
    for (std::size_t i = 0; i < frame_; ++i) {
        const float cur = x[i] - mean;
        const float y = cur - a * prev;
        prev = cur;
        energy += static_cast<double>(y) * y;
        buf_[i] = y * window_[i];
    }
    std::fill(buf_.begin() + static_cast<std::ptrdiff_t>(frame_), buf_.end(), 0.0F);
    fft_.power_spectrum(buf_, power_);

    constexpr float kFloor = 1e-10F;
    const std::size_t filters = mel_.size();
    for (std::size_t m = 0; m < filters; ++m) {
        const float* w = weights_.data() + offset_[m];
        const float* p = power_.data() + first_[m];
        float e = 0.0F;
        for (std::size_t k = 0; k < width_[m]; ++k) e += w[k] * p[k];
        mel_[m] = std::log(std::max(e, kFloor));
    }
    out.values.push_back(static_cast<float>(std::log(energy + 1e-10)));
    const auto cep = static_cast<std::size_t>(options_.cepstra);
    for (std::size_t c = 0; c < cep; ++c) {
        const float* d = dct_.data() + c * filters;
        float v = 0.0F;
        for (std::size_t m = 0; m < filters; ++m) v += d[m] * mel_[m];
        out.values.push_back(v);
    }
}

}  // namespace borough::speech
