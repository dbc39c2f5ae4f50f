// WebVTT (Teams, Zoom, YouTube) and SRT transcripts: cues with optional ids and settings, <v Name>
// voice tags, other tags stripped, NOTE/STYLE/REGION blocks skipped. A malformed timing keeps the
// cue's text without times and adds a warning naming the line, so nothing said is lost.
#include <fmt/format.h>

#include <array>

#include "core/text_encoding.h"
#include "io/transcript_parse.h"

namespace borough::io::detail {
namespace {

bool starts_block(std::string_view line, std::string_view keyword) {
    return line.substr(0, keyword.size()) == keyword &&
           (line.size() == keyword.size() || line[keyword.size()] == ' ' || line[keyword.size()] == '\t');
}

// Appends the character an HTML entity at text[i] ('&') stands for; returns the bytes consumed.
std::size_t append_entity(std::string_view text, std::size_t i, std::string& out) {
    const std::size_t semi = text.substr(0, i + 12).find(';', i);  // bounded: no rescans of long text
    if (semi == std::string_view::npos) {
        out += '&';
        return 1;
    }
    const std::string_view name = text.substr(i + 1, semi - i - 1);
    struct Named {
        std::string_view name;
        std::string_view text;
    };
    constexpr std::array<Named, 8> kNamed = {{{"amp", "&"},
                                              {"lt", "<"},
                                              {"gt", ">"},
                                              {"quot", "\""},
                                              {"apos", "'"},
                                              {"nbsp", " "},
                                              {"lrm", ""},
                                              {"rlm", ""}}};
    for (const Named& n : kNamed) {
        if (n.name == name) {
            out += n.text;
            return semi - i + 1;
        }
    }
    if (name.size() >= 2 && name[0] == '#') {
        const bool hex = name[1] == 'x' || name[1] == 'X';
        std::uint32_t cp = 0;
        bool ok = name.size() > (hex ? 2U : 1U);
        for (std::size_t k = hex ? 2 : 1; k < name.size() && ok; ++k) {
            const char c = name[k];
            int v = -1;
            if (c >= '0' && c <= '9') {
                v = c - '0';
            } else if (hex && c >= 'a' && c <= 'f') {
                v = c - 'a' + 10;
            } else if (hex && c >= 'A' && c <= 'F') {
                v = c - 'A' + 10;
            }
            ok = v >= 0 && cp < 0x10000;
            cp = cp * (hex ? 16U : 10U) + static_cast<std::uint32_t>(v < 0 ? 0 : v);
        }
        if (ok && cp > 0 && cp < 0x10000 && (cp < 0xD800 || cp > 0xDFFF)) {
            append_utf8(out, cp);
            return semi - i + 1;
        }
    }
    out += '&';
    return 1;
}

struct Segment {
    std::string speaker;
    std::string text;
};

// Splits cue text into voice spans: "<v Name>" opens one (closing "</v>" optional: it runs to the
// end of the cue); other tags are dropped and entities decoded.
std::vector<Segment> voice_segments(std::string_view payload) {
    std::vector<Segment> segments(1);
    // Once a search for a closing '>' or '}' fails, later ones would fail too: skip them, so a cue
    // full of '<' stays linear.
    bool tags_closed = true;
    bool braces_closed = true;
    std::size_t i = 0;
    while (i < payload.size()) {
        const char c = payload[i];
        if (c == '{' && braces_closed && i + 1 < payload.size() && payload[i + 1] == '\\') {
            // SRT files made from ASS subtitles carry override codes such as {\an8}.
            const std::size_t close = payload.find('}', i);
            braces_closed = close != std::string_view::npos;
            if (braces_closed) {
                i = close + 1;
                continue;
            }
        }
        if (c == '<') {
            const std::size_t close = tags_closed ? payload.find('>', i) : std::string_view::npos;
            tags_closed = close != std::string_view::npos;
            if (close == std::string_view::npos) {
                segments.back().text += c;  // a lone '<' is text
                ++i;
                continue;
            }
            const std::string_view tag = payload.substr(i + 1, close - i - 1);
            if (!tag.empty() && tag[0] == 'v' &&
                (tag.size() == 1 || tag[1] == ' ' || tag[1] == '\t' || tag[1] == '.')) {
                const std::size_t space = tag.find_first_of(" \t");
                segments.push_back(Segment{
                    space == std::string_view::npos ? std::string() : std::string(trim(tag.substr(space + 1))), {}});
            } else if (tag == "/v") {
                segments.push_back(Segment{});
            }
            i = close + 1;
        } else if (c == '&') {
            i += append_entity(payload, i, segments.back().text);
        } else {
            segments.back().text += c;
            ++i;
        }
    }
    return segments;
}

// Turns from one cue's text (lines joined by '\n'): voice spans first; text outside any voice span
// is split at "Name: " line prefixes (Zoom writes speakers that way).
void add_cue_turns(std::string_view payload, std::optional<std::int64_t> start_ms, std::optional<std::int64_t> end_ms,
                   std::size_t line, TranscriptDraft& draft) {
    std::vector<Segment> segments = voice_segments(payload);
    for (Segment& s : segments) {
        if (!s.speaker.empty()) {
            draft.turns.push_back(Turn{std::move(s.speaker), start_ms, end_ms, std::move(s.text), line});
            continue;
        }
        const auto lines = split_lines(s.text);
        for (const SourceLine& l : lines) {
            const std::string_view text = trim(l.text);
            const auto colon = speaker_prefix(text);
            if (colon || draft.turns.empty() || draft.turns.back().line != line) {
                Turn t{{}, start_ms, end_ms, {}, line};
                if (colon) {
                    t.speaker = std::string(trim(text.substr(0, *colon)));
                    t.text = std::string(trim(text.substr(*colon + 1)));
                } else {
                    t.text = std::string(text);
                }
                draft.turns.push_back(std::move(t));
            } else {
                draft.turns.back().text += ' ';
                draft.turns.back().text += text;
            }
        }
    }
}

// Cue blocks shared by VTT and SRT: [id line] timing line, text lines; blank lines separate blocks.
void parse_cue_blocks(const std::vector<SourceLine>& lines, std::size_t first, bool vtt, TranscriptDraft& draft) {
    std::size_t i = first;
    while (i < lines.size()) {
        if (trim(lines[i].text).empty()) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < lines.size() && !trim(lines[end].text).empty()) {
            ++end;
        }
        const std::string_view head = trim(lines[i].text);
        if (vtt && (starts_block(head, "NOTE") || starts_block(head, "STYLE") || starts_block(head, "REGION"))) {
            i = end;
            continue;
        }
        std::size_t timing = end;
        if (has_arrow(lines[i].text)) {
            timing = i;
        } else if (i + 1 < end && has_arrow(lines[i + 1].text)) {
            timing = i + 1;
        }
        std::optional<std::int64_t> start_ms;
        std::optional<std::int64_t> end_ms;
        std::size_t text_begin = i;
        if (timing == end) {
            draft.warn(lines[i].line, "text without a cue timing line; kept without times");
        } else {
            text_begin = timing + 1;
            std::int64_t s = 0;
            std::int64_t e = 0;
            if (!parse_timing(lines[timing].text, s, e)) {
                draft.warn(lines[timing].line, "malformed cue timing; the cue is kept without times");
            } else {
                start_ms = s;
                if (e >= s) {
                    end_ms = e;
                } else {
                    draft.warn(lines[timing].line, "cue ends before it starts; end time dropped");
                }
            }
        }
        if (text_begin < end) {
            std::string payload;
            for (std::size_t k = text_begin; k < end; ++k) {
                if (k > text_begin) {
                    payload += '\n';
                }
                payload.append(lines[k].text);
            }
            add_cue_turns(payload, start_ms, end_ms, lines[text_begin].line, draft);
        }
        i = end;
    }
}

}  // namespace

Status parse_vtt(std::string_view text, TranscriptDraft& draft) {
    const std::vector<SourceLine> lines = split_lines(text);
    std::size_t first = 0;
    while (first < lines.size() && trim(lines[first].text).empty()) {
        ++first;
    }
    if (first < lines.size() && lines[first].text.substr(0, 6) == "WEBVTT") {
        // The header block runs to the first blank line (it may carry metadata lines).
        while (first < lines.size() && !trim(lines[first].text).empty()) {
            if (has_arrow(lines[first].text)) {
                break;  // a cue right under the header without the blank line: keep it
            }
            ++first;
        }
    } else {
        draft.warn(first < lines.size() ? lines[first].line : 1, "no WEBVTT header; read as WebVTT anyway");
    }
    parse_cue_blocks(lines, first, true, draft);
    return {};
}

Status parse_srt(std::string_view text, TranscriptDraft& draft) {
    parse_cue_blocks(split_lines(text), 0, false, draft);
    return {};
}

}  // namespace borough::io::detail
