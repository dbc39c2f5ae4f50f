#include "actions/news_angles/figures.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include "core/strings.h"

namespace borough::actions::news_angles {
namespace {

constexpr std::string_view kPound = "\xC2\xA3";

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_word_byte(char c) { return is_digit(c) || is_alpha(c) || static_cast<unsigned char>(c) >= 0x80; }

constexpr std::array<std::string_view, 12> kMonths = {"january", "february", "march",     "april",
                                                      "may",     "june",     "july",      "august",
                                                      "september", "october", "november", "december"};
constexpr std::array<std::string_view, 12> kMonthsShort = {"jan", "feb", "mar", "apr", "may", "jun",
                                                           "jul", "aug", "sep", "oct", "nov", "dec"};

bool is_month(std::string_view lower) {
    for (std::size_t i = 0; i < kMonths.size(); ++i) {
        if (lower == kMonths[i] || lower == kMonthsShort[i]) return true;
    }
    return false;
}

constexpr std::array<std::string_view, 9> kChangeWords = {"doubled", "tripled", "trebled", "halved", "quadrupled",
                                                          "doubling", "halving", "tripling", "trebling"};

// Words after a number that say it is not a count of something ("2 of the", "3 and").
constexpr std::array<std::string_view, 36> kNotUnits = {
    "of",   "and",   "or",    "to",    "in",   "on",   "at",    "by",   "for",  "the",  "a",     "an",
    "is",   "was",   "were",  "are",   "from", "with", "per",   "out",  "than", "more", "times", "which",
    "who",  "after", "before", "over", "under", "since", "into", "as",  "each", "every", "this", "that"};

struct Word {
    std::size_t begin = 0;
    std::size_t end = 0;
};

// The word (letters, digits, ' and -) starting at or after `i` after spaces only; empty when the next
// character is punctuation or the end.
Word next_word(std::string_view s, std::size_t i) {
    while (i < s.size() && s[i] == ' ') ++i;
    Word w{i, i};
    while (w.end < s.size() && (is_word_byte(s[w.end]) || s[w.end] == '\'' || s[w.end] == '-')) ++w.end;
    while (w.end > w.begin && (s[w.end - 1] == '-' || s[w.end - 1] == '\'')) --w.end;
    return w;
}

std::string lower_word(std::string_view s, Word w) { return ascii_lower(s.substr(w.begin, w.end - w.begin)); }

double parse_number(std::string_view digits) {
    std::string clean;
    clean.reserve(digits.size());
    for (char c : digits) {
        if (c != ',') clean += c;
    }
    return std::strtod(clean.c_str(), nullptr);
}

}  // namespace

std::string_view to_string(FigureKind kind) {
    switch (kind) {
        case FigureKind::Money: return "money";
        case FigureKind::Percent: return "percent";
        case FigureKind::Count: return "count";
        case FigureKind::Date: return "date";
        case FigureKind::Change: return "change";
    }
    return "count";
}

std::vector<Figure> find_figures(std::string_view s) {
    std::vector<Figure> out;
    std::size_t i = 0;
    while (i < s.size()) {
        // Change words ("doubled") are figures of their own.
        if (is_alpha(s[i]) && (i == 0 || !is_word_byte(s[i - 1]))) {
            const Word w = next_word(s, i);
            const std::string lw = lower_word(s, w);
            if (std::find(kChangeWords.begin(), kChangeWords.end(), lw) != kChangeWords.end()) {
                out.push_back(Figure{FigureKind::Change, std::string(s.substr(w.begin, w.end - w.begin)),
                                     std::nullopt, "", w.begin, w.end});
            }
            // A month followed by a year: "April 2026".
            if (is_month(lw) && w.end + 5 <= s.size() && s[w.end] == ' ' && is_digit(s[w.end + 1])) {
                std::size_t k = w.end + 1;
                while (k < s.size() && is_digit(s[k])) ++k;
                if (k - w.end - 1 == 4 && (k == s.size() || !is_word_byte(s[k]))) {
                    out.push_back(Figure{FigureKind::Date, std::string(s.substr(w.begin, k - w.begin)), std::nullopt,
                                         "", w.begin, k});
                    i = k;
                    continue;
                }
            }
            i = std::max(w.end, i + 1);
            continue;
        }
        const bool pound = s.substr(i, kPound.size()) == kPound && i + kPound.size() < s.size() &&
                           is_digit(s[i + kPound.size()]);
        // "COVID-19", "A1/2": a number joined to a word by a hyphen or slash is part of a code.
        const bool joined = i >= 2 && (s[i - 1] == '-' || s[i - 1] == '/') && is_word_byte(s[i - 2]);
        if (!pound && !(is_digit(s[i]) && (i == 0 || !is_word_byte(s[i - 1])) && !joined)) {
            ++i;
            continue;
        }
        const std::size_t start = i;
        std::size_t k = pound ? i + kPound.size() : i;
        const std::size_t num_begin = k;
        int dots = 0;
        while (k < s.size()) {
            if (is_digit(s[k])) {
                ++k;
            } else if ((s[k] == ',' || s[k] == '.') && k + 1 < s.size() && is_digit(s[k + 1]) && k > num_begin) {
                dots += s[k] == '.' ? 1 : 0;
                ++k;
            } else {
                break;
            }
        }
        const std::string_view number = s.substr(num_begin, k - num_begin);
        // Codes and paragraph numbers: "B12", "19-year" is fine, "3.2.1" and "2025/26" as counts are not.
        if (dots > 1 || (k < s.size() && is_alpha(s[k]) && !pound &&
                         !(s[k] == 'm' || s[k] == 'k' || (s.substr(k, 2) == "bn")))) {
            i = k;
            while (i < s.size() && is_word_byte(s[i])) ++i;
            continue;
        }
        double value = parse_number(number);
        std::size_t end = k;
        // Attached multipliers: "£1.2m", "£40k", "£2bn", "3.5m".
        auto multiplier_at = [&](std::size_t at, std::size_t& after) -> double {
            if (s.substr(at, 2) == "bn" && (at + 2 == s.size() || !is_word_byte(s[at + 2]))) {
                after = at + 2;
                return 1e9;
            }
            if (at < s.size() && (s[at] == 'm' || s[at] == 'k') && (at + 1 == s.size() || !is_word_byte(s[at + 1]))) {
                after = at + 1;
                return s[at] == 'm' ? 1e6 : 1e3;
            }
            const Word w = next_word(s, at);
            const std::string lw = lower_word(s, w);
            if (lw == "million" || lw == "billion" || lw == "thousand") {
                after = w.end;
                return lw == "million" ? 1e6 : lw == "billion" ? 1e9 : 1e3;
            }
            return 1;
        };
        std::size_t after = end;
        if (const double m = multiplier_at(end, after); m != 1) {
            value *= m;
            end = after;
        }
        Figure f;
        f.begin = start;
        f.value = value;
        if (pound) {
            f.kind = FigureKind::Money;
            f.unit = "GBP";
        } else if (end < s.size() && s[end] == '%') {
            f.kind = FigureKind::Percent;
            f.unit = "%";
            ++end;
        } else {
            const Word w1 = next_word(s, end);
            const std::string l1 = lower_word(s, w1);
            const Word w2 = next_word(s, w1.end);
            const std::string l2 = lower_word(s, w2);
            if (l1 == "per" && l2 == "cent") {
                f.kind = FigureKind::Percent;
                f.unit = "%";
                end = w2.end;
            } else if (l1 == "percent" || l1 == "percentage") {
                f.kind = FigureKind::Percent;
                f.unit = "%";
                end = w1.end;
                if (l1 == "percentage" && l2 == "points") {
                    f.unit = "percentage points";
                    end = w2.end;
                }
            } else if (l1 == "pounds" || (l1 == "million" && l2 == "pounds")) {
                f.kind = FigureKind::Money;
                f.unit = "GBP";
                end = w1.end;
            } else if (is_month(l1) && end == k) {
                // "1 April" or "1 April 2026"
                f.kind = FigureKind::Date;
                f.value.reset();
                end = w1.end;
                if (w2.end > w2.begin && w2.end - w2.begin == 4 && is_digit(s[w2.begin]) &&
                    s.substr(w1.end, 1) == " ") {
                    end = w2.end;
                }
            } else if (number.size() == 4 && dots == 0 && value >= 1900 && value <= 2099 && end == k &&
                       number.find(',') == std::string_view::npos) {
                // A year, or a financial year "2025/26" / "2025-26".
                f.kind = FigureKind::Date;
                f.value.reset();
                if (end + 3 <= s.size() && (s[end] == '/' || s[end] == '-') && is_digit(s[end + 1]) &&
                    is_digit(s[end + 2]) && (end + 3 == s.size() || !is_word_byte(s[end + 3]))) {
                    end += 3;
                }
            } else if (w1.end > w1.begin && is_alpha(s[w1.begin]) &&
                       std::find(kNotUnits.begin(), kNotUnits.end(), l1) == kNotUnits.end()) {
                f.kind = FigureKind::Count;
                f.unit = l1;
                end = w1.end;
                // "212 road casualties", "20 primary schools": a describing word then a plural noun. A
                // plural first word is the noun itself ("11 villages now", "1,046 residents answered").
                if (w2.end > w2.begin && is_alpha(s[w2.begin]) && s[w1.end] == ' ' && l1.back() != 's' &&
                    l2.size() > 2 && l2.back() == 's' &&
                    std::find(kNotUnits.begin(), kNotUnits.end(), l2) == kNotUnits.end()) {
                    f.unit = l1 + " " + l2;
                    end = w2.end;
                }
            } else if (value < 10 && end == k) {
                i = k;  // a bare small number: a list count or a reference, not a figure
                continue;
            } else {
                f.kind = FigureKind::Count;
            }
        }
        f.end = end;
        f.text = std::string(s.substr(f.begin, f.end - f.begin));
        out.push_back(std::move(f));
        i = end;
    }
    std::sort(out.begin(), out.end(), [](const Figure& a, const Figure& b) { return a.begin < b.begin; });
    return out;
}

std::string figure_context(std::string_view s, std::size_t begin, std::size_t end, std::size_t words) {
    const auto is_stop = [](char c) { return c == ';' || c == ':' || c == '(' || c == ')'; };
    std::size_t b = std::min(begin, s.size());
    std::size_t count = 0;
    while (b > 0 && !is_stop(s[b - 1])) {
        if (s[b - 1] == ' ' && b < begin) {
            if (++count > words) break;
        }
        --b;
    }
    std::size_t e = std::min(end, s.size());
    count = 0;
    while (e < s.size() && !is_stop(s[e])) {
        if (s[e] == ' ' && e > end) {
            if (++count >= words) break;
        }
        ++e;
    }
    std::string_view out = trim_ascii_whitespace(s.substr(b, e - b));
    while (!out.empty() && (out.back() == ',' || out.back() == '.')) out.remove_suffix(1);
    while (!out.empty() && (out.front() == ',')) out = trim_ascii_whitespace(out.substr(1));
    return std::string(out);
}

}  // namespace borough::actions::news_angles
