#include "speech/voice_activity.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "speech/synthetic_voice.h"

namespace borough::speech {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

void append(std::vector<float>& out, const std::vector<float>& x) { out.insert(out.end(), x.begin(), x.end()); }

std::vector<FrameRange> detect(const std::vector<float>& x) {
    auto m = MfccExtractor::create();
    EXPECT_TRUE(m.has_value());
    FrameFeatures f;
    m->push(x, f);
    return detect_speech(f);
}

// A frame range matches [from_s, to_s) within 120 ms at each end (frames, and the synthetic
// syllables' soft onsets).
MATCHER_P2(Spans, from_s, to_s, "") {
    const double b = static_cast<double>(arg.begin) / 100.0, e = static_cast<double>(arg.end) / 100.0;
    *result_listener << "is [" << b << ", " << e << ")";
    return std::abs(b - from_s) <= 0.12 && std::abs(e - to_s) <= 0.12;
}

TEST(VoiceActivity, FindsSpeechBetweenSilences) {
    std::vector<float> x = testing::room_noise(1.0, 0.002F, 1);
    append(x, testing::synthetic_voice({}, 2.0, 2));
    append(x, testing::room_noise(1.5, 0.002F, 3));
    append(x, testing::synthetic_voice({220.0, 1.15, 0.2F}, 1.0, 4));
    append(x, testing::room_noise(1.0, 0.002F, 5));
    EXPECT_THAT(detect(x), ElementsAre(Spans(1.0, 3.0), Spans(4.5, 5.5)));
}

TEST(VoiceActivity, BridgesShortPausesAndDropsClicks) {
    std::vector<float> x = testing::room_noise(1.0, 0.002F, 1);
    append(x, testing::synthetic_voice({}, 1.0, 2));
    append(x, testing::room_noise(0.2, 0.002F, 3));  // a breath pause: bridged
    append(x, testing::synthetic_voice({}, 1.0, 4));
    append(x, testing::room_noise(1.0, 0.002F, 5));
    append(x, testing::synthetic_voice({}, 0.1, 6));  // a 100 ms click: dropped
    append(x, testing::room_noise(1.0, 0.002F, 7));
    EXPECT_THAT(detect(x), ElementsAre(Spans(1.0, 3.2)));
}

TEST(VoiceActivity, SilenceAndNothing) {
    EXPECT_THAT(detect(std::vector<float>(32000, 0.0F)), IsEmpty());
    EXPECT_THAT(detect(testing::room_noise(3.0, 0.0005F, 9)), IsEmpty());
    EXPECT_THAT(detect({}), IsEmpty());
}

}  // namespace
}  // namespace borough::speech
