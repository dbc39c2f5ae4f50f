#include "io/transcript.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <unordered_map>
#include <unordered_set>

#include "core/file.h"
#include "core/strings.h"
#include "core/text_encoding.h"
#include "io/transcript_parse.h"

namespace borough::io {
namespace detail {

namespace {
constexpr std::size_t kMaxWarnings = 50;  // a broken file must not bury the useful warnings
}

void TranscriptDraft::warn(std::size_t line, std::string_view what) {
    if (warnings.size() >= kMaxWarnings) {
        return;
    }
    if (warnings.size() + 1 == kMaxWarnings) {
        warnings.push_back(fmt::format("{}: more warnings left out", where));
        return;
    }
    warnings.push_back(line == 0 ? fmt::format("{}: {}", where, what)
                                 : fmt::format("{}: line {}: {}", where, line, what));
}

std::vector<SourceLine> split_lines(std::string_view text) {
    std::vector<SourceLine> lines;
    lines.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
    std::size_t begin = 0;
    std::size_t number = 1;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n' || text[i] == '\r') {
            lines.push_back(SourceLine{text.substr(begin, i - begin), number++});
            if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
                ++i;
            }
            begin = i + 1;
        }
    }
    if (begin < text.size()) {
        lines.push_back(SourceLine{text.substr(begin), number});
    }
    return lines;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// 1-9 digits as a number; nullopt otherwise.
std::optional<std::int64_t> parse_digits(std::string_view s) {
    if (s.empty() || s.size() > 9 || !std::all_of(s.begin(), s.end(), is_digit)) {
        return std::nullopt;
    }
    std::int64_t v = 0;
    for (const char c : s) {
        v = v * 10 + (c - '0');
    }
    return v;
}

}  // namespace

std::optional<std::int64_t> parse_clock(std::string_view text) {
    std::int64_t fraction_ms = 0;
    const std::size_t dot = text.find_first_of(".,");
    if (dot != std::string_view::npos) {
        const std::string_view fraction = text.substr(dot + 1);
        if (fraction.empty() || fraction.size() > 9 || !std::all_of(fraction.begin(), fraction.end(), is_digit)) {
            return std::nullopt;
        }
        for (std::size_t k = 0; k < 3; ++k) {
            fraction_ms = fraction_ms * 10 + (k < fraction.size() ? fraction[k] - '0' : 0);
        }
        text = text.substr(0, dot);
    }
    std::array<std::int64_t, 3> fields{};
    std::size_t count = 0;
    while (true) {
        const std::size_t colon = text.find(':');
        if (count == 3) {
            return std::nullopt;
        }
        const auto v = parse_digits(text.substr(0, colon));
        if (!v) {
            return std::nullopt;
        }
        fields[count++] = *v;
        if (colon == std::string_view::npos) {
            break;
        }
        text = text.substr(colon + 1);
    }
    // Fields below the leading one are minutes or seconds.
    for (std::size_t k = 1; k < count; ++k) {
        if (fields[k] >= 60) {
            return std::nullopt;
        }
    }
    std::int64_t seconds = 0;
    for (std::size_t k = 0; k < count; ++k) {
        seconds = seconds * 60 + fields[k];
    }
    return seconds * 1000 + fraction_ms;
}

bool has_arrow(std::string_view text) { return text.find("-->") != std::string_view::npos; }

bool parse_timing(std::string_view text, std::int64_t& start_ms, std::int64_t& end_ms) {
    const std::size_t arrow = text.find("-->");
    if (arrow == std::string_view::npos) {
        return false;
    }
    const auto start = parse_clock(trim(text.substr(0, arrow)));
    std::string_view rest = trim(text.substr(arrow + 3));
    const std::size_t space = rest.find_first_of(" \t");
    const auto end = parse_clock(rest.substr(0, space));
    if (!start || !end) {
        return false;
    }
    start_ms = *start;
    end_ms = *end;
    return true;
}

}  // namespace detail

