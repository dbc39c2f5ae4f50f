// WhisperTranscriber on the generated random-weight micro model: plumbing only (loading, windows,
// timestamps, cancellation, errors). The words are gibberish by construction and never checked.
#include "engine/whisper/whisper_transcriber.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <limits>
#include <thread>

#include "engine/whisper/synthetic_speech.h"
#include "engine/whisper/test_files.h"
#include "support/temp_dir.h"

namespace borough::engine::whisper {
namespace {

using test::TempDir;
using testing::kMicroModel;

// One thread: no barriers to wait on when the test machine is busy; multi-threading is covered by
// DefaultOptionsWithFallbackAlsoTranscribe and by concurrent calls.
WhisperOptions fast_options() {
    WhisperOptions options;
    options.threads = 1;
    options.temperature_fallback = false;
    return options;
}

std::unique_ptr<WhisperTranscriber> open_micro(WhisperOptions options = fast_options()) {
    auto t = WhisperTranscriber::open(kMicroModel, std::move(options));
    EXPECT_TRUE(t) << t.error().describe();
    return t ? std::move(t).value() : nullptr;
}

void expect_segments_inside(const std::vector<TranscriptSegment>& segments, std::int64_t begin_ms,
                            std::int64_t end_ms) {
    std::int64_t previous_start = begin_ms;
    for (const auto& s : segments) {
        EXPECT_GE(s.start_ms, previous_start);
        EXPECT_LE(s.start_ms, s.end_ms);
        EXPECT_LE(s.end_ms, end_ms);
        EXPECT_FALSE(s.text.empty());
        EXPECT_NE(s.text.front(), ' ');
        previous_start = s.start_ms;
    }
}

TEST(WhisperTranscriber, NamesEngineAndModelFile) {
    const auto t = open_micro();
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->name(), "whisper:whisper-micro.bin");
    EXPECT_EQ(t->model_info().n_vocab, 51864);
    EXPECT_EQ(t->options().threads, 1U);
}

TEST(WhisperTranscriber, SegmentsLieInsideTheWindowAtItsOffset) {
    const auto t = open_micro();
    ASSERT_NE(t, nullptr);
    const auto audio = speech_like_audio(40.0);  // two whisper windows
    const auto segments = t->transcribe(audio, 300000, {});
    ASSERT_TRUE(segments) << segments.error().describe();
    ASSERT_FALSE(segments->empty());
    expect_segments_inside(*segments, 300000, 340000);
}

TEST(WhisperTranscriber, DefaultOptionsWithFallbackAlsoTranscribe) {
    WhisperOptions options;
    options.threads = 2;
    const auto t = open_micro(options);
    ASSERT_NE(t, nullptr);
    EXPECT_TRUE(t->options().temperature_fallback);
    const auto segments = t->transcribe(speech_like_audio(8.0), 0, {});
    ASSERT_TRUE(segments) << segments.error().describe();
    expect_segments_inside(*segments, 0, 8000);
}

TEST(WhisperTranscriber, BeamSearchAlsoTranscribes) {
    WhisperOptions options = fast_options();
    options.beam_size = 3;
    const auto t = open_micro(options);
    ASSERT_NE(t, nullptr);
    const auto segments = t->transcribe(speech_like_audio(4.0), 1000, {});
    ASSERT_TRUE(segments) << segments.error().describe();
    expect_segments_inside(*segments, 1000, 5000);
}

TEST(WhisperTranscriber, EmptyAudioGivesNoSegments) {
    const auto t = open_micro();
    ASSERT_NE(t, nullptr);
    const auto segments = t->transcribe({}, 5000, {});
    ASSERT_TRUE(segments);
    EXPECT_TRUE(segments->empty());
}

TEST(WhisperTranscriber, SameAudioGivesSameSegmentsAcrossCallsAndThreads) {
    const auto t = open_micro();
    ASSERT_NE(t, nullptr);
    const auto audio = speech_like_audio(12.0);
    const auto first = t->transcribe(audio, 0, {});
    ASSERT_TRUE(first) << first.error().describe();
    // Two calls at once take two whisper_states from the pool; each must match the serial result.
    Result<std::vector<TranscriptSegment>> a = std::vector<TranscriptSegment>{};
    Result<std::vector<TranscriptSegment>> b = std::vector<TranscriptSegment>{};
    {
        std::jthread ta([&] { a = t->transcribe(audio, 0, {}); });
        std::jthread tb([&] { b = t->transcribe(audio, 0, {}); });
    }
    for (const auto* r : {&a, &b}) {
        ASSERT_TRUE(*r) << r->error().describe();
        ASSERT_EQ((*r)->size(), first->size());
        for (std::size_t i = 0; i < first->size(); ++i) {
            EXPECT_EQ((**r)[i].start_ms, (*first)[i].start_ms);
            EXPECT_EQ((**r)[i].end_ms, (*first)[i].end_ms);
            EXPECT_EQ((**r)[i].text, (*first)[i].text);
        }
    }
}

TEST(WhisperTranscriber, StopRequestedBeforehandIsCancelled) {
    const auto t = open_micro();
    ASSERT_NE(t, nullptr);
    std::stop_source stop;
    stop.request_stop();
    const auto segments = t->transcribe(speech_like_audio(5.0), 0, stop.get_token());
    ASSERT_FALSE(segments);
    EXPECT_EQ(segments.error().code, ErrorCode::Cancelled);
}

TEST(WhisperTranscriber, StopDuringDecodingReturnsPromptly) {
    const auto t = open_micro();
    ASSERT_NE(t, nullptr);
    // Four whisper windows take seconds even on the micro model (the random decoder runs to its token
    // limit); the stop lands inside them and the abort callback must end the call well before that.
    const auto audio = speech_like_audio(120.0);
    std::stop_source stop;
    const auto start = std::chrono::steady_clock::now();
    std::jthread stopper([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        stop.request_stop();
    });
    const auto segments = t->transcribe(audio, 0, stop.get_token());
    const auto elapsed = std::chrono::steady_clock::now() - start;
    ASSERT_FALSE(segments);
    EXPECT_EQ(segments.error().code, ErrorCode::Cancelled);
    EXPECT_LT(elapsed, std::chrono::seconds(3));
    // The transcriber stays usable after a cancelled call.
    EXPECT_TRUE(t->transcribe(speech_like_audio(2.0), 0, {}));
}

TEST(WhisperTranscriber, NonFiniteSampleIsNamed) {
    const auto t = open_micro();
    ASSERT_NE(t, nullptr);
    auto audio = speech_like_audio(1.0);
    audio[1234] = std::numeric_limits<float>::quiet_NaN();
    const auto segments = t->transcribe(audio, 0, {});
    ASSERT_FALSE(segments);
    EXPECT_EQ(segments.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(segments.error().message.find("sample 1234"), std::string::npos);
}

TEST(WhisperTranscriber, BadOptionsNameTheirField) {
    WhisperOptions zero_threads = fast_options();
    zero_threads.threads = 0;
    auto r = WhisperTranscriber::open(kMicroModel, zero_threads);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "threads");

    WhisperOptions unknown = fast_options();
    unknown.language = "klingon";
    r = WhisperTranscriber::open(kMicroModel, unknown);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "language");

    WhisperOptions wide = fast_options();
    wide.beam_size = 17;
    r = WhisperTranscriber::open(kMicroModel, wide);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "beam_size");

    WhisperOptions welsh = fast_options();
    welsh.language = "cy";  // a real language, but the model is English-only
    r = WhisperTranscriber::open(kMicroModel, welsh);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "language");
    EXPECT_NE(r.error().message.find("English-only"), std::string::npos);
}

TEST(WhisperTranscriber, MissingAndBadModelFilesAreNamed) {
    auto r = WhisperTranscriber::open("/nonexistent/ggml-base.en.bin", fast_options());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::NotFound);
    EXPECT_NE(r.error().message.find("ggml-base.en.bin"), std::string::npos);

    const TempDir dir;
    const auto path = dir.path() / "recording.wav";
    std::ofstream(path, std::ios::binary) << std::string("RIFF\x24\0\0\0WAVEfmt ", 16) << std::string(64, '\0');
    r = WhisperTranscriber::open(path, fast_options());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(r.error().message.find("not a whisper ggml model"), std::string::npos);
    EXPECT_NE(r.error().message.find("recording.wav"), std::string::npos);
}

}  // namespace
}  // namespace borough::engine::whisper
