#include "speech/der.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace borough::speech {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(Rttm, ParsesSpeakerLinesAndSkipsTheRest) {
    const auto r = parse_rttm(
        ";; a comment\n"
        "SPKR-INFO meet 1 <NA> <NA> <NA> unknown alice <NA>\n"
        "SPEAKER meet 1 0.50 1.25 <NA> <NA> alice <NA> <NA>\n"
        "\n"
        "SPEAKER meet 1 1.5 2 <NA> <NA> bob <NA> <NA>\r\n"
        "SPEAKER meet 1 4.0 0.5 <NA> <NA> alice <NA> <NA>",
        "meet.rttm");
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_THAT(r->speakers, ElementsAre("alice", "bob"));
    EXPECT_THAT(r->segments, ElementsAre(SpeakerSegment{500, 1750, 0}, SpeakerSegment{1500, 3500, 1},
                                         SpeakerSegment{4000, 4500, 0}));
}

TEST(Rttm, ErrorsNameFileAndLine) {
    auto short_line = parse_rttm("SPEAKER a 1 0.5 1.0\n", "x.rttm");
    ASSERT_FALSE(short_line.has_value());
    EXPECT_THAT(short_line.error().message, HasSubstr("x.rttm: line 1: SPEAKER needs at least 8 fields"));
    auto bad_time = parse_rttm("\nSPEAKER a 1 zero 1.0 <NA> <NA> s <NA> <NA>\n", "y.rttm");
    ASSERT_FALSE(bad_time.has_value());
    EXPECT_THAT(bad_time.error().message, HasSubstr("y.rttm: line 2: bad start time 'zero'"));
    auto negative = parse_rttm("SPEAKER a 1 1.0 -2 <NA> <NA> s <NA> <NA>\n", "z.rttm");
    ASSERT_FALSE(negative.has_value());
    EXPECT_THAT(negative.error().message, HasSubstr("line 1: bad duration '-2'"));
    EXPECT_EQ(read_rttm("/nonexistent/ref.rttm").error().code, ErrorCode::NotFound);
}

TEST(Der, PerfectAndRelabelledHypothesesScoreZero) {
    const std::vector<SpeakerSegment> ref = {{0, 2000, 0}, {2000, 5000, 1}, {6000, 7000, 0}};
    EXPECT_DOUBLE_EQ(score_diarisation(ref, ref, 0).der(), 0.0);
    const std::vector<SpeakerSegment> swapped = {{0, 2000, 1}, {2000, 5000, 0}, {6000, 7000, 1}};
    const DerScore s = score_diarisation(ref, swapped, 0);
    EXPECT_DOUBLE_EQ(s.der(), 0.0);
    EXPECT_DOUBLE_EQ(s.reference_ms, 6000.0);
}

TEST(Der, MissedFalseAlarmAndConfusionByHand) {
    // Reference: A 0-4 s, B 4-8 s, and B overlapping A 3-4 s (overlap counts twice).
    const std::vector<SpeakerSegment> ref = {{0, 4000, 0}, {3000, 8000, 1}};
    // Hypothesis: X 0-5 s, Y 5-7 s, Y again 9-10 s (false alarm).
    const std::vector<SpeakerSegment> hyp = {{0, 5000, 0}, {5000, 7000, 1}, {9000, 10000, 1}};
    const DerScore s = score_diarisation(ref, hyp, 0);
    EXPECT_DOUBLE_EQ(s.reference_ms, 9000.0);        // 4 s A + 5 s B
    EXPECT_DOUBLE_EQ(s.missed_ms, 1000.0 + 1000.0);  // overlap 3-4 (one voice short) + 7-8
    EXPECT_DOUBLE_EQ(s.false_alarm_ms, 1000.0);      // 9-10
    EXPECT_DOUBLE_EQ(s.confusion_ms, 1000.0);        // 4-5: B labelled X (mapped to A)
    EXPECT_NEAR(s.der(), 4000.0 / 9000.0, 1e-12);
}

TEST(Der, CollarForgivesBoundaryErrors) {
    const std::vector<SpeakerSegment> ref = {{1000, 3000, 0}, {3000, 6000, 1}};
    const std::vector<SpeakerSegment> hyp = {{1200, 3200, 0}, {3200, 5900, 1}};
    EXPECT_GT(score_diarisation(ref, hyp, 0).der(), 0.05);
    const DerScore c = score_diarisation(ref, hyp, 250);
    EXPECT_DOUBLE_EQ(c.der(), 0.0);
    EXPECT_DOUBLE_EQ(c.reference_ms, 5000.0 - 1000.0);  // ±250 ms of speech around 1 s, 3 s, 6 s
}

TEST(Der, EmptySides) {
    const std::vector<SpeakerSegment> ref = {{0, 1000, 0}};
    EXPECT_DOUBLE_EQ(score_diarisation(ref, {}, 0).der(), 1.0);
    const DerScore fa = score_diarisation({}, ref, 0);
    EXPECT_DOUBLE_EQ(fa.false_alarm_ms, 1000.0);
    EXPECT_DOUBLE_EQ(fa.der(), 0.0);
}

}  // namespace
}  // namespace borough::speech
