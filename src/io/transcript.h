// Meeting and conversation transcripts (plain text, WebVTT, SRT, JSON, Teams .docx) read into
// normalised turns: speaker, optional times, text and the source line to cite. Never invents names.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace borough::io {

// One speaker's continuous contribution. Text is UTF-8 with whitespace collapsed to single spaces.
struct Turn {
    std::string speaker;                   // "" when the source does not say who spoke
    std::optional<std::int64_t> start_ms;  // from the start of the recording, when the source gives it
    std::optional<std::int64_t> end_ms;
    std::string text;
    std::size_t line = 0;  // 1-based source line (docx: paragraph; JSON: item number) for citations
};

struct Transcript {
    std::string source;  // file name as given
    std::string format;  // "text", "vtt", "srt", "json" or "docx"
    std::vector<Turn> turns;
    // Not errors; each names the file (and line when there is one). The actions decide what to do:
    // no speaker information, one speaker only, under kMeaningfulTranscriptWords words, and cues
    // kept without times because their timing line was malformed.
    std::vector<std::string> warnings;

    [[nodiscard]] std::size_t words() const;     // whitespace-separated words over all turns
    [[nodiscard]] std::size_t speakers() const;  // distinct non-empty speaker names
};

// Formats, detected by content first ("WEBVTT"; '{' or '[{' JSON; a cue number over an "-->" line
// SRT; a zip .docx), then by extension (.vtt .srt .json), else plain text:
// - text: "Name: text" lines; lines without a speaker continue the turn (after a blank line only
//   when it is named); "[00:01:02]" / "(10:15)" at a line start give the start time; "Name  0:03"
//   alone on a line (Otter, Teams .docx) opens a turn; "a --> b" lines start a timed turn, and a
//   name-like line right after one is its speaker when more text follows (Stream .docx).
// - Speaker rule for "Prefix: ": 1-4 words within 40 bytes, each capitalised, a number or a
//   connector (of, the, van, ...); only letters, digits and - ' . ( ) & / _; '.' only ending a short
//   abbreviation ("Dr."); the first word is not a label or sentence opener ("Agenda", "Item",
//   "Note", "Action", "Resolved", "Apologies", "So", "Why", ...). Colon must be followed by a
//   space or the line end, so times and URLs never match. Header lines also allow "Surname, First".
// - VTT: <v Name> spans (closing tag optional), Zoom "Name: " cue text, other tags stripped, NOTE
//   STYLE REGION skipped. VTT/SRT cues with a malformed timing are kept without times + a warning.
// - JSON: [{speaker, start, end, text}], {"turns": [...]}, {"segments": [...]} (Whisper); integer
//   speakers become "Speaker N"; times are seconds or "hh:mm:ss.mmm". Turn::line is the item number.
// Normalised: whitespace collapsed, empty turns dropped, consecutive turns of one named speaker
// merged (times span both, line of the first). Unnamed turns keep speaker "" and are not merged.

inline constexpr std::uint64_t kMaxTranscriptBytes = 50ULL * 1024 * 1024;
inline constexpr std::size_t kMeaningfulTranscriptWords = 200;

// Numbered speakers ("Speaker 2", as diarisation or a transcription service labels them) take the name
// they state themselves in their own turns: "I'm Lisa from adult social care", "my name is Tom
// Reid", "this is Priya speaking". Only a first-person introduction by that speaker counts (a name
// said by someone else does not), the first one wins, and each renaming adds a warning naming the
// line, so a reviewer can check it. Names are never guessed otherwise. Called by parse_transcript.
void name_speakers_from_introductions(Transcript& transcript);

// Builds a transcript from turns found some other way (speech recognition): normalises them as above,
// names numbered speakers from their introductions and adds the standard warnings (no speakers, one
// speaker, under kMeaningfulTranscriptWords words) after `warnings`. InvalidInput when no turn has text.
[[nodiscard]] Result<Transcript> make_transcript(std::string name, std::string format, std::vector<Turn> turns,
                                                 std::vector<std::string> warnings);

// Reads and parses a transcript file. Errors: NotFound (missing), ResourceExhausted (over 50 MiB),
// InvalidInput (empty, binary, unknown format, malformed JSON/DOCX, no turns), naming the file and
// the line, byte or JSON pointer. Thread-safe (no shared state).
[[nodiscard]] Result<Transcript> read_transcript_file(const std::filesystem::path& path);

// Same from bytes in memory (uploads). The format is detected from the content first, then from the
// extension of `name`; `name` also prefixes every error and warning.
[[nodiscard]] Result<Transcript> parse_transcript(std::string_view bytes, std::string name);

}  // namespace borough::io
