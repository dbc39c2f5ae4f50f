// Audio decoding with Debian's FFmpeg libraries: WAV, MP3, M4A/AAC, Ogg (Vorbis/Opus), FLAC and the
// audio stream of video files (mp4, mkv, webm), streamed as 16 kHz float blocks. FFmpeg types stay in
// the .cpp; nothing here prints or logs the audio's content.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"

namespace borough::io {

inline constexpr int kAudioSampleRate = 16000;  // every block is resampled to this rate

struct AudioInfo {
    std::int64_t duration_ms = 0;  // from the container; 0 when it does not say
    int channels = 0;              // of the source stream
    int sample_rate = 0;           // of the source stream, Hz
    std::string codec;             // FFmpeg codec name: "pcm_s16le", "mp3", "aac", "opus", ...
};

struct AudioBlock {
    std::int64_t start_ms = 0;  // position of mono[0] from the start of the decoded audio
    std::vector<float> mono;    // 16 kHz, [-1, 1], the mean of the source channels
    // One vector per source channel, each the same length as `mono`, when the source has 2+
    // channels (stereo meetings often put one microphone on each side); empty for mono sources.
    std::vector<std::vector<float>> channels;

    [[nodiscard]] bool empty() const { return mono.empty(); }
};

// Streams one file's best audio stream. Memory is bounded by the block size, never by the file's
// length, so a 5-hour recording decodes in constant memory. Not thread-safe: use one decoder per
// thread (distinct decoders are independent).
class AudioDecoder {
public:
    // Errors (Error::field is the path): NotFound (missing file); InvalidInput "x: is empty",
    // "x: not an audio or video file", "x: has no audio stream", "x: unsupported codec 'foo'".
    // Only local files are read: no network protocols, no playlists that open other files.
    [[nodiscard]] static Result<std::unique_ptr<AudioDecoder>> open(const std::filesystem::path& path);

    virtual ~AudioDecoder() = default;
    AudioDecoder(const AudioDecoder&) = delete;
    AudioDecoder& operator=(const AudioDecoder&) = delete;

    [[nodiscard]] virtual const AudioInfo& info() const = 0;

    // The next block of up to max_samples (> 0) samples at 16 kHz; an empty block means the end.
    // Corrupt packets mid-stream are skipped with a warning (the gap is filled with silence so later
    // times stay right); a read error ends the stream with a warning, keeping what was decoded.
    // Fails (InvalidInput) only when the file yields no audio at all before an error.
    [[nodiscard]] virtual Result<AudioBlock> next_block(std::size_t max_samples) = 0;

    // "x.mp3: corrupt packet at 01:02:03, skipped", in stream order. Grows as blocks are read.
    [[nodiscard]] virtual const std::vector<std::string>& warnings() const = 0;

protected:
    AudioDecoder() = default;
};

// Decodes a whole file, or its first max_ms milliseconds when max_ms > 0 (the rest is not read),
// into one block starting at 0. For tests, evaluation and short clips; long recordings should
// stream with AudioDecoder. Same errors as AudioDecoder::open and next_block.
[[nodiscard]] Result<AudioBlock> decode_audio_file(const std::filesystem::path& path, std::int64_t max_ms);

}  // namespace borough::io