namespace {

using detail::TranscriptDraft;

Result<Transcript> finish_transcript(std::string name, std::string format, std::vector<Turn> turns,
                                     std::vector<std::string> warnings, const std::string& where);

// Runs of ASCII whitespace and no-break spaces become one space; ends trimmed.
std::string collapse_whitespace(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool pending_space = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        const bool nbsp = c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0';
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || nbsp) {
            pending_space = !out.empty();
            i += nbsp ? 1 : 0;
            continue;
        }
        if (pending_space) {
            out += ' ';
            pending_space = false;
        }
        out += c;
    }
    return out;
}

// Whitespace collapsed, empty turns dropped, consecutive turns of one named speaker merged (times
// spanning both, line of the first). Turns without a speaker are never merged: nothing says they
// are one person.
std::vector<Turn> normalise_turns(std::vector<Turn> raw) {
    std::vector<Turn> turns;
    turns.reserve(raw.size());
    for (Turn& t : raw) {
        t.text = collapse_whitespace(t.text);
        t.speaker = collapse_whitespace(t.speaker);
        if (t.text.empty()) {
            continue;
        }
        if (!turns.empty() && !t.speaker.empty() && turns.back().speaker == t.speaker) {
            Turn& last = turns.back();
            last.text += ' ';
            last.text += t.text;
            if (t.start_ms && (!last.start_ms || *t.start_ms < *last.start_ms)) {
                last.start_ms = t.start_ms;
            }
            if (t.end_ms && (!last.end_ms || *t.end_ms > *last.end_ms)) {
                last.end_ms = t.end_ms;
            }
            continue;
        }
        turns.push_back(std::move(t));
    }
    return turns;
}


constexpr std::string_view kSupported = ".txt, .vtt, .srt, .json, .docx";

// The format the content shows, or "" when it shows none.
std::string_view detect_by_content(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) {
        ++i;
    }
    const std::string_view body = text.substr(i);
    if (body.substr(0, 6) == "WEBVTT") {
        return "vtt";
    }
    if (!body.empty() && body[0] == '{') {
        return "json";
    }
    if (!body.empty() && body[0] == '[') {
        const std::size_t next = body.find_first_not_of(" \t\r\n", 1);
        if (next != std::string_view::npos && (body[next] == '{' || body[next] == ']')) {
            return "json";
        }
    }
    // SRT: a cue number on the first line, then a timing line with comma milliseconds.
    const auto lines = detail::split_lines(body.substr(0, std::min<std::size_t>(body.size(), 512)));
    if (lines.size() >= 2) {
        const std::string_view first = detail::trim(lines[0].text);
        if (!first.empty() && std::all_of(first.begin(), first.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
            detail::has_arrow(lines[1].text)) {
            return lines[1].text.find(',') != std::string_view::npos ? "srt" : "vtt";
        }
    }
    return "";
}

