// Plain-text transcripts and the speaker rule; also used for Teams .docx paragraphs.
#include <algorithm>
#include <array>

#include "io/transcript_parse.h"

namespace borough::io::detail {
namespace {

constexpr std::size_t kMaxSpeakerBytes = 40;
constexpr std::size_t kMaxSpeakerWords = 4;

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_non_ascii(char c) { return static_cast<unsigned char>(c) >= 0x80; }

char ascii_lower(char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

// Lower-case words that may sit inside a name or role ("Head of Housing", "Ludwig van Beethoven").
constexpr std::array<std::string_view, 20> kConnectors = {"of", "the", "and", "for", "de",  "da", "del",
                                                          "di", "van", "von", "der", "den", "le", "la",
                                                          "du", "al",  "bin", "ibn", "ap",  "y"};

// First words that make "Word ...:" a label, heading, field or sentence opening, not a person.
// clang-format off
constexpr std::array<std::string_view, 108> kLabels = {
    "note", "notes", "nb", "ps", "agenda", "item", "items", "action", "actions", "decision", "decisions",
    "resolved", "resolution", "recommendation", "recommendations", "re", "subject", "date", "time",
    "location", "venue", "place", "present", "apologies", "attendees", "attendance", "minutes", "summary",
    "update", "outcome", "outcomes", "next", "topic", "title", "from", "to", "cc", "bcc", "sent", "tel",
    "telephone", "email", "e-mail", "phone", "mobile", "fax", "address", "website", "warning", "important",
    "reminder", "example", "step", "part", "section", "page", "ref", "reference", "total", "purpose",
    "status", "owner", "due", "deadline", "question", "answer", "source", "link", "meeting", "report",
    "transcript", "recording", "duration", "declarations", "why", "what", "how", "when", "where", "who",
    "which", "so", "but", "and", "or", "yes", "no", "ok", "okay", "well", "because", "if", "then", "also",
    "however", "first", "second", "third", "finally", "basically", "anyway", "remember", "thanks", "thank",
    "sorry", "please", "hi", "hello"};
// clang-format on

bool is_connector(std::string_view w) {
    return std::find(kConnectors.begin(), kConnectors.end(), w) != kConnectors.end();
}

bool is_label(std::string_view w) {
    std::array<char, 16> lower{};  // the longest label is 15 letters
    std::size_t n = 0;
    for (const char c : w) {
        if (c == '.') {
            continue;
        }
        if (n == lower.size()) {
            return false;
        }
        lower[n++] = ascii_lower(c);
    }
    const std::string_view folded(lower.data(), n);
    return std::find(kLabels.begin(), kLabels.end(), folded) != kLabels.end();
}

bool word_ok(std::string_view w, bool allow_comma) {
    if (allow_comma && w.size() > 1 && w.back() == ',') {
        w.remove_suffix(1);
    }
    std::string_view core = w;
    while (!core.empty() && core.front() == '(') {
        core.remove_prefix(1);
    }
    if (core.empty()) {
        return false;
    }
    const char first = core.front();
    if (!is_upper(first) && !is_digit(first) && !is_non_ascii(first) && !is_connector(core)) {
        return false;
    }
    std::size_t letters = 0;
    for (std::size_t k = 0; k < w.size(); ++k) {
        const char c = w[k];
        if (is_upper(c) || is_lower(c) || is_non_ascii(c)) {
            ++letters;
        } else if (c == '.') {
            // Only an abbreviation's final dot: "Dr.", "Cllr.", not "1." or "end.of".
            if (k + 1 != w.size() || letters == 0 || letters > 4) {
                return false;
            }
        } else if (!is_digit(c) && c != '-' && c != '\'' && c != '(' && c != ')' && c != '&' && c != '/' && c != '_') {
            return false;
        }
    }
    return true;
}

}  // namespace

bool looks_like_speaker(std::string_view name, bool allow_comma) {
    name = trim(name);
    if (name.empty() || name.size() > (allow_comma ? kMaxSpeakerBytes + 20 : kMaxSpeakerBytes)) {
        return false;
    }
    std::size_t words = 0;
    bool has_letter = false;
    std::size_t i = 0;
    while (i < name.size()) {
        const std::size_t end = std::min(name.find_first_of(" \t", i), name.size());
        const std::string_view w = name.substr(i, end - i);
        if (!w.empty()) {
            if (++words > kMaxSpeakerWords || !word_ok(w, allow_comma) || (words == 1 && is_label(w))) {
                return false;
            }
            has_letter = has_letter || std::any_of(w.begin(), w.end(), [](char c) {
                             return is_upper(c) || is_lower(c) || is_non_ascii(c);
                         });
        }
        i = end + 1;
    }
    return words > 0 && has_letter;
}

std::optional<std::size_t> speaker_prefix(std::string_view line) {
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
        return std::nullopt;
    }
    if (colon + 1 < line.size() && line[colon + 1] != ' ' && line[colon + 1] != '\t') {
        return std::nullopt;  // "10:15", "https://", "Ratio 3:1"
    }
    if (!looks_like_speaker(line.substr(0, colon))) {
        return std::nullopt;
    }
    return colon;
}

namespace {

// A leading "[00:01:02]" or "(10:15)": the time and the rest of the line, or nullopt.
std::optional<std::int64_t> strip_leading_time(std::string_view& line) {
    if (line.empty() || (line[0] != '[' && line[0] != '(')) {
        return std::nullopt;
    }
    const char close = line[0] == '[' ? ']' : ')';
    const std::size_t end = line.find(close);
    if (end == std::string_view::npos || end > 16) {
        return std::nullopt;
    }
    const std::string_view inside = trim(line.substr(1, end - 1));
    if (inside.find(':') == std::string_view::npos) {
        return std::nullopt;  // "(1)", "[3]": numbering, not a time
    }
    const auto ms = parse_clock(inside);
    if (ms) {
        line = trim(line.substr(end + 1));
    }
    return ms;
}

// "Name  0:03" or "Name 00:01:23" alone on a line (Teams .docx, Otter, Stream exports).
bool header_line(std::string_view line, std::string_view& name, std::int64_t& start_ms) {
    const std::size_t space = line.find_last_of(" \t");
    if (space == std::string_view::npos) {
        return false;
    }
    const std::string_view clock = line.substr(space + 1);
    if (clock.find(':') == std::string_view::npos) {
        return false;
    }
    const auto ms = parse_clock(clock);
    const std::string_view candidate = trim(line.substr(0, space));
    if (!ms || !looks_like_speaker(candidate, true)) {
        return false;
    }
    name = candidate;
    start_ms = *ms;
    return true;
}

// "a --> b" where `a` is a time; "costs --> up" is ordinary text.
bool is_timing_line(std::string_view line) {
    const std::size_t arrow = line.find("-->");
    return arrow != std::string_view::npos && parse_clock(trim(line.substr(0, arrow))).has_value();
}

std::size_t next_nonblank(const std::vector<SourceLine>& lines, std::size_t i) {
    while (i < lines.size() && trim(lines[i].text).empty()) {
        ++i;
    }
    return i;
}

}  // namespace

void parse_lines(const std::vector<SourceLine>& lines, TranscriptDraft& draft) {
    auto& turns = draft.turns;
    bool open = false;       // the last turn takes continuation lines
    bool fresh_cue = false;  // the last turn came from a timing line and has no speaker or text yet
    const auto append = [](Turn& t, std::string_view text) {
        if (!t.text.empty()) {
            t.text += '\n';
        }
        t.text.append(text);
    };
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string_view line = trim(lines[i].text);
        const std::size_t number = lines[i].line;
        if (line.empty()) {
            // A blank line ends a turn only when nobody is named (paragraphs stay apart) and it has
            // text (a timing line's turn waits for its text).
            open = open && (!turns.back().speaker.empty() || turns.back().text.empty());
            continue;
        }
        const auto stamp = strip_leading_time(line);
        if (line.empty()) {
            if (open && stamp && !turns.back().start_ms) {
                turns.back().start_ms = stamp;
            }
            continue;
        }
        if (is_timing_line(line)) {
            std::int64_t start = 0;
            std::int64_t end = 0;
            Turn t;
            t.line = number;
            if (parse_timing(line, start, end)) {
                t.start_ms = start;
                if (end >= start) {
                    t.end_ms = end;
                } else {
                    draft.warn(number, "cue ends before it starts; end time dropped");
                }
            } else {
                draft.warn(number, "malformed timing line; the text after it is kept without times");
            }
            // Stream layout: timing line, a bare name line, then the text.
            const std::size_t j = next_nonblank(lines, i + 1);
            const std::size_t k = next_nonblank(lines, j + 1);
            if (k < lines.size() && !is_timing_line(trim(lines[k].text)) && looks_like_speaker(lines[j].text, true)) {
                t.speaker = std::string(trim(lines[j].text));
                i = j;
            }
            fresh_cue = t.speaker.empty();
            turns.push_back(std::move(t));
            open = true;
            continue;
        }
        std::string_view name;
        std::int64_t header_ms = 0;
        if (header_line(line, name, header_ms)) {
            Turn t;
            t.speaker = std::string(name);
            t.start_ms = header_ms;
            t.line = number;
            turns.push_back(std::move(t));
            open = true;
            fresh_cue = false;
            continue;
        }
        if (const auto colon = speaker_prefix(line)) {
            const std::string_view text = trim(line.substr(*colon + 1));
            if (open && fresh_cue) {
                turns.back().speaker = std::string(trim(line.substr(0, *colon)));
                append(turns.back(), text);
            } else {
                Turn t;
                t.speaker = std::string(trim(line.substr(0, *colon)));
                t.start_ms = stamp;
                t.text = std::string(text);
                t.line = number;
                turns.push_back(std::move(t));
            }
            open = true;
            fresh_cue = false;
            continue;
        }
        if (open) {
            Turn& t = turns.back();
            if (stamp && !t.start_ms) {
                t.start_ms = stamp;
            }
            append(t, line);
        } else {
            Turn t;
            t.start_ms = stamp;
            t.text = std::string(line);
            t.line = number;
            turns.push_back(std::move(t));
            open = true;
        }
        fresh_cue = false;
    }
}

}  // namespace borough::io::detail
