#include "io/audio_decoder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "io/audio_test_files.h"

namespace borough::io {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
namespace fs = std::filesystem;

class AudioDecoderTest : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = fs::temp_directory_path() /
               (std::string("borough_audio_") + info->name() + "_" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    fs::path write(const std::string& name, const std::string& bytes) {
        const fs::path p = dir_ / name;
        std::ofstream(p, std::ios::binary) << bytes;
        return p;
    }

    fs::path encode(const std::string& name, const testing::EncodeSpec& spec,
                    const std::vector<std::vector<float>>& channels, int rate) {
        const fs::path p = dir_ / name;
        const std::string err = testing::encode_file(p, spec, channels, rate);
        if (!err.empty()) {
            ADD_FAILURE() << name << ": " << err;
        }
        return p;
    }

    fs::path dir_;
};

double rms(const std::vector<float>& v, std::size_t from = 0, std::size_t to = SIZE_MAX) {
    to = std::min(to, v.size());
    if (to <= from) return 0.0;
    double sum = 0.0;
    for (std::size_t i = from; i < to; ++i) sum += static_cast<double>(v[i]) * v[i];
    return std::sqrt(sum / static_cast<double>(to - from));
}

// Dominant frequency from rising zero crossings over the steady middle of the signal.
double tone_hz(const std::vector<float>& v) {
    const std::size_t from = v.size() / 4;
    const std::size_t to = v.size() * 3 / 4;
    int crossings = 0;
    for (std::size_t i = from + 1; i < to; ++i) {
        if (v[i - 1] < 0.0F && v[i] >= 0.0F) ++crossings;
    }
    return crossings * static_cast<double>(kAudioSampleRate) / static_cast<double>(to - from);
}

AudioBlock decode_ok(const fs::path& p, std::int64_t max_ms = 0) {
    auto r = decode_audio_file(p, max_ms);
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
    return r.has_value() ? std::move(r).value() : AudioBlock{};
}

TEST_F(AudioDecoderTest, Wav16kMonoKeepsSamplesAndInfo) {
    const auto tone = testing::sine(440.0, 1.0, 16000);
    const auto p = write("tone.wav", testing::wav_bytes({tone}, 16000));
    auto dec = AudioDecoder::open(p);
    ASSERT_TRUE(dec.has_value()) << dec.error().message;
    EXPECT_EQ((*dec)->info().channels, 1);
    EXPECT_EQ((*dec)->info().sample_rate, 16000);
    EXPECT_EQ((*dec)->info().codec, "pcm_s16le");
    EXPECT_EQ((*dec)->info().duration_ms, 1000);

    const AudioBlock all = decode_ok(p);
    ASSERT_EQ(all.mono.size(), tone.size());
    EXPECT_THAT(all.channels, IsEmpty());
    for (std::size_t i = 0; i < tone.size(); i += 997) {
        EXPECT_NEAR(all.mono[i], tone[i], 1e-4) << i;
    }
}

TEST_F(AudioDecoderTest, Stereo44kResamplesTo16kMonoAndKeepsChannels) {
    const auto left = testing::sine(440.0, 2.0, 44100, 0.6F);
    const std::vector<float> right(left.size(), 0.0F);
    const auto p = write("stereo.wav", testing::wav_bytes({left, right}, 44100));
    const AudioBlock all = decode_ok(p);
    EXPECT_NEAR(static_cast<double>(all.mono.size()), 32000.0, 40.0);
    ASSERT_EQ(all.channels.size(), 2U);
    ASSERT_EQ(all.channels[0].size(), all.mono.size());
    EXPECT_NEAR(rms(all.channels[0], 1000, 31000), 0.6 / std::sqrt(2.0), 0.01);
    EXPECT_LT(rms(all.channels[1]), 1e-3);
    EXPECT_NEAR(rms(all.mono, 1000, 31000), 0.3 / std::sqrt(2.0), 0.01);  // the mean of both sides
    EXPECT_NEAR(tone_hz(all.channels[0]), 440.0, 5.0);
}

TEST_F(AudioDecoderTest, Stereo48kKeepsTheToneFrequency) {
    const auto a = testing::sine(1000.0, 1.5, 48000);
    const auto b = testing::sine(250.0, 1.5, 48000);
    const AudioBlock all = decode_ok(write("s48.wav", testing::wav_bytes({a, b}, 48000)));
    EXPECT_NEAR(static_cast<double>(all.mono.size()), 24000.0, 40.0);
    ASSERT_EQ(all.channels.size(), 2U);
    EXPECT_NEAR(tone_hz(all.channels[0]), 1000.0, 10.0);
    EXPECT_NEAR(tone_hz(all.channels[1]), 250.0, 5.0);
}

TEST_F(AudioDecoderTest, StreamsInBoundedBlocksWithContinuousTimes) {
    const auto tone = testing::sine(300.0, 3.0, 22050);
    const auto p = write("long.wav", testing::wav_bytes({tone}, 22050));
    auto dec = AudioDecoder::open(p);
    ASSERT_TRUE(dec.has_value());
    std::size_t total = 0;
    int blocks = 0;
    for (;;) {
        auto block = (*dec)->next_block(1600);
        ASSERT_TRUE(block.has_value()) << block.error().message;
        if (block->empty()) break;
        EXPECT_LE(block->mono.size(), 1600U);
        EXPECT_EQ(block->start_ms, static_cast<std::int64_t>(total) * 1000 / 16000);
        total += block->mono.size();
        ++blocks;
    }
    EXPECT_NEAR(static_cast<double>(total), 48000.0, 40.0);
    EXPECT_GE(blocks, 30);
    // After the end, it stays at the end.
    auto again = (*dec)->next_block(1600);
    ASSERT_TRUE(again.has_value());
    EXPECT_TRUE(again->empty());
    EXPECT_THAT((*dec)->warnings(), IsEmpty());
}

TEST_F(AudioDecoderTest, ZeroBlockSizeIsAnError) {
    auto dec = AudioDecoder::open(write("a.wav", testing::wav_bytes({testing::sine(200, 0.1, 16000)}, 16000)));
    ASSERT_TRUE(dec.has_value());
    auto block = (*dec)->next_block(0);
    ASSERT_FALSE(block.has_value());
    EXPECT_EQ(block.error().code, ErrorCode::InvalidInput);
}

TEST_F(AudioDecoderTest, MaxMsStopsEarly) {
    const auto p = write("five.wav", testing::wav_bytes({testing::sine(200, 5.0, 16000)}, 16000));
    EXPECT_EQ(decode_ok(p, 1500).mono.size(), 24000U);
}

struct Codec {
    const char* file;
    testing::EncodeSpec spec;
    int rate;
    int channels;
    const char* codec;  // AudioInfo::codec expected
};

TEST_F(AudioDecoderTest, CompressedFormatsDecodeToTheSameTone) {
    const std::vector<Codec> cases = {
        {"t.flac", {"flac", "flac"}, 44100, 2, "flac"},
        {"t.mp3", {"mp3", "libmp3lame"}, 44100, 2, "mp3"},
        {"t.m4a", {"mp4", "aac"}, 48000, 2, "aac"},
        {"t.opus", {"ogg", "libopus"}, 48000, 1, "opus"},
        {"t.ogg", {"ogg", "libvorbis"}, 44100, 2, "vorbis"},
        {"t.mp4", {"mp4", "aac", true}, 48000, 2, "aac"},
        {"t.mkv", {"matroska", "libvorbis", true}, 44100, 1, "vorbis"},
        {"t.webm", {"webm", "libopus", true}, 48000, 2, "opus"},
    };
    for (const Codec& c : cases) {
        SCOPED_TRACE(c.file);
        if (!testing::has_encoder(c.spec.encoder)) {
            continue;  // Debian's FFmpeg has them all; a slimmer build skips that format only
        }
        std::vector<std::vector<float>> chans;
        for (int i = 0; i < c.channels; ++i) chans.push_back(testing::sine(i == 0 ? 500.0 : 800.0, 2.0, c.rate));
        const auto p = encode(c.file, c.spec, chans, c.rate);
        auto dec = AudioDecoder::open(p);
        ASSERT_TRUE(dec.has_value()) << dec.error().message;
        EXPECT_EQ((*dec)->info().codec, c.codec);
        EXPECT_EQ((*dec)->info().channels, c.channels);
        EXPECT_EQ((*dec)->info().sample_rate, c.rate);
        EXPECT_NEAR(static_cast<double>((*dec)->info().duration_ms), 2000.0, 120.0);
        const AudioBlock all = decode_ok(p);
        // Codec priming and padding add or trim a few ms.
        EXPECT_NEAR(static_cast<double>(all.mono.size()), 32000.0, 1600.0);
        const auto& first = c.channels > 1 ? all.channels.at(0) : all.mono;
        EXPECT_NEAR(tone_hz(first), 500.0, 10.0);
        if (c.channels > 1) {
            EXPECT_NEAR(tone_hz(all.channels.at(1)), 800.0, 10.0);
        }
        EXPECT_NEAR(rms(first, 4000, 28000), 0.5 / std::sqrt(2.0), 0.05);
    }
}

TEST_F(AudioDecoderTest, VideoWithoutAudioSaysSo) {
    testing::EncodeSpec spec{"matroska", "", true, false};
    const auto p = encode("silent.mkv", spec, {std::vector<float>(16000, 0.0F)}, 16000);
    auto dec = AudioDecoder::open(p);
    ASSERT_FALSE(dec.has_value());
    EXPECT_EQ(dec.error().code, ErrorCode::InvalidInput);
    EXPECT_THAT(dec.error().message, HasSubstr("silent.mkv: has no audio stream"));
    EXPECT_EQ(dec.error().field, p.string());
}

TEST_F(AudioDecoderTest, TextRenamedMp3IsNotAudio) {
    std::string text;
    for (int i = 0; i < 200; ++i) text += "Minutes of the housing committee, item " + std::to_string(i) + ".\n";
    const auto p = write("notes.mp3", text);
    auto r = decode_audio_file(p, 0);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
    EXPECT_THAT(r.error().message, HasSubstr("notes.mp3: not an audio or video file"));
}

TEST_F(AudioDecoderTest, EmptyAndMissingFiles) {
    auto empty = AudioDecoder::open(write("empty.wav", ""));
    ASSERT_FALSE(empty.has_value());
    EXPECT_EQ(empty.error().code, ErrorCode::InvalidInput);
    EXPECT_THAT(empty.error().message, HasSubstr("empty.wav: is empty"));

    auto missing = AudioDecoder::open(dir_ / "nope.m4a");
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
    EXPECT_THAT(missing.error().message, HasSubstr("nope.m4a"));

    auto directory = AudioDecoder::open(dir_);
    ASSERT_FALSE(directory.has_value());
    EXPECT_EQ(directory.error().code, ErrorCode::InvalidInput);
}

TEST_F(AudioDecoderTest, ProtocolLikeNamesAreLocalFiles) {
    // A name FFmpeg would otherwise read as a protocol ("concat:") is opened as a plain local file.
    const auto p = write("concat:x.wav", testing::wav_bytes({testing::sine(300, 0.5, 16000)}, 16000));
    EXPECT_EQ(decode_ok(p).mono.size(), 8000U);
}

TEST_F(AudioDecoderTest, TruncatedWavKeepsWhatWasThere) {
    std::string bytes = testing::wav_bytes({testing::sine(440, 2.0, 16000)}, 16000);
    bytes.resize(44 + 16000 * 2);  // header promises 2 s, file holds 1 s
    const AudioBlock all = decode_ok(write("cut.wav", bytes));
    EXPECT_EQ(all.mono.size(), 16000U);
    EXPECT_NEAR(tone_hz(all.mono), 440.0, 5.0);

    std::string header_only = bytes.substr(0, 20);
    auto r = decode_audio_file(write("stub.wav", header_only), 0);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
    EXPECT_THAT(r.error().message, HasSubstr("stub.wav"));
}

TEST_F(AudioDecoderTest, TruncatedAndCorruptMp3KeepDecodedAudioWithWarnings) {
    if (!testing::has_encoder("libmp3lame")) GTEST_SKIP() << "no MP3 encoder in this FFmpeg";
    const auto tone = testing::sine(500.0, 6.0, 44100);
    const auto p = encode("meeting.mp3", {"mp3", "libmp3lame"}, {tone}, 44100);
    std::string bytes;
    {
        std::ifstream in(p, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    ASSERT_GT(bytes.size(), 10000U);

    // Cut in half: about 3 s come back.
    const AudioBlock half = decode_ok(write("half.mp3", bytes.substr(0, bytes.size() / 2)));
    EXPECT_NEAR(static_cast<double>(half.mono.size()), 48000.0, 3200.0);

    // Garbage over 3000 bytes (about 0.25 s) in the middle: the rest still decodes. Raw MP3 has no
    // timestamps to measure the lost span by, so the result is up to that much shorter.
    std::string corrupt = bytes;
    for (std::size_t i = corrupt.size() / 2; i < corrupt.size() / 2 + 3000; ++i) {
        corrupt[i] = static_cast<char>((i * 7919U) & 0xFFU);
    }
    const auto cp = write("corrupt.mp3", corrupt);
    auto dec = AudioDecoder::open(cp);
    ASSERT_TRUE(dec.has_value()) << dec.error().message;
    std::vector<float> all;
    for (;;) {
        auto block = (*dec)->next_block(16000);
        ASSERT_TRUE(block.has_value()) << block.error().message;
        if (block->empty()) break;
        all.insert(all.end(), block->mono.begin(), block->mono.end());
    }
    EXPECT_GT(all.size(), 96000U - 8000U);
    EXPECT_LT(all.size(), 96000U + 1600U);
    EXPECT_NEAR(tone_hz(std::vector<float>(all.begin() + 64000, all.begin() + 88000)), 500.0, 15.0);
    ASSERT_FALSE((*dec)->warnings().empty());
    for (const std::string& w : (*dec)->warnings()) {
        EXPECT_THAT(w, MatchesRegex(".*corrupt\\.mp3: corrupt (packet|audio) at 00:00:0[2-4], skipped"));
    }
}

TEST_F(AudioDecoderTest, DamagedFilesNeverCrashAndFailCleanly) {
    // Bit-flipped and truncated versions of each container, plus random bytes: every outcome is
    // either audio (maybe with warnings) or an InvalidInput error naming the file (ASan/UBSan
    // check the rest).
    std::vector<fs::path> good = {write("g.wav", testing::wav_bytes({testing::sine(300, 1.0, 16000)}, 16000))};
    const std::vector<std::pair<std::string, testing::EncodeSpec>> specs = {
        {"g.flac", {"flac", "flac"}}, {"g.ogg", {"ogg", "libvorbis"}}, {"g.m4a", {"mp4", "aac"}}};
    for (const auto& [name, spec] : specs) {
        if (testing::has_encoder(spec.encoder)) {
            good.push_back(encode(name, spec, {testing::sine(300, 1.0, 44100)}, 44100));
        }
    }
    std::uint32_t state = 12345;
    auto next = [&state] {
        state = state * 1664525U + 1013904223U;
        return state >> 8;
    };
    int decoded = 0, refused = 0;
    for (const fs::path& p : good) {
        std::string bytes;
        {
            std::ifstream in(p, std::ios::binary);
            bytes.assign(std::istreambuf_iterator<char>(in), {});
        }
        for (int round = 0; round < 6; ++round) {
            std::string damaged = bytes;
            if (round % 2 == 0) {
                for (int k = 0; k < 20; ++k) damaged[next() % damaged.size()] ^= static_cast<char>(1U << (next() % 8));
            } else {
                damaged.resize(next() % damaged.size());
            }
            const auto name = "d" + std::to_string(round) + p.filename().string();
            auto r = decode_audio_file(write(name, damaged), 0);
            if (r.has_value()) {
                ++decoded;
                for (float v : r->mono) ASSERT_TRUE(v >= -1.0F && v <= 1.0F);
            } else {
                ++refused;
                EXPECT_EQ(r.error().code, ErrorCode::InvalidInput) << r.error().message;
                EXPECT_THAT(r.error().message, HasSubstr(name));
            }
        }
    }
    std::string noise(4096, '\0');
    for (char& c : noise) c = static_cast<char>(next() & 0xFFU);
    auto r = decode_audio_file(write("noise.ogg", noise), 0);
    EXPECT_FALSE(r.has_value());
    EXPECT_GT(decoded, 0);  // most damage is survivable
}

}  // namespace
}  // namespace borough::io