Result<Transcript> parse(std::string_view bytes, std::string name, const std::string& where) {
    if (bytes.empty()) {
        return fail(ErrorCode::InvalidInput, fmt::format("{}: file is empty", where), where);
    }
    if (bytes.size() > kMaxTranscriptBytes) {
        return fail(ErrorCode::ResourceExhausted,
                    fmt::format("{}: {} bytes is over the limit of {} bytes", where, bytes.size(), kMaxTranscriptBytes),
                    where);
    }
    TranscriptDraft draft;
    draft.where = where;
    const std::string ext = lower_extension(name);
    std::string format;
    if (bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4)) {
        format = "docx";
        BOROUGH_TRY_STATUS(detail::parse_docx_transcript(bytes, draft));
    } else {
        if (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF") {
            return fail(ErrorCode::InvalidInput,
                        fmt::format("{}: is UTF-16 text; save it as UTF-8 and try again", where), where);
        }
        BOROUGH_TRY(const DecodedText decoded, decode_text(bytes, where));
        format = detect_by_content(decoded.text);
        if (format.empty()) {
            if (ext == ".vtt" || ext == ".srt" || ext == ".json") {
                format = ext.substr(1);
            } else if (ext == ".docx") {
                return fail(ErrorCode::InvalidInput, fmt::format("{}: is not a DOCX file (not a zip archive)", where),
                            where);
            } else {
                format = "text";
            }
        }
        if (format == "vtt") {
            BOROUGH_TRY_STATUS(detail::parse_vtt(decoded.text, draft));
        } else if (format == "srt") {
            BOROUGH_TRY_STATUS(detail::parse_srt(decoded.text, draft));
        } else if (format == "json") {
            BOROUGH_TRY_STATUS(detail::parse_json_transcript(decoded.text, draft));
        } else {
            detail::parse_lines(detail::split_lines(decoded.text), draft);
            const bool known_text_ext = ext.empty() || ext == ".txt" || ext == ".text" || ext == ".md" || ext == ".log";
            const bool named =
                std::any_of(draft.turns.begin(), draft.turns.end(), [](const Turn& t) { return !t.speaker.empty(); });
            if (!known_text_ext && !named) {
                return fail(ErrorCode::InvalidInput,
                            fmt::format("{}: unknown transcript format '{}' with no speaker lines (supported: {})",
                                        where, ext, kSupported),
                            where);
            }
        }
    }

    return finish_transcript(std::move(name), format, std::move(draft.turns), std::move(draft.warnings), where);
}

}  // namespace

Result<Transcript> make_transcript(std::string name, std::string format, std::vector<Turn> turns,
                                   std::vector<std::string> warnings) {
    const std::string where = name;
    return finish_transcript(std::move(name), std::move(format), std::move(turns), std::move(warnings), where);
}

namespace {

// make_transcript, with `where` (the path as given, or the name) opening every message.
Result<Transcript> finish_transcript(std::string name, std::string format, std::vector<Turn> turns,
                                     std::vector<std::string> warnings, const std::string& where) {
    Transcript out;
    out.source = std::move(name);
    out.format = std::move(format);
    out.turns = normalise_turns(std::move(turns));
    out.warnings = std::move(warnings);
    if (out.turns.empty()) {
        return fail(ErrorCode::InvalidInput, fmt::format("{}: contains no transcript turns (no text found)", where),
                    where);
    }
    name_speakers_from_introductions(out);
    const std::size_t speakers = out.speakers();
    if (speakers == 0) {
        out.warnings.push_back(
            fmt::format("{}: no speaker information; turns have no speaker (names are never guessed)", where));
    } else if (speakers == 1) {
        out.warnings.push_back(fmt::format("{}: only one speaker", where));
    }
    if (const std::size_t words = out.words(); words < kMeaningfulTranscriptWords) {
        out.warnings.push_back(fmt::format("{}: only {} words; minutes are not meaningful under {} words", where, words,
                                           kMeaningfulTranscriptWords));
    }
    return out;
}

bool is_numbered_speaker(std::string_view s) {
    constexpr std::string_view kPrefix = "Speaker ";
    if (!s.starts_with(kPrefix) || s.size() == kPrefix.size() || s.size() > kPrefix.size() + 3) return false;
    return std::all_of(s.begin() + static_cast<std::ptrdiff_t>(kPrefix.size()), s.end(),
                       [](char c) { return c >= '0' && c <= '9'; });
}

bool is_upper_ascii(char c) { return c >= 'A' && c <= 'Z'; }
bool is_name_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '\''; }

