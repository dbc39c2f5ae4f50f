#include "actions/common/recording.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <limits>
#include <span>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/file.h"
#include "core/ids.h"
#include "core/json.h"
#include "core/strings.h"
#include "io/audio_decoder.h"
#include "speech/diariser.h"

namespace borough::actions {
namespace {

constexpr std::size_t kBlockSamples = static_cast<std::size_t>(io::kAudioSampleRate) * 10;  // 10 s
constexpr std::size_t kSamplesPerMs = static_cast<std::size_t>(io::kAudioSampleRate) / 1000;
constexpr std::size_t kCutSearchSamples = 3 * static_cast<std::size_t>(io::kAudioSampleRate);
constexpr std::size_t kCutFrameSamples = 10 * kSamplesPerMs;

// The end of the first window in `audio` (which holds at least `window` samples): the start of the
// quietest 10 ms frame in the window's last 3 seconds, so a pause rather than a word is cut.
std::size_t window_cut(std::span<const float> audio, std::size_t window) {
    const std::size_t from = window > kCutSearchSamples ? window - kCutSearchSamples : 0;
    std::size_t best = window;
    double best_energy = std::numeric_limits<double>::max();
    for (std::size_t at = from; at + kCutFrameSamples <= window; at += kCutFrameSamples) {
        double energy = 0;
        for (std::size_t i = at; i < at + kCutFrameSamples; ++i) energy += double{audio[i]} * double{audio[i]};
        if (energy < best_energy) {
            best_energy = energy;
            best = at + kCutFrameSamples / 2;
        }
    }
    return std::max<std::size_t>(best, 1);
}

// The speaker whose segments overlap [start, end) most; with no overlap, the nearest segment's.
int speaker_of(std::int64_t start, std::int64_t end, std::span<const speech::SpeakerSegment> segments,
               std::size_t& cursor) {
    while (cursor < segments.size() && segments[cursor].end_ms <= start) ++cursor;
    std::array<std::int64_t, 64> overlap{};
    int best = -1;
    std::int64_t best_overlap = 0;
    for (std::size_t i = cursor; i < segments.size() && segments[i].start_ms < end; ++i) {
        const auto& s = segments[i];
        if (s.speaker < 0 || static_cast<std::size_t>(s.speaker) >= overlap.size()) continue;
        const auto speaker = static_cast<std::size_t>(s.speaker);
        overlap[speaker] += std::min(end, s.end_ms) - std::max(start, s.start_ms);
        if (overlap[speaker] > best_overlap) {
            best_overlap = overlap[speaker];
            best = s.speaker;
        }
    }
    if (best >= 0) return best;
    std::int64_t nearest = std::numeric_limits<std::int64_t>::max();
    for (std::size_t i = cursor > 0 ? cursor - 1 : 0; i < segments.size() && i <= cursor + 1; ++i) {
        const auto& s = segments[i];
        const std::int64_t gap = s.end_ms <= start ? start - s.end_ms : std::max<std::int64_t>(0, s.start_ms - end);
        if (gap < nearest) {
            nearest = gap;
            best = s.speaker;
        }
    }
    return std::max(best, 0);
}

}  // namespace

bool is_recording(std::string_view name) {
    static constexpr std::array<std::string_view, 13> kExtensions = {
        ".wav", ".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".flac", ".webm", ".mp4", ".mkv", ".mov", ".wma"};
    const std::string ext = lower_extension(name);
    return std::find(kExtensions.begin(), kExtensions.end(), ext) != kExtensions.end();
}

Result<io::Transcript> transcribe_recording(const std::filesystem::path& path, std::string name,
                                            engine::Transcriber& transcriber, const RecordingOptions& options,
                                            ProgressSink& progress, std::stop_token stop) {
    if (options.window_ms < 10'000) {
        return fail(ErrorCode::InvalidInput, "window_ms must be at least 10000", "window_ms");
    }
    BOROUGH_TRY(auto decoder, io::AudioDecoder::open(path));
    speech::DiariserOptions diariser_options;
    diariser_options.speakers = options.speakers;
    if (options.speakers > diariser_options.max_speakers) diariser_options.max_speakers = options.speakers;
    BOROUGH_TRY(speech::Diariser diariser, speech::Diariser::create(diariser_options));

    const auto duration_ms = static_cast<std::size_t>(std::max<std::int64_t>(decoder->info().duration_ms, 1));
    const auto window = static_cast<std::size_t>(options.window_ms) * kSamplesPerMs;
    std::vector<float> pending;  // decoded, not yet transcribed; at most one window plus one block
    pending.reserve(window + kBlockSamples);
    std::int64_t pending_start_ms = 0;
    std::vector<engine::TranscriptSegment> segments;

    const auto transcribe_front = [&](std::size_t count) -> Status {
        BOROUGH_TRY(auto found,
                    transcriber.transcribe(std::span<const float>(pending.data(), count), pending_start_ms, stop));
        for (auto& s : found) {
            if (!s.text.empty()) segments.push_back(std::move(s));
        }
        pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(count));
        pending_start_ms += static_cast<std::int64_t>(count / kSamplesPerMs);
        const auto done = std::min(static_cast<std::size_t>(pending_start_ms), duration_ms);
        progress.on_progress("transcribe", done, duration_ms);
        return {};
    };

    progress.on_progress("transcribe", 0, duration_ms);
    for (;;) {
        if (stop.stop_requested()) return fail(ErrorCode::Cancelled, fmt::format("{}: transcription cancelled", name));
        BOROUGH_TRY(io::AudioBlock block, decoder->next_block(kBlockSamples));
        if (block.empty()) break;
        diariser.push(block.mono, block.channels);
        pending.insert(pending.end(), block.mono.begin(), block.mono.end());
        while (pending.size() >= window) {
            // Whole milliseconds per window keep every later timestamp exact.
            std::size_t cut = window_cut(pending, window);
            cut = std::max<std::size_t>(cut - cut % kSamplesPerMs, kSamplesPerMs);
            BOROUGH_TRY_STATUS(transcribe_front(cut));
        }
    }
    if (!pending.empty()) BOROUGH_TRY_STATUS(transcribe_front(pending.size()));

    std::vector<std::string> warnings = decoder->warnings();
    if (segments.empty()) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("{}: no speech was recognised in the recording ({} s of audio)", name,
                                decoder->info().duration_ms / 1000),
                    name);
    }
    BOROUGH_TRY(const auto speakers, diariser.finish());
    const auto& stats = diariser.stats();
    warnings.push_back(fmt::format(
        "{}: transcribed by {}; {} speaker(s) separated automatically{} — check who said what", name,
        transcriber.name(), std::max(stats.speakers, 1), stats.by_channel ? " by stereo channel" : " from the audio"));

    std::vector<io::Turn> turns;
    turns.reserve(segments.size());
    std::size_t cursor = 0;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        auto& s = segments[i];
        const int speaker = speakers.empty() ? 0 : speaker_of(s.start_ms, s.end_ms, speakers, cursor);
        io::Turn turn;
        turn.speaker = fmt::format("Speaker {}", speaker + 1);
        turn.start_ms = s.start_ms;
        turn.end_ms = s.end_ms;
        turn.text = std::move(s.text);
        turn.line = i + 1;
        turns.push_back(std::move(turn));
    }
    BOROUGH_TRY(io::Transcript transcript,
                io::make_transcript(std::move(name), "audio", std::move(turns), std::move(warnings)));
    // Turn numbers, as a transcript saved to JSON and read back numbers them, so a resumed job cites
    // the same turns.
    for (std::size_t i = 0; i < transcript.turns.size(); ++i) transcript.turns[i].line = i + 1;
    return transcript;
}

