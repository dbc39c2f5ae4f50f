#include "speech/diarisation_eval.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "speech/synthetic_voice.h"

namespace borough::speech {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

void put(std::ofstream& out, std::uint32_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out.put(static_cast<char>((v >> (8 * i)) & 0xFFU));
}

// 16 kHz mono 16-bit WAV.
void write_wav(const fs::path& p, const std::vector<float>& x) {
    std::ofstream out(p, std::ios::binary);
    const auto data = static_cast<std::uint32_t>(x.size() * 2);
    out << "RIFF";
    put(out, 36 + data, 4);
    out << "WAVEfmt ";
    put(out, 16, 4);
    put(out, 1, 2);
    put(out, 1, 2);
    put(out, 16000, 4);
    put(out, 32000, 4);
    put(out, 2, 2);
    put(out, 16, 2);
    out << "data";
    put(out, data, 4);
    for (float s : x) put(out, static_cast<std::uint16_t>(static_cast<std::int16_t>(std::lrint(s * 32767.0F))), 2);
}

TEST(DiarisationEval, ScoresASetWeWriteAndSaysWhenThereIsNone) {
    const fs::path dir = fs::temp_directory_path() / ("borough_diar_eval_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "speech_ami_excerpt_pyannote" / "sample");
    std::vector<float> x = testing::room_noise(0.5, 0.002F, 1);
    const auto a = testing::synthetic_voice({105.0, 1.0, 0.3F}, 4.0, 2);
    const auto b = testing::synthetic_voice({215.0, 1.2, 0.25F}, 4.0, 3);
    x.insert(x.end(), a.begin(), a.end());
    x.insert(x.end(), b.begin(), b.end());
    write_wav(dir / "speech_ami_excerpt_pyannote" / "sample" / "sample.wav", x);
    std::ofstream(dir / "speech_ami_excerpt_pyannote" / "sample" / "sample.rttm")
        << "SPEAKER s 1 0.5 4.0 <NA> <NA> a <NA> <NA>\nSPEAKER s 1 4.5 4.0 <NA> <NA> b <NA> <NA>\n";

    auto r = evaluate_diarisation(dir);
    ASSERT_TRUE(r.has_value()) << r.error().message;
    const Json& file = (*r)["files"][0];
    EXPECT_EQ(file["reference_speakers"], 2);
    ASSERT_EQ(file["methods"].size(), 4U);
    const Json& given = file["methods"][1];
    EXPECT_EQ(given["speakers"], 2);
    EXPECT_LT(given["collar025"]["der"].get<double>(), 0.05);
    const Json& one = file["methods"][2];
    EXPECT_NEAR(one["collar0"]["confusion"].get<double>(), 0.5, 0.01);
    EXPECT_NEAR(one["collar0"]["false_alarm"].get<double>(), 0.5 / 8.0, 0.01);
    EXPECT_THAT((*r)["markdown"].get<std::string>(), HasSubstr("| sample/sample | baseline: one speaker throughout |"));

    std::ofstream(dir / "speech_ami_excerpt_pyannote" / "sample" / "sample.rttm") << "SPEAKER s 1 x 4 <NA> <NA> a\n";
    auto bad = evaluate_diarisation(dir);
    ASSERT_FALSE(bad.has_value());
    EXPECT_THAT(bad.error().message, HasSubstr("sample.rttm: line 1: bad start time 'x'"));

    fs::remove_all(dir);
    EXPECT_EQ(evaluate_diarisation(dir).error().code, ErrorCode::NotFound);
}

// DER at collar 0.25 s with the speaker count estimated, measured 4.7% (sample) and 23.9% (mixture).
double max_der(const std::string& file) { return file.starts_with("sample") ? 0.08 : 0.28; }

// Quality gate on the pyannote/AMI excerpts when ../shared/eval is next to the checkout (the
// recordings may not be copied in). Thresholds are the DERs measured when this was written plus a
// small margin, and the diariser must beat both naive baselines.
TEST(DiarisationEval, AmiExcerptsWithinMeasuredDer) {
    const fs::path dir = fs::path(BOROUGH_SOURCE_DIR) / ".." / "shared" / "eval";
    if (!fs::exists(dir / "speech_ami_excerpt_pyannote")) GTEST_SKIP() << "no evaluation data at " << dir;
    auto r = evaluate_diarisation(dir);
    ASSERT_TRUE(r.has_value()) << r.error().message;
    ASSERT_EQ((*r)["files"].size(), 2U);
    for (const Json& file : (*r)["files"]) {
        SCOPED_TRACE(file["file"].get<std::string>());
        const Json& m = file["methods"];
        const double estimated = m[0]["collar025"]["der"].get<double>();
        const double given = m[1]["collar025"]["der"].get<double>();
        const double one = m[2]["collar025"]["der"].get<double>();
        const double alternating = m[3]["collar025"]["der"].get<double>();
        EXPECT_LT(estimated, one);
        EXPECT_LT(estimated, alternating);
        EXPECT_LT(given, one);
        EXPECT_GE(m[0]["speakers"].get<int>(), 2);
        EXPECT_LE(m[0]["speakers"].get<int>(), 5);
        EXPECT_LT(estimated, max_der(file["file"].get<std::string>())) << (*r)["markdown"].get<std::string>();
    }
}

}  // namespace
}  // namespace borough::speech
