// Transcriber: the interface every speech-to-text engine implements (today engine/whisper). Actions
// see only this: timestamped text segments, never an engine's own types.
#pragma once

#include <cstdint>
#include <span>
#include <stop_token>
#include <string>
#include <vector>

#include "core/result.h"

namespace borough::engine {

// One recognised stretch of speech. Times are milliseconds from the start of the recording.
struct TranscriptSegment {
    std::int64_t start_ms = 0;
    std::int64_t end_ms = 0;  // >= start_ms
    std::string text;         // UTF-8, leading/trailing spaces trimmed; never logged at info or above
};

class Transcriber {
public:
    virtual ~Transcriber() = default;

    // "whisper:ggml-tiny.en.bin": the engine and the model file name, for job records and output.
    [[nodiscard]] virtual std::string name() const = 0;

    // Transcribes 16 kHz mono float samples in [-1, 1]. Segment times are offset_ms plus the position
    // in `samples`, in order and inside [offset_ms, offset_ms + duration]. Callers stream long
    // recordings in windows (e.g. 5 minutes) and pass each window's start as offset_ms; the engine
    // never needs the whole file. Empty `samples` give no segments. Fails with Cancelled once `cancel`
    // is requested (checked between model steps), Internal when the engine itself fails.
    [[nodiscard]] virtual Result<std::vector<TranscriptSegment>> transcribe(std::span<const float> samples,
                                                                            std::int64_t offset_ms,
                                                                            std::stop_token cancel) = 0;
};

}  // namespace borough::engine