namespace {

constexpr const char* kTranscriptCheckpoint = "transcript";

// Turns as the JSON transcript format reads them back ({"turns": [{speaker, start, end, text}]}).
std::string transcript_json(const io::Transcript& transcript) {
    Json turns = Json::array();
    for (const auto& t : transcript.turns) {
        Json turn{{"speaker", t.speaker}, {"text", t.text}};
        if (t.start_ms) turn["start"] = static_cast<double>(*t.start_ms) / 1000.0;
        if (t.end_ms) turn["end"] = static_cast<double>(*t.end_ms) / 1000.0;
        turns.push_back(std::move(turn));
    }
    return dump_json(Json{{"turns", std::move(turns)}, {"warnings", transcript.warnings}});
}

// Deletes the temporary copy of an in-memory recording when the action ends.
struct TemporaryFile {
    std::filesystem::path path;
    TemporaryFile() = default;
    TemporaryFile(const TemporaryFile&) = delete;
    TemporaryFile& operator=(const TemporaryFile&) = delete;
    TemporaryFile(TemporaryFile&&) = delete;
    TemporaryFile& operator=(TemporaryFile&&) = delete;
    ~TemporaryFile() {
        std::error_code ec;
        if (!path.empty()) std::filesystem::remove(path, ec);
    }
};

}  // namespace

