#include "speech/voice_activity.h"

#include <algorithm>

namespace borough::speech {
namespace {

float percentile(std::vector<float> v, double p) {
    if (v.empty()) return 0.0F;
    const auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return v[k];
}

}  // namespace

std::vector<FrameRange> detect_speech(const FrameFeatures& features, const VoiceActivityOptions& options) {
    const std::size_t n = features.rows();
    std::vector<FrameRange> out;
    if (n == 0) return out;
    const float noise = percentile(features.energy_db, 0.10);
    const float loud = percentile(features.energy_db, 0.95);
    // A third of the way from the floor to the speech level, at least 6 dB over the floor: loud
    // enough to skip room noise and breaths, low enough to keep quieter talkers in a meeting.
    const float threshold = std::max({noise + 6.0F, noise + (loud - noise) / 3.0F, options.min_level_db});
    const float fricative_threshold = std::max(threshold - 8.0F, options.min_level_db);

    std::vector<std::uint8_t> speech(n, 0);
    for (std::size_t i = 0; i < n; ++i) speech[i] = features.energy_db[i] >= threshold ? 1 : 0;
    // Unvoiced consonants (s, f, sh) are quieter but noisy: keep them when they touch speech.
    for (std::size_t i = 0; i < n; ++i) {
        if (speech[i] != 0 || features.energy_db[i] < fricative_threshold) continue;
        if (features.zero_crossing_rate[i] < 0.25F) continue;
        const bool near = (i > 0 && speech[i - 1] != 0) || (i + 1 < n && speech[i + 1] != 0);
        if (near) speech[i] = 1;
    }

    const auto hop = static_cast<std::int64_t>(std::max(1, options.hop_ms));
    const auto min_gap = static_cast<std::size_t>(options.min_gap_ms / hop);
    const auto min_len = static_cast<std::size_t>(options.min_speech_ms / hop);
    std::vector<FrameRange> runs;
    for (std::size_t i = 0; i < n;) {
        if (speech[i] == 0) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < n && speech[j] != 0) ++j;
        if (!runs.empty() && i - runs.back().end <= min_gap) {
            runs.back().end = j;
        } else {
            runs.push_back({i, j});
        }
        i = j;
    }
    for (const FrameRange& r : runs) {
        if (r.size() >= std::max<std::size_t>(min_len, 1)) out.push_back(r);
    }
    return out;
}

}  // namespace borough::speech