// Capitalised words that follow "I'm" without being names.
bool is_not_a_name(std::string_view w) {
    static constexpr std::array<std::string_view, 16> kWords = {
        "Sorry", "Not", "Just", "Sure", "Fine", "Afraid", "Here", "Glad", "Happy", "Really",
        "Going", "So", "The", "A", "An", "Also"};
    return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

// The name after an introduction cue in `text`, or "": one or two capitalised words, ended by
// punctuation, the end, or "from" / "and" / "speaking" / "here".
std::string introduced_name(std::string_view text) {
    static constexpr std::array<std::string_view, 5> kCues = {"I'm ", "I am ", "my name is ", "My name is ",
                                                              "this is "};
    for (const std::string_view cue : kCues) {
        for (std::size_t at = text.find(cue); at != std::string_view::npos; at = text.find(cue, at + 1)) {
            if (at > 0 && is_name_char(text[at - 1])) continue;
            std::size_t p = at + cue.size();
            std::string name;
            for (int words = 0; words < 2 && p < text.size() && is_upper_ascii(text[p]); ++words) {
                std::size_t e = p;
                while (e < text.size() && is_name_char(text[e])) ++e;
                const std::string_view w = text.substr(p, e - p);
                if (is_not_a_name(w) || w.size() < 2) break;
                name += (name.empty() ? "" : " ") + std::string(w);
                p = e;
                if (p < text.size() && text[p] == ' ' && p + 1 < text.size() && is_upper_ascii(text[p + 1])) ++p;
                else break;
            }
            if (name.empty()) continue;
            // What follows must close the introduction, so "I'm Housing Options" is not a name.
            std::string_view rest = text.substr(std::min(p, text.size()));
            while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
            if (rest.empty() || rest.front() == ',' || rest.front() == '.' || rest.front() == '!' ||
                rest.starts_with("from ") || rest.starts_with("and ") || rest.starts_with("speaking") ||
                rest.starts_with("here") || rest.starts_with("-") || rest.starts_with("\xE2\x80\x94")) {
                return name;
            }
        }
    }
    return {};
}

}  // namespace

void name_speakers_from_introductions(Transcript& transcript) {
    std::unordered_map<std::string, std::pair<std::string, std::size_t>> named;  // label → (name, line)
    std::unordered_set<std::string> taken;
    for (const Turn& t : transcript.turns) {
        if (!t.speaker.empty() && !is_numbered_speaker(t.speaker)) taken.insert(t.speaker);
    }
    for (const Turn& t : transcript.turns) {
        if (!is_numbered_speaker(t.speaker) || named.contains(t.speaker)) continue;
        const std::string name = introduced_name(t.text);
        if (name.empty() || taken.contains(name)) continue;  // two speakers never share a name
        taken.insert(name);
        named.emplace(t.speaker, std::pair{name, t.line});
    }
    if (named.empty()) return;
    for (Turn& t : transcript.turns) {
        if (auto it = named.find(t.speaker); it != named.end()) t.speaker = it->second.first;
    }
    std::vector<std::pair<std::string, std::pair<std::string, std::size_t>>> sorted(named.begin(), named.end());
    std::sort(sorted.begin(), sorted.end());
    for (const auto& [label, who] : sorted) {
        transcript.warnings.push_back(fmt::format("{}: {} is named {} from their own words at line {}; check it",
                                                  transcript.source, label, who.first, who.second));
    }
}

std::size_t Transcript::words() const {
    std::size_t n = 0;
    for (const Turn& t : turns) {
        bool in_word = false;
        for (const char c : t.text) {
            const bool space = c == ' ';
            n += (!space && !in_word) ? 1 : 0;
            in_word = !space;
        }
    }
    return n;
}

std::size_t Transcript::speakers() const {
    std::unordered_set<std::string_view> names;
    for (const Turn& t : turns) {
        if (!t.speaker.empty()) {
            names.insert(t.speaker);
        }
    }
    return names.size();
}

Result<Transcript> read_transcript_file(const std::filesystem::path& path) {
    const std::string where = path.string();
    BOROUGH_TRY(const std::string bytes, read_file(path, kMaxTranscriptBytes));
    return parse(bytes, path.filename().string(), where);
}

Result<Transcript> parse_transcript(std::string_view bytes, std::string name) {
    const std::string where = name;
    return parse(bytes, std::move(name), where);
}

}  // namespace borough::io
