// Test-only helpers that write audio files the tests generate themselves: WAV bytes by hand, and
// FLAC/MP3/AAC/Opus/Vorbis (optionally with a video stream) through libavformat/libavcodec.
// Compiled into borough_io_tests only; never part of the library.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace borough::io::testing {

// A sine tone: `seconds` long at `rate` Hz, amplitude `amplitude`.
std::vector<float> sine(double frequency_hz, double seconds, int rate, float amplitude = 0.5F);

// A canonical 16-bit PCM WAV file (RIFF header written field by field) from planar channels of
// equal length, samples in [-1, 1].
std::string wav_bytes(const std::vector<std::vector<float>>& channels, int rate);

struct EncodeSpec {
    std::string container;    // libavformat muxer: "flac", "mp3", "mp4", "ogg", "matroska", "webm"
    std::string encoder;      // libavcodec encoder: "flac", "libmp3lame", "aac", "libopus", "libvorbis"
    bool with_video = false;  // add a small MPEG-4 (or VP8 for webm) video stream before the audio
    bool audio = true;        // false: a video-only file
};

// Encodes planar channels at `rate` into `path`. Returns "" on success, else what failed (so a
// test can skip when an encoder is not built into this FFmpeg).
std::string encode_file(const std::filesystem::path& path, const EncodeSpec& spec,
                        const std::vector<std::vector<float>>& channels, int rate);

// Whether this FFmpeg build has the named encoder.
bool has_encoder(const std::string& name);

}  // namespace borough::io::testing
