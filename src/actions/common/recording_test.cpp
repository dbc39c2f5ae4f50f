#include "actions/common/recording.h"

#include "actions/minutes/minutes_action.h"
#include "core/clock.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <span>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <map>
#include <gtest/gtest.h>
#include <unistd.h>

namespace borough::actions {
namespace {

// 16-bit PCM mono WAV at 16 kHz, written field by field.
void write_wav(const std::filesystem::path& path, const std::vector<float>& samples) {
    std::ofstream out(path, std::ios::binary);
    const auto put = [&out](std::uint32_t v, int bytes) {
        for (int i = 0; i < bytes; ++i) out.put(static_cast<char>((v >> (8 * i)) & 0xFFU));
    };
    const auto data_bytes = static_cast<std::uint32_t>(samples.size() * 2);
    out.write("RIFF", 4);
    put(36 + data_bytes, 4);
    out.write("WAVEfmt ", 8);
    put(16, 4);
    put(1, 2);  // PCM
    put(1, 2);  // mono
    put(16000, 4);
    put(32000, 4);
    put(2, 2);
    put(16, 2);
    out.write("data", 4);
    put(data_bytes, 4);
    for (const float s : samples) {
        put(static_cast<std::uint16_t>(static_cast<std::int16_t>(std::lround(s * 32767.0F))), 2);
    }
}

// Voice-like noise bursts with `silences` ({start s, end s}) cut out.
std::vector<float> noise_audio(double seconds, const std::vector<std::pair<double, double>>& silences) {
    std::mt19937 rng(7);
    std::normal_distribution<float> noise(0.0F, 0.15F);
    std::vector<float> out(static_cast<std::size_t>(seconds * 16000));
    for (std::size_t i = 0; i < out.size(); ++i) {
        const double t = static_cast<double>(i) / 16000.0;
        bool silent = false;
        for (const auto& [a, b] : silences) silent = silent || (t >= a && t < b);
        const float envelope = 0.5F + 0.5F * static_cast<float>(std::sin(2 * 3.14159265 * 3 * t));
        out[i] = silent ? 0.0F : std::clamp(noise(rng) * envelope, -1.0F, 1.0F);
    }
    return out;
}

// Records the windows it is given and answers one segment per window.
class RecordingTranscriber final : public engine::Transcriber {
public:
    std::string name() const override { return "test:recorder"; }
    Result<std::vector<engine::TranscriptSegment>> transcribe(std::span<const float> samples, std::int64_t offset_ms,
                                                              std::stop_token cancel) override {
        if (cancel.stop_requested()) return fail(ErrorCode::Cancelled, "cancelled");
        const auto length_ms = static_cast<std::int64_t>(samples.size() / 16);
        windows.emplace_back(offset_ms, length_ms);
        if (silent) return std::vector<engine::TranscriptSegment>{};
        std::string text;
        for (int i = 0; i < words_per_window; ++i) text += fmt::format("w{} ", windows.size());
        if (!sentence.empty()) text = sentence + sentence + sentence + sentence;
        return std::vector<engine::TranscriptSegment>{{offset_ms, offset_ms + length_ms, text}};
    }
    std::vector<std::pair<std::int64_t, std::int64_t>> windows;  // offset, length
    bool silent = false;
    int words_per_window = 60;
    std::string sentence;  // when set, four times over is the text of every window instead of numbered words
};

class MemoryCheckpoints final : public Checkpoints {
public:
    Result<std::map<std::string, std::string>> load() override { return saved; }
    Status save(const std::string& key, const std::string& value) override {
        saved[key] = value;
        return {};
    }
    std::map<std::string, std::string> saved;
};

class Progress final : public ProgressSink {
public:
    void on_progress(std::string_view stage, std::size_t done, std::size_t total) override {
        const std::lock_guard lock(mutex_);
        EXPECT_EQ(stage, "transcribe");
        EXPECT_LE(done, total);
        last_done = done;
        last_total = total;
    }
    std::size_t last_done = 0;
    std::size_t last_total = 0;

private:
    std::mutex mutex_;
};

class RecordingTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() / fmt::format("borough-recording-{}", ::getpid());
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::filesystem::path dir_;
};

TEST(RecordingFormats, KnowsAudioAndVideoExtensionsOnly) {
    EXPECT_TRUE(is_recording("meeting.MP3"));
    EXPECT_TRUE(is_recording("visit.m4a"));
    EXPECT_TRUE(is_recording("call.wav"));
    EXPECT_TRUE(is_recording("teams.mp4"));
    EXPECT_FALSE(is_recording("minutes.vtt"));
    EXPECT_FALSE(is_recording("transcript.docx"));
    EXPECT_FALSE(is_recording("wav"));
}

TEST_F(RecordingTest, StreamsWindowsCutAtPausesAndCoversTheWholeRecording) {
    const auto path = dir_ / "meeting.wav";
    write_wav(path, noise_audio(25.0, {{8.50, 8.70}, {18.20, 18.40}}));
    RecordingTranscriber transcriber;
    Progress progress;
    RecordingOptions options;
    options.window_ms = 10'000;
    auto transcript = transcribe_recording(path, "meeting.wav", transcriber, options, progress, {});
    ASSERT_TRUE(transcript) << transcript.error().message;

    ASSERT_EQ(transcriber.windows.size(), 3U);
    // The first cut lands in the pause at 8.5-8.7 s, not at the 10 s window edge.
    EXPECT_GE(transcriber.windows[0].second, 8'500);
    EXPECT_LE(transcriber.windows[0].second, 8'700);
    std::int64_t expected_offset = 0;
    for (const auto& [offset, length] : transcriber.windows) {
        EXPECT_EQ(offset, expected_offset);
        EXPECT_LE(length, 10'000);
        expected_offset += length;
    }
    EXPECT_NEAR(static_cast<double>(expected_offset), 25'000.0, 10.0);
    EXPECT_EQ(progress.last_done, progress.last_total);

    EXPECT_EQ(transcript->format, "audio");
    EXPECT_EQ(transcript->source, "meeting.wav");
    ASSERT_FALSE(transcript->turns.empty());
    for (const auto& turn : transcript->turns) {
        EXPECT_TRUE(turn.speaker.starts_with("Speaker ")) << turn.speaker;
        ASSERT_TRUE(turn.start_ms && turn.end_ms);
        EXPECT_LE(*turn.start_ms, *turn.end_ms);
        EXPECT_GE(turn.line, 1U);
    }
    EXPECT_EQ(transcript->words(), 180U);
    bool says_automatic = false;
    for (const auto& w : transcript->warnings) says_automatic = says_automatic || w.find("test:recorder") != std::string::npos;
    EXPECT_TRUE(says_automatic);
}

TEST_F(RecordingTest, NoRecognisedSpeechIsAClearError) {
    const auto path = dir_ / "quiet.wav";
    write_wav(path, noise_audio(3.0, {}));
    RecordingTranscriber transcriber;
    transcriber.silent = true;
    NullProgressSink progress;
    auto transcript = transcribe_recording(path, "quiet.wav", transcriber, {}, progress, {});
    ASSERT_FALSE(transcript);
    EXPECT_EQ(transcript.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(transcript.error().message.find("quiet.wav: no speech"), std::string::npos);
}

TEST_F(RecordingTest, MissingAndNonAudioFilesNameTheFile) {
    RecordingTranscriber transcriber;
    NullProgressSink progress;
    auto missing = transcribe_recording(dir_ / "gone.mp3", "gone.mp3", transcriber, {}, progress, {});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);

    const auto text = dir_ / "notes.mp3";
    std::ofstream(text) << "These are typed notes, not a recording.\n";
    auto not_audio = transcribe_recording(text, "notes.mp3", transcriber, {}, progress, {});
    ASSERT_FALSE(not_audio);
    EXPECT_EQ(not_audio.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(not_audio.error().message.find("notes.mp3"), std::string::npos);
    EXPECT_TRUE(transcriber.windows.empty());
}

TEST_F(RecordingTest, CancellationStopsBeforeTheNextWindow) {
    const auto path = dir_ / "long.wav";
    write_wav(path, noise_audio(30.0, {}));
    RecordingTranscriber transcriber;
    NullProgressSink progress;
    std::stop_source stop;
    stop.request_stop();
    RecordingOptions options;
    options.window_ms = 10'000;
    auto transcript = transcribe_recording(path, "long.wav", transcriber, options, progress, stop.get_token());
    ASSERT_FALSE(transcript);
    EXPECT_EQ(transcript.error().code, ErrorCode::Cancelled);
    EXPECT_TRUE(transcriber.windows.empty());
}

TEST_F(RecordingTest, RejectsTinyWindows) {
    RecordingTranscriber transcriber;
    NullProgressSink progress;
    RecordingOptions options;
    options.window_ms = 500;
    auto transcript = transcribe_recording(dir_ / "x.wav", "x.wav", transcriber, options, progress, {});
    ASSERT_FALSE(transcript);
    EXPECT_EQ(transcript.error().field, "window_ms");
}

TEST_F(RecordingTest, AResumedJobReusesTheSavedTranscriptInsteadOfTranscribingAgain) {
    const auto path = dir_ / "visit.wav";
    write_wav(path, noise_audio(12.0, {}));
    RecordingTranscriber transcriber;
    MemoryCheckpoints checkpoints;
    NullProgressSink progress;
    SystemClock clock;
    ActionContext ctx{nullptr, clock, progress, {}};
    ctx.transcriber = &transcriber;
    ctx.checkpoints = &checkpoints;
    const auto input = ActionInput::from_file("visit.wav", path);

    auto first = read_conversation(input, Json{{"speakers", 1}}, ctx);
    ASSERT_TRUE(first) << first.error().message;
    ASSERT_EQ(transcriber.windows.size(), 1U);
    ASSERT_EQ(checkpoints.saved.count("transcript"), 1U);

    auto again = read_conversation(input, Json{{"speakers", 1}}, ctx);
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(transcriber.windows.size(), 1U);  // not transcribed twice
    EXPECT_EQ(again->format, "audio");
    EXPECT_EQ(again->warnings, first->warnings);
    ASSERT_EQ(again->turns.size(), first->turns.size());
    for (std::size_t i = 0; i < first->turns.size(); ++i) {
        EXPECT_EQ(again->turns[i].speaker, first->turns[i].speaker);
        EXPECT_EQ(again->turns[i].text, first->turns[i].text);
        EXPECT_EQ(again->turns[i].start_ms, first->turns[i].start_ms);
        EXPECT_EQ(again->turns[i].end_ms, first->turns[i].end_ms);
        EXPECT_EQ(again->turns[i].line, first->turns[i].line);
    }
}

TEST_F(RecordingTest, RecordingsNeedATranscriberAndAValidSpeakerCount) {
    const auto path = dir_ / "visit.wav";
    write_wav(path, noise_audio(2.0, {}));
    NullProgressSink progress;
    SystemClock clock;
    ActionContext ctx{nullptr, clock, progress, {}};
    auto none = read_conversation(ActionInput::from_file("visit.wav", path), Json::object(), ctx);
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, ErrorCode::Unavailable);
    EXPECT_NE(none.error().message.find("visit.wav is a recording"), std::string::npos);

    RecordingTranscriber transcriber;
    ctx.transcriber = &transcriber;
    auto bad = read_conversation(ActionInput::from_file("visit.wav", path), Json{{"speakers", -1}}, ctx);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().field, "speakers");
}

TEST_F(RecordingTest, AnUploadHeldInMemoryIsTranscribedTooAndItsTemporaryCopyRemoved) {
    const auto path = dir_ / "upload.wav";
    write_wav(path, noise_audio(3.0, {}));
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    RecordingTranscriber transcriber;
    NullProgressSink progress;
    SystemClock clock;
    ActionContext ctx{nullptr, clock, progress, {}};
    ctx.transcriber = &transcriber;
    // Temporary copies are named borough-recording-<id>.wav; only this test makes them.
    const auto copies = [] {
        int n = 0;
        for (const auto& e : std::filesystem::directory_iterator(std::filesystem::temp_directory_path())) {
            const std::string name = e.path().filename().string();
            n += name.starts_with("borough-recording-") && name.ends_with(".wav") ? 1 : 0;
        }
        return n;
    };
    const int before = copies();
    auto transcript = read_conversation(ActionInput::from_bytes("upload.wav", bytes), Json::object(), ctx);
    ASSERT_TRUE(transcript) << transcript.error().message;
    EXPECT_EQ(transcript->source, "upload.wav");
    EXPECT_EQ(transcriber.windows.size(), 1U);
    EXPECT_EQ(copies(), before);
}

TEST_F(RecordingTest, MinutesAreWrittenFromARecordingWithTurnCitationsAndTimes) {
    const auto path = dir_ / "team-meeting.wav";
    write_wav(path, noise_audio(25.0, {{8.50, 8.70}, {18.20, 18.40}}));
    RecordingTranscriber transcriber;
    transcriber.sentence =
        "We agreed to fund the new recycling bins for the three estates from the repairs budget this year. "
        "Lisa will email the residents association about the collection days by Friday. "
        "The team also discussed the backlog of damp and mould cases and the new survey of the tower blocks, "
        "and everyone said the contractor must report on progress every fortnight until the work is finished. ";
    NullProgressSink progress;
    SystemClock clock;
    ActionContext ctx{nullptr, clock, progress, {}};
    ctx.transcriber = &transcriber;
    // Short windows so the meeting has several turns.
    auto transcript = transcribe_recording(path, "team-meeting.wav", transcriber, {0, 10'000}, progress, {});
    ASSERT_TRUE(transcript) << transcript.error().message;
    EXPECT_GE(transcript->words(), 200U);

    ActionDefinition definition;
    auto out = minutes::run_meeting_minutes(definition, ActionInput::from_file("team-meeting.wav", path),
                                            Json{{"style", "team"}, {"meeting_date", "2026-03-09"}}, ctx);
    ASSERT_TRUE(out) << out.error().message;
    const std::string json = dump_json(out->result);
    EXPECT_NE(json.find("Lisa will email the residents association"), std::string::npos) << json;
    EXPECT_NE(json.find("2026-03-13"), std::string::npos) << json;  // "by Friday" from Monday 9 March
    EXPECT_NE(out->markdown.find("Speaker 1"), std::string::npos);
}

TEST(RenameSpeakers, APersonCorrectsAutomaticLabelsAndEachRenamingIsRecorded) {
    auto transcript = io::parse_transcript("Speaker 1: Good morning everyone, shall we start?\n"
                                           "Speaker 2: Yes, the damp report is first.\n"
                                           "Speaker 1: Thank you.\n",
                                           "call.txt");
    ASSERT_TRUE(transcript) << transcript.error().message;
    const auto warnings_before = transcript->warnings.size();
    ASSERT_TRUE(rename_speakers(*transcript, " Speaker 1 = Lisa Ward ; Speaker 2=Tom Reid; "));
    EXPECT_EQ(transcript->turns[0].speaker, "Lisa Ward");
    EXPECT_EQ(transcript->turns[1].speaker, "Tom Reid");
    EXPECT_EQ(transcript->turns[2].speaker, "Lisa Ward");
    ASSERT_EQ(transcript->warnings.size(), warnings_before + 2);
    EXPECT_NE(transcript->warnings.back().find("Speaker 2 renamed Tom Reid"), std::string::npos);

    auto bad = rename_speakers(*transcript, "Speaker 7=Ann");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().field, "speaker_names");
    EXPECT_NE(bad.error().message.find("no speaker \"Speaker 7\""), std::string::npos);
    auto malformed = rename_speakers(*transcript, "Lisa Ward");
    ASSERT_FALSE(malformed);
    EXPECT_NE(malformed.error().message.find("\"Lisa Ward\" is not of the form"), std::string::npos);
}

}  // namespace
}  // namespace borough::actions
