// Recordings into transcripts for the conversation actions: decode (io::AudioDecoder) → transcribe in
// windows (engine::Transcriber) → who spoke when (speech::Diariser) → io::Transcript turns. Streams the
// audio, so a 5-hour recording never sits in memory; speakers stay "Speaker N" unless they name themselves.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stop_token>
#include <string>
#include <string_view>

#include "actions/context.h"
#include "actions/pipeline.h"
#include "core/json.h"
#include "core/result.h"
#include "engine/transcriber.h"
#include "io/transcript.h"

namespace borough::actions {

struct RecordingOptions {
    int speakers = 0;  // known number of speakers; 0 = estimate from the audio
    // Audio handed to the transcriber at once. Each window ends at the quietest 10 ms of its last
    // 3 seconds, so words are rarely cut in two.
    std::int64_t window_ms = 5LL * 60 * 1000;
};

// True when the file name's extension is an audio or video format the decoder reads (.wav .mp3 .m4a
// .aac .ogg .oga .opus .flac .webm .mp4 .mkv .mov .wma). Case-insensitive.
[[nodiscard]] bool is_recording(std::string_view name);

// Transcribes the recording at `path` (`name` is how it is shown in messages and the transcript).
// Turns are the transcriber's segments, each given the speaker whose diarised speech overlaps it most,
// consecutive turns of one speaker merged; Turn::line is the 1-based turn number. Warnings say that
// speakers were separated automatically, carry the decoder's warnings (corrupt stretches skipped) and
// the transcript's own (few words, one speaker). Progress: stage "transcribe", milliseconds done of
// the recording's duration. Errors: the decoder's (NotFound, InvalidInput naming the file), Cancelled,
// the transcriber's; InvalidInput when the recording yields no speech at all.
[[nodiscard]] Result<io::Transcript> transcribe_recording(const std::filesystem::path& path, std::string name,
                                                          engine::Transcriber& transcriber,
                                                          const RecordingOptions& options, ProgressSink& progress,
                                                          std::stop_token stop);

// The conversation a transcript action works on: a transcript file parsed (io::parse_transcript), or a
// recording (is_recording(input.name)) transcribed with ctx.transcriber from input.path (or from
// input.content through a temporary file when the upload is in memory). The recording's transcript is
// saved as the checkpoint "transcript" and reused when the job resumes, so it is never transcribed
// twice. params["speakers"] (integer, 0 = estimate) is the known number of speakers.
// params["speaker_names"] renames speakers after reading, for any transcript: "Speaker 1=Lisa Ward;
// Speaker 2=Tom Reid" (a person's correction of automatic or wrong labels; each renaming adds a warning).
// Errors: those of the reader or transcribe_recording; Unavailable when a recording is given and no
// transcriber is set; InvalidInput (field "speaker_names") for an entry without '=' or a name that is
// not in the transcript.
// Applies a "From=To; From=To" renaming to every turn (see read_conversation).
[[nodiscard]] Status rename_speakers(io::Transcript& transcript, std::string_view names);

[[nodiscard]] Result<io::Transcript> read_conversation(const ActionInput& input, const Json& params,
                                                       ActionContext& ctx);

}  // namespace borough::actions