Status rename_speakers(io::Transcript& transcript, std::string_view names) {
    std::size_t start = 0;
    while (start <= names.size()) {
        std::size_t end = names.find(';', start);
        if (end == std::string_view::npos) end = names.size();
        const std::string_view entry = trim_ascii_whitespace(names.substr(start, end - start));
        start = end + 1;
        if (entry.empty()) continue;
        const auto eq = entry.find('=');
        const std::string_view from = eq == std::string_view::npos ? std::string_view() : trim_ascii_whitespace(entry.substr(0, eq));
        const std::string_view to = eq == std::string_view::npos ? std::string_view() : trim_ascii_whitespace(entry.substr(eq + 1));
        if (from.empty() || to.empty()) {
            return fail(ErrorCode::InvalidInput,
                        fmt::format("speaker_names: \"{}\" is not of the form \"Speaker 1=Lisa Ward\"", entry),
                        "speaker_names");
        }
        std::size_t renamed = 0;
        for (auto& turn : transcript.turns) {
            if (turn.speaker == from) {
                turn.speaker = std::string(to);
                ++renamed;
            }
        }
        if (renamed == 0) {
            return fail(ErrorCode::InvalidInput,
                        fmt::format("speaker_names: {} has no speaker \"{}\"", transcript.source, from),
                        "speaker_names");
        }
        transcript.warnings.push_back(
            fmt::format("{}: {} renamed {} by the person running the job ({} turns)", transcript.source, from, to, renamed));
    }
    return {};
}

namespace {

Result<io::Transcript> read_transcript_or_recording(const ActionInput& input, const Json& params, ActionContext& ctx) {
    if (!is_recording(input.name)) {
        if (!input.path.empty() && input.content.empty()) {
            BOROUGH_TRY(const std::string bytes, read_file(input.path, io::kMaxTranscriptBytes));
            return io::parse_transcript(bytes, input.name);
        }
        return io::parse_transcript(input.content, input.name);
    }
    if (ctx.checkpoints != nullptr) {
        BOROUGH_TRY(const auto saved, ctx.checkpoints->load());
        if (auto it = saved.find(kTranscriptCheckpoint); it != saved.end()) {
            BOROUGH_TRY(Json kept, parse_json(it->second, kTranscriptCheckpoint));
            std::vector<std::string> warnings;
            if (kept.contains("warnings")) warnings = kept["warnings"].get<std::vector<std::string>>();
            kept.erase("warnings");
            BOROUGH_TRY(io::Transcript transcript, io::parse_transcript(dump_json(kept), input.name));
            transcript.format = "audio";
            transcript.warnings = std::move(warnings);
            return transcript;
        }
    }
    if (ctx.transcriber == nullptr) {
        return fail(ErrorCode::Unavailable,
                    fmt::format("{} is a recording and no speech model is configured: set whisper_model "
                                "(BOROUGH_WHISPER_MODEL or --whisper-model), or give a transcript instead",
                                input.name),
                    "whisper_model");
    }
    RecordingOptions options;
    if (params.contains("speakers") && params["speakers"].is_number_integer()) {
        const auto speakers = params["speakers"].get<long long>();
        if (speakers < 0 || speakers > 32) {
            return fail(ErrorCode::InvalidInput, fmt::format("speakers is {}; give 0 (estimate) to 32", speakers),
                        "speakers");
        }
        options.speakers = static_cast<int>(speakers);
    }
    TemporaryFile temporary;
    std::filesystem::path path = input.path;
    if (path.empty()) {
        // An upload held in memory: the decoder reads files, so it goes to a private temporary file.
        temporary.path = std::filesystem::temp_directory_path() /
                         fmt::format("borough-recording-{}{}", new_id(), std::filesystem::path(input.name).extension().string());
        BOROUGH_TRY_STATUS(write_file_atomic(temporary.path, input.content));
        path = temporary.path;
    }
    BOROUGH_TRY(io::Transcript transcript,
                transcribe_recording(path, input.name, *ctx.transcriber, options, ctx.progress, ctx.stop));
    if (ctx.checkpoints != nullptr) {
        BOROUGH_TRY_STATUS(ctx.checkpoints->save(kTranscriptCheckpoint, transcript_json(transcript)));
    }
    return transcript;
}

}  // namespace

Result<io::Transcript> read_conversation(const ActionInput& input, const Json& params, ActionContext& ctx) {
    BOROUGH_TRY(io::Transcript transcript, read_transcript_or_recording(input, params, ctx));
    if (params.contains("speaker_names") && params["speaker_names"].is_string()) {
        BOROUGH_TRY_STATUS(rename_speakers(transcript, params["speaker_names"].get<std::string>()));
    }
    return transcript;
}

}  // namespace borough::actions
