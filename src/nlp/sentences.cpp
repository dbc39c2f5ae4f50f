#include "nlp/sentences.h"

#include <algorithm>
#include <array>

#include "nlp/char_class.h"

namespace borough::nlp {
namespace {

using detail::decode_utf8;
using detail::is_ascii_digit;
using detail::is_ascii_upper;
using detail::whitespace_size;
using detail::whitespace_size_before;

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

// Lower-case abbreviations that a full stop does not end (before an upper-case word). Single letters
// and dotted initials ("J.", "e.g.", "U.K.") are handled by pattern, "no"/"nos" only before a digit.
constexpr std::array<std::string_view, 30> kAbbreviations = {
    "approx", "apr", "aug", "cf",   "cllr",  "cllrs", "dec", "dept", "dr", "est",
    "etc",    "feb", "fig", "figs", "govt",  "incl",  "jan", "jr",   "mr", "mrs",
    "ms",     "nov", "oct", "para", "paras", "prof",  "rev", "sept", "st", "vs",
};
static_assert(std::is_sorted(kAbbreviations.begin(), kAbbreviations.end()));

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
constexpr std::string_view kRightSingleQuote = "\xE2\x80\x99";
constexpr std::string_view kRightDoubleQuote = "\xE2\x80\x9D";
constexpr std::string_view kLeftSingleQuote = "\xE2\x80\x98";
constexpr std::string_view kLeftDoubleQuote = "\xE2\x80\x9C";

// Bullets that start a list item when followed by a space.
constexpr std::array<std::string_view, 10> kBullets = {
    "\xE2\x80\xA2",  // •
    "\xE2\x80\xA3",  // ‣
    "\xE2\x97\xA6",  // ◦
    "\xE2\x96\xAA",  // ▪
    "\xE2\x97\x8F",  // ●
    "\xE2\x97\x8B",  // ○
    "\xE2\x96\xA0",  // ■
    "\xE2\x96\xA1",  // □
    "\xC2\xB7",      // ·
    "\xE2\x80\x93",  // – (en dash used as a bullet)
};

bool starts_with_at(std::string_view text, std::size_t i, std::string_view what) {
    return text.substr(i, what.size()) == what;
}

bool is_space_or_tab(char c) { return c == ' ' || c == '\t'; }

// ---- line structure ------------------------------------------------------------------------------

enum class LineKind {
    Blank,     // only whitespace: ends the paragraph
    Skip,      // rule, setext underline or code fence: ends the paragraph, contributes no text
    Heading,   // a sentence on its own (ATX heading, all-caps line, setext title, table row)
    ListItem,  // starts a new paragraph after its marker (bullet, number, "(a)", "> ")
    Text,      // continues the current paragraph
};

struct LineInfo {
    LineKind kind = LineKind::Text;
    std::size_t content_begin = 0;
    std::size_t content_end = 0;
};

std::size_t skip_spaces(std::string_view text, std::size_t i, std::size_t end) {
    while (i < end && is_space_or_tab(text[i])) {
        ++i;
    }
    return i;
}

// End of the line's content with trailing whitespace (incl. CR) removed.
std::size_t trim_end(std::string_view text, std::size_t begin, std::size_t end) {
    while (end > begin) {
        const std::size_t ws = whitespace_size_before(text, end);
        if (ws == 0 || end - ws < begin) {
            break;
        }
        end -= ws;
    }
    return end;
}

// A line made only of 3+ of one of = - * _ (spaces allowed): thematic break or setext underline.
char rule_char(std::string_view text, std::size_t p, std::size_t end) {
    const char c = text[p];
    if (c != '=' && c != '-' && c != '*' && c != '_') {
        return 0;
    }
    std::size_t count = 0;
    for (std::size_t i = p; i < end; ++i) {
        if (text[i] == c) {
            ++count;
        } else if (!is_space_or_tab(text[i])) {
            return 0;
        }
    }
    return count >= 3 ? c : '\0';
}

// Byte length of a list marker at p including the spaces after it, or 0. `end` is the trimmed end.
std::size_t list_marker_size(std::string_view text, std::size_t p, std::size_t end) {
    auto followed_by_space = [&](std::size_t k) { return k >= end || is_space_or_tab(text[k]); };
    auto with_spaces = [&](std::size_t k) { return skip_spaces(text, k, end) - p; };
    const char c = text[p];
    if ((c == '-' || c == '*' || c == '+' || c == '>') && followed_by_space(p + 1)) {
        return with_spaces(p + 1);
    }
    for (std::string_view bullet : kBullets) {
        if (starts_with_at(text, p, bullet) && followed_by_space(p + bullet.size())) {
            return with_spaces(p + bullet.size());
        }
    }
    if (is_ascii_digit(c)) {
        // "1." / "12)" items, and section numbers "3.2" / "3.2.1." before an upper-case word.
        std::size_t k = p;
        int groups = 0;
        bool trailing_dot = false;
        while (k < end && is_ascii_digit(text[k])) {
            const std::size_t start = k;
            while (k < end && is_ascii_digit(text[k])) {
                ++k;
            }
            if (k - start > 3) {
                return 0;
            }
            ++groups;
            trailing_dot = false;
            if (k < end && text[k] == '.') {
                ++k;
                trailing_dot = true;
            } else {
                break;
            }
        }
        if (groups == 1 && !trailing_dot && k < end && text[k] == ')' && followed_by_space(k + 1)) {
            return with_spaces(k + 1);
        }
        if (groups == 1 && trailing_dot && followed_by_space(k)) {
            return with_spaces(k);
        }
        if (groups >= 2 && k < end && is_space_or_tab(text[k])) {
            const std::size_t q = skip_spaces(text, k, end);
            if (q < end && is_ascii_upper(text[q])) {
                return q - p;
            }
        }
        return 0;
    }
    // "(a)", "(iv)", "(1)" and "a)", "iv)".
    std::size_t k = p;
    const bool open = c == '(';
    if (open) {
        ++k;
    }
    const std::size_t start = k;
    while (k < end && k - start <= 4 && detail::is_ascii_alnum(text[k])) {
        ++k;
    }
    const std::size_t len = k - start;
    if (len == 0 || len > 4 || k >= end || text[k] != ')' || !followed_by_space(k + 1)) {
        return 0;
    }
    if (!open) {
        const bool roman = std::all_of(text.begin() + static_cast<std::ptrdiff_t>(start),
                                       text.begin() + static_cast<std::ptrdiff_t>(k),
                                       [](char r) { return r == 'i' || r == 'v' || r == 'x'; });
        if (len != 1 && !roman) {
            return 0;
        }
    }
    return with_spaces(k + 1);
}

bool is_all_caps_line(std::string_view text, std::size_t p, std::size_t end) {
    if (end - p > 120) {
        return false;
    }
    std::size_t upper = 0;
    for (std::size_t i = p; i < end; ++i) {
        const char c = text[i];
        if (c >= 'a' && c <= 'z') {
            return false;
        }
        if (is_ascii_upper(c)) {
            ++upper;
        }
    }
    return upper >= 3;
}

LineInfo classify_line(std::string_view text, std::size_t begin, std::size_t end) {
    const std::size_t trimmed = trim_end(text, begin, end);
    std::size_t p = begin;
    while (p < trimmed) {
        const std::size_t ws = whitespace_size(text, p);
        if (ws == 0) {
            break;
        }
        p += ws;
    }
    if (p >= trimmed) {
        return {LineKind::Blank, p, p};
    }
    if (starts_with_at(text, p, "```") || starts_with_at(text, p, "~~~") || rule_char(text, p, trimmed) != 0) {
        return {LineKind::Skip, p, p};
    }
    if (text[p] == '#') {
        std::size_t k = p;
        while (k < trimmed && text[k] == '#') {
            ++k;
        }
        if (k - p <= 6 && (k == trimmed || is_space_or_tab(text[k]))) {
            std::size_t content = skip_spaces(text, k, trimmed);
            // Drop a closing sequence of #s ("## Title ##").
            std::size_t content_end = trimmed;
            std::size_t h = content_end;
            while (h > content && text[h - 1] == '#') {
                --h;
            }
            if (h == content || is_space_or_tab(text[h - 1])) {
                content_end = trim_end(text, content, h);
            }
            // A numbered heading ("## 2. Budget", "### 3.1 Risks") loses its number like a list item.
            if (content < content_end) {
                content = std::min(content + list_marker_size(text, content, content_end), content_end);
            }
            return {LineKind::Heading, content, content_end};
        }
    }
    if (text[p] == '|') {
        return {LineKind::Heading, p, trimmed};
    }
    if (const std::size_t marker = list_marker_size(text, p, trimmed); marker != 0) {
        return {LineKind::ListItem, p + marker, trimmed};
    }
    if (is_all_caps_line(text, p, trimmed)) {
        return {LineKind::Heading, p, trimmed};
    }
    return {LineKind::Text, p, trimmed};
}

// ---- splitting inside a paragraph ----------------------------------------------------------------

bool is_terminal_at(std::string_view text, std::size_t i) {
    const char c = text[i];
    return c == '.' || c == '!' || c == '?' || starts_with_at(text, i, kEllipsis);
}

std::size_t closer_size(std::string_view text, std::size_t i) {
    const char c = text[i];
    if (c == '"' || c == '\'' || c == ')' || c == ']' || c == '*' || c == '_') {
        return 1;
    }
    if (starts_with_at(text, i, kRightSingleQuote) || starts_with_at(text, i, kRightDoubleQuote)) {
        return 3;
    }
    return 0;
}

// Whether the character at j can begin a new sentence: an upper-case letter, a digit, an opening
// quote or bracket, Markdown emphasis, or a currency sign.
bool is_sentence_start(std::string_view text, std::size_t j) {
    const char c = text[j];
    if (is_ascii_digit(c)) {
        return true;
    }
    if (c == '"' || c == '\'' || c == '(' || c == '[' || c == '*' || c == '_' || c == '$') {
        return true;
    }
    const auto cp = decode_utf8(text, j);
    return detail::is_upper_code_point(cp.value) || cp.value == 0x2018 || cp.value == 0x201C || cp.value == 0xA3 ||
           cp.value == 0x20AC;
}

std::size_t opener_size(std::string_view text, std::size_t i, std::size_t end) {
    if (i >= end) {
        return 0;
    }
    const char c = text[i];
    if (c == '(' || c == '[' || c == '"' || c == '\'') {
        return 1;
    }
    if (starts_with_at(text, i, kLeftSingleQuote) || starts_with_at(text, i, kLeftDoubleQuote)) {
        return 3;
    }
    return 0;
}

// True when the full stop at `dot` follows an abbreviation or initial, so it does not end the
// sentence. `next` is the first character after the whitespace that follows.
bool is_abbreviation_stop(std::string_view text, std::size_t block_begin, std::size_t dot, std::size_t next) {
    constexpr std::size_t kMaxToken = 24;
    std::size_t t = dot;
    while (t > block_begin && whitespace_size_before(text, t) == 0 && dot - t <= kMaxToken) {
        --t;
    }
    if (dot - t > kMaxToken) {
        return false;
    }
    while (const std::size_t open = opener_size(text, t, dot)) {
        t += open;
    }
    if (t >= dot) {
        return false;
    }
    std::string lower;
    for (std::size_t i = t; i < dot; ++i) {
        lower += detail::to_ascii_lower(text[i]);
    }
    if (lower == "no" || lower == "nos") {
        return is_ascii_digit(text[next]);
    }
    if (std::binary_search(kAbbreviations.begin(), kAbbreviations.end(), lower)) {
        return true;
    }
    if (lower == "a.m" || lower == "p.m") {
        return false;
    }
    // Initials and dotted abbreviations: single letters separated by dots ("J", "e.g", "U.K").
    std::size_t i = t;
    while (i < dot) {
        const auto cp = decode_utf8(text, i);
        if (!detail::is_word_code_point(cp.value) || (cp.size == 1 && is_ascii_digit(text[i]))) {
            return false;
        }
        i += cp.size;
        if (i == dot) {
            return true;
        }
        if (text[i] != '.') {
            return false;
        }
        ++i;
    }
    return false;
}

// Whether [begin, end) is only a paragraph number such as "2" or "3.2.1" (no sentence yet).
bool is_number_only(std::string_view text, std::size_t begin, std::size_t end) {
    if (begin >= end) {
        return false;
    }
    for (std::size_t i = begin; i < end; ++i) {
        if (!is_ascii_digit(text[i]) && text[i] != '.') {
            return false;
        }
    }
    return true;
}

void emit_sentence(std::string_view text, std::size_t begin, std::size_t end, std::vector<Sentence>& out) {
    while (begin < end) {
        const std::size_t ws = whitespace_size(text, begin);
        if (ws == 0) {
            break;
        }
        begin += ws;
    }
    end = trim_end(text, begin, end);
    if (begin >= end) {
        return;
    }
    bool has_word = false;
    for (std::size_t i = begin; i < end && !has_word;) {
        const auto cp = decode_utf8(text, i);
        has_word = detail::is_word_code_point(cp.value);
        i += cp.size;
    }
    if (!has_word) {
        return;
    }
    Sentence s;
    s.begin = begin;
    s.end = end;
    s.text.reserve(end - begin);
    bool in_space = false;
    for (std::size_t i = begin; i < end;) {
        if (const std::size_t ws = whitespace_size(text, i); ws != 0) {
            if (!in_space) {
                s.text += ' ';
            }
            in_space = true;
            i += ws;
        } else {
            s.text += text[i];
            in_space = false;
            ++i;
        }
    }
    out.push_back(std::move(s));
}

void split_paragraph(std::string_view text, std::size_t begin, std::size_t end, std::vector<Sentence>& out) {
    std::size_t piece = begin;
    std::size_t i = begin;
    while (i < end) {
        if (!is_terminal_at(text, i)) {
            ++i;
            continue;
        }
        const std::size_t run_begin = i;
        while (i < end && is_terminal_at(text, i)) {
            i += text[i] == '\xE2' ? kEllipsis.size() : 1;
        }
        bool single_stop = i - run_begin == 1 && text[run_begin] == '.';
        while (i < end) {
            const std::size_t closer = closer_size(text, i);
            if (closer == 0) {
                break;
            }
            i += closer;
            single_stop = false;  // "(see appendix A.) The" ends a sentence despite the initial
        }
        const std::size_t split_at = i;
        if (i >= end || whitespace_size(text, i) == 0) {
            continue;
        }
        std::size_t j = i;
        while (j < end) {
            const std::size_t ws = whitespace_size(text, j);
            if (ws == 0) {
                break;
            }
            j += ws;
        }
        if (j >= end) {
            break;
        }
        i = j;
        if (!is_sentence_start(text, j)) {
            continue;
        }
        if (single_stop && is_abbreviation_stop(text, begin, run_begin, j)) {
            continue;
        }
        if (single_stop && is_number_only(text, piece, run_begin)) {
            continue;  // "1. Apologies"
        }
        emit_sentence(text, piece, split_at, out);
        piece = j;
    }
    emit_sentence(text, piece, end, out);
}

}  // namespace

std::vector<Sentence> split_sentences(std::string_view text) {
    std::vector<Sentence> out;
    const std::size_t n = text.size();
    std::size_t para_begin = kNone;
    std::size_t para_end = 0;
    auto flush = [&] {
        if (para_begin != kNone) {
            split_paragraph(text, para_begin, para_end, out);
        }
        para_begin = kNone;
    };
    // Lines end at LF, or at a CR that is not followed by LF (old Mac files).
    auto line_end = [&](std::size_t b) {
        std::size_t e = b;
        while (e < n && text[e] != '\n' && !(text[e] == '\r' && (e + 1 >= n || text[e + 1] != '\n'))) {
            ++e;
        }
        return e;
    };
    std::size_t b = 0;
    std::size_t e = line_end(0);
    while (b < n) {
        const std::size_t next_b = e < n ? e + 1 : n;
        const std::size_t next_e = next_b < n ? line_end(next_b) : n;
        LineInfo line = classify_line(text, b, e);
        if (line.kind == LineKind::Text && next_b < n) {
            // A line underlined with === or --- is a setext heading.
            const std::size_t q = skip_spaces(text, next_b, next_e);
            const std::size_t q_end = trim_end(text, q, next_e);
            if (q < q_end) {
                const char rule = rule_char(text, q, q_end);
                if (rule == '=' || rule == '-') {
                    line.kind = LineKind::Heading;
                }
            }
        }
        switch (line.kind) {
            case LineKind::Blank:
            case LineKind::Skip:
                flush();
                break;
            case LineKind::Heading:
                flush();
                split_paragraph(text, line.content_begin, line.content_end, out);
                break;
            case LineKind::ListItem:
                flush();
                para_begin = line.content_begin;
                para_end = line.content_end;
                break;
            case LineKind::Text:
                if (para_begin == kNone) {
                    para_begin = line.content_begin;
                }
                para_end = line.content_end;
                break;
        }
        b = next_b;
        e = next_e;
    }
    flush();
    return out;
}

}  // namespace borough::nlp
