#include "speech/mfcc.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "speech/synthetic_voice.h"

namespace borough::speech {
namespace {

std::vector<float> tone(double hz, double seconds, float amplitude) {
    std::vector<float> v(static_cast<std::size_t>(seconds * 16000));
    for (std::size_t i = 0; i < v.size(); ++i) {
        v[i] = amplitude * static_cast<float>(std::sin(2.0 * std::numbers::pi * hz * static_cast<double>(i) / 16000));
    }
    return v;
}

FrameFeatures features_of(const std::vector<float>& x) {
    auto m = MfccExtractor::create();
    EXPECT_TRUE(m.has_value());
    FrameFeatures f;
    m->push(x, f);
    return f;
}

double distance(std::span<const float> a, std::span<const float> b) {
    double s = 0;
    for (std::size_t i = 1; i < a.size(); ++i) s += (a[i] - b[i]) * (a[i] - b[i]);
    return std::sqrt(s);
}

TEST(Mfcc, FrameCountAndShape) {
    const FrameFeatures f = features_of(tone(300, 1.0, 0.5));
    EXPECT_EQ(f.dims, 20);
    EXPECT_EQ(f.rows(), 1U + (16000U - 400U) / 160U);
    EXPECT_EQ(f.values.size(), f.rows() * 20U);
    EXPECT_EQ(f.zero_crossing_rate.size(), f.rows());
    EXPECT_EQ(features_of(std::vector<float>(399, 0.1F)).rows(), 0U);
}

TEST(Mfcc, StreamingInOddBlocksEqualsOnePush) {
    const auto x = testing::synthetic_voice({}, 2.0, 3);
    const FrameFeatures whole = features_of(x);
    auto m = MfccExtractor::create();
    ASSERT_TRUE(m.has_value());
    FrameFeatures parts;
    std::size_t pos = 0, step = 1;
    while (pos < x.size()) {
        const std::size_t n = std::min(step, x.size() - pos);
        m->push(std::span<const float>(x).subspan(pos, n), parts);
        pos += n;
        step = step * 3 + 7;
    }
    ASSERT_EQ(parts.rows(), whole.rows());
    for (std::size_t i = 0; i < whole.values.size(); ++i) {
        ASSERT_FLOAT_EQ(parts.values[i], whole.values[i]) << i;
    }
}

TEST(Mfcc, EnergyAndZeroCrossingsTrackTheSignal) {
    const FrameFeatures quiet = features_of(tone(200, 0.5, 0.01F));
    const FrameFeatures loud = features_of(tone(200, 0.5, 0.1F));
    EXPECT_NEAR(loud.energy_db[10] - quiet.energy_db[10], 20.0, 0.1);
    EXPECT_NEAR(loud.energy_db[10], 10 * std::log10(0.1 * 0.1 / 2), 0.3);
    // 200 Hz crosses zero 400 times a second: 0.025 per sample; 4 kHz: 0.5.
    EXPECT_NEAR(loud.zero_crossing_rate[10], 0.025, 0.005);
    EXPECT_NEAR(features_of(tone(4000, 0.5, 0.1F)).zero_crossing_rate[10], 0.5, 0.01);
}

TEST(Mfcc, CepstraSeparateDifferentSpectraAndNotLoudness) {
    const FrameFeatures a = features_of(tone(300, 0.5, 0.1F));
    const FrameFeatures a_loud = features_of(tone(300, 0.5, 0.4F));
    const FrameFeatures b = features_of(tone(2500, 0.5, 0.1F));
    // Loudness moves only the energy term (index 0) and c0-like offsets cancel in c1..cN.
    EXPECT_LT(distance(a.row(20), a_loud.row(20)), 0.05);
    EXPECT_GT(distance(a.row(20), b.row(20)), 5.0);
    EXPECT_GT(a_loud.row(20)[0], a.row(20)[0] + 2.0);
}

TEST(Mfcc, RejectsBadOptions) {
    MfccOptions o;
    o.hop_ms = 30;
    EXPECT_EQ(MfccExtractor::create(o).error().field, "hop_ms");
    o = {};
    o.cepstra = 40;
    EXPECT_EQ(MfccExtractor::create(o).error().field, "cepstra");
    o = {};
    o.sample_rate = 100;
    EXPECT_EQ(MfccExtractor::create(o).error().field, "sample_rate");
}

}  // namespace
}  // namespace borough::speech
