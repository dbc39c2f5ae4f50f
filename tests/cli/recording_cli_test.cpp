// Black-box: a recording given to the conversation actions is decoded, transcribed by whisper.cpp (a
// random-weight model from borough-testmodel, so the words are nonsense: this checks the plumbing),
// split into speakers and turned into minutes; without a speech model, or with a file that is not audio,
// the user gets one clear message and nothing is stored as done.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/ids.h"
#include "core/json.h"
#include "run_process.h"

namespace borough {
namespace {

namespace fs = std::filesystem;

// 16 kHz mono 16-bit WAV: two voiced "speakers" (110 Hz and 210 Hz buzzes at syllable rate) taking
// 6-second turns with short pauses.
void write_conversation_wav(const fs::path& path, double seconds) {
    constexpr double kRate = 16000.0;
    constexpr double kPi = 3.141592653589793;
    const auto n = static_cast<std::size_t>(seconds * kRate);
    std::ofstream out(path, std::ios::binary);
    const auto put = [&out](std::uint32_t v, int bytes) {
        for (int i = 0; i < bytes; ++i) out.put(static_cast<char>((v >> (8 * i)) & 0xFFU));
    };
    out.write("RIFF", 4);
    put(static_cast<std::uint32_t>(36 + n * 2), 4);
    out.write("WAVEfmt ", 8);
    put(16, 4);
    put(1, 2);
    put(1, 2);
    put(16000, 4);
    put(32000, 4);
    put(2, 2);
    put(16, 2);
    out.write("data", 4);
    put(static_cast<std::uint32_t>(n * 2), 4);
    for (std::size_t i = 0; i < n; ++i) {
        const double t = static_cast<double>(i) / kRate;
        const bool second = static_cast<int>(t / 6.0) % 2 == 1;
        const double pitch = second ? 210.0 : 110.0;
        double v = 0;
        for (int h = 1; h <= 5; ++h) v += std::sin(2.0 * kPi * pitch * h * t) / h;
        const bool pause = std::fmod(t, 6.0) > 5.4;
        const double s = pause ? 0.0 : 0.3 * (0.5 + 0.5 * std::sin(2.0 * kPi * 4.0 * t)) * v;
        put(static_cast<std::uint16_t>(static_cast<std::int16_t>(std::lround(s * 32767.0))), 2);
    }
}

class Recording : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("borough_recording_" + random_hex(6));
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    testing::ProcessResult borough(std::vector<std::string> args) {
        return testing::run_process(BOROUGH_BIN, args, {{"BOROUGH_DATA_DIR", (dir_ / "data").string()}}, 600);
    }
    fs::path dir_;
};

TEST_F(Recording, ARecordingIsDecodedTranscribedAndHandedToTheAction) {
    // A random-weight model hears a few nonsense words in 20 s of buzzing (deterministically: the model
    // and the audio are fixed), so the action gets a real transcript from whisper.cpp and refuses it
    // with its own message, naming the recording, rather than inventing minutes. The minutes rendered
    // from a recording's transcript are checked in src/actions/common/recording_test.cpp.
    const auto wav = dir_ / "committee.wav";
    write_conversation_wav(wav, 20.0);
    auto r = borough({"run", "meeting-minutes", "--input", wav.string(), "--whisper-model", WHISPER_MICRO_MODEL,
                      "--whisper-threads", "2", "--param", "meeting_date=2026-03-09", "--param", "speakers=2"});
    EXPECT_EQ(r.exit_code, 3) << r.err;
    const std::string said = "committee.wav: the transcript has ";
    const auto at = r.err.find(said);
    ASSERT_NE(at, std::string::npos) << r.err;
    const int words = std::atoi(r.err.c_str() + at + said.size());
    EXPECT_GT(words, 0) << r.err;
    EXPECT_LT(words, 200) << r.err;
    EXPECT_NE(r.err.find("not meaningful"), std::string::npos) << r.err;
    // The recording itself is not copied into the job store: the job keeps its path and checksum.
    EXPECT_LT(fs::file_size(dir_ / "data" / "borough.db"), fs::file_size(wav));
}

TEST_F(Recording, WithoutASpeechModelTheMessageSaysWhatToSet) {
    const auto wav = dir_ / "visit.wav";
    write_conversation_wav(wav, 3.0);
    auto r = borough({"run", "needs-assessment", "--input", wav.string()});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("whisper_model"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--whisper-model"), std::string::npos) << r.err;
}

TEST_F(Recording, ATextFileNamedLikeAudioIsRefusedByName) {
    const auto fake = dir_ / "notes.mp3";
    std::ofstream(fake) << "Chair: these are typed notes saved with the wrong extension.\n";
    auto r = borough({"run", "meeting-minutes", "--input", fake.string(), "--whisper-model", WHISPER_MICRO_MODEL});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("notes.mp3"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("not an audio or video file"), std::string::npos) << r.err;
}

TEST_F(Recording, ABadSpeechModelIsNamed) {
    const auto wav = dir_ / "call.wav";
    write_conversation_wav(wav, 3.0);
    const auto model = dir_ / "model.bin";
    std::ofstream(model) << "not a model";
    auto r = borough({"run", "meeting-minutes", "--input", wav.string(), "--whisper-model", model.string()});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("model.bin"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace borough
