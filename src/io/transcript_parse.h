// Internal to src/io: the per-format transcript parsers and the line, clock and speaker rules they
// share. Parsers append raw turns; transcript.cpp normalises (whitespace, merging, warnings).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "io/transcript.h"

namespace borough::io::detail {

struct SourceLine {
    std::string_view text;  // without the line break
    std::size_t line = 0;   // 1-based
};

// Raw turns and warnings collected by one parser; `where` prefixes messages.
struct TranscriptDraft {
    std::string where;
    std::vector<Turn> turns;
    std::vector<std::string> warnings;

    void warn(std::size_t line, std::string_view what);
};

// Splits at LF, CRLF or lone CR.
std::vector<SourceLine> split_lines(std::string_view text);

std::string_view trim(std::string_view s);  // ASCII spaces and tabs

// "h:mm:ss.mmm", "mm:ss.mmm", "ss.mmm" ('.' or ',' before up to 9 fraction digits, first 3 used),
// Teams' "0:0:3.12" too. Minutes and seconds below a larger field must be < 60. nullopt otherwise.
std::optional<std::int64_t> parse_clock(std::string_view text);

// Whether `text` holds an "-->" cue timing arrow.
bool has_arrow(std::string_view text);

// "start --> end [settings]": true with both times, false when either side is malformed.
bool parse_timing(std::string_view text, std::int64_t& start_ms, std::int64_t& end_ms);

// The speaker rule (see README): 1-4 words of at most 40 bytes, each capitalised, a number or a
// connector ("of", "the", ...); letters, digits and - ' . ( ) & / _ only (',' when allow_comma);
// a '.' only ends an abbreviation of up to 4 letters; the first word is not a label such as
// "Note", "Agenda", "Item", "Action", "Resolved", "Apologies".
bool looks_like_speaker(std::string_view name, bool allow_comma = false);

// "Name: text" → length of "Name" (the colon follows it and is followed by a space, a tab or the
// end of the line); nullopt when the prefix is not a speaker by looks_like_speaker.
std::optional<std::size_t> speaker_prefix(std::string_view line);

// Line-oriented transcripts (plain text and Teams .docx paragraphs): "Name: text", "Name  0:03"
// header lines, "[00:01:02]" / "(10:15)" leading timestamps, "a --> b" timing lines optionally
// followed by a bare name line, and continuation lines.
void parse_lines(const std::vector<SourceLine>& lines, TranscriptDraft& draft);

Status parse_vtt(std::string_view text, TranscriptDraft& draft);
Status parse_srt(std::string_view text, TranscriptDraft& draft);
Status parse_json_transcript(std::string_view text, TranscriptDraft& draft);
Status parse_docx_transcript(std::string_view bytes, TranscriptDraft& draft);

}  // namespace borough::io::detail
