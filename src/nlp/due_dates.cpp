#include "nlp/due_dates.h"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <charconv>
#include <utility>
#include <vector>

namespace borough::nlp {
namespace {

using namespace std::chrono;

struct Token {
    std::string text;  // lower-cased
    std::size_t begin = 0;
    std::size_t end = 0;
};

// Words and numbers with their byte offsets; '/' and '-' stay inside a token between digits
// ("12/03/2027", "2027-03-12"). Non-ASCII bytes separate tokens (no date word uses them).
std::vector<Token> tokens_of(std::string_view text) {
    std::vector<Token> out;
    std::size_t i = 0;
    const auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
    const auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
    while (i < text.size()) {
        if (!alnum(text[i])) {
            ++i;
            continue;
        }
        Token t;
        t.begin = i;
        while (i < text.size() &&
               (alnum(text[i]) || ((text[i] == '/' || text[i] == '-') && i > t.begin && digit(text[i - 1]) &&
                                   i + 1 < text.size() && digit(text[i + 1])))) {
            t.text += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
            ++i;
        }
        t.end = i;
        out.push_back(std::move(t));
    }
    return out;
}

constexpr std::array<std::string_view, 7> kWeekdays = {"sunday",   "monday", "tuesday", "wednesday",
                                                       "thursday", "friday", "saturday"};
constexpr std::array<std::string_view, 12> kMonths = {"january",   "february", "march",    "april",
                                                      "may",       "june",     "july",     "august",
                                                      "september", "october",  "november", "december"};
constexpr std::array<std::string_view, 13> kNumberWords = {"zero",  "one",   "two",  "three", "four",   "five",  "six",
                                                           "seven", "eight", "nine", "ten",   "eleven", "twelve"};

std::optional<unsigned> weekday_of(std::string_view w) {
    for (unsigned d = 0; d < kWeekdays.size(); ++d) {
        if (w == kWeekdays[d]) return d;
    }
    return std::nullopt;
}

std::optional<unsigned> month_of(std::string_view w) {
    for (unsigned m = 0; m < kMonths.size(); ++m) {
        if (w == kMonths[m] || (w.size() >= 3 && w != "mar" && w != "may" && kMonths[m].starts_with(w) &&
                                (w.size() == 3 || (m == 8 && w == "sept")))) {
            return m + 1;
        }
    }
    if (w == "mar") return 3;
    return std::nullopt;
}

std::optional<unsigned> number_of(std::string_view w) {
    for (unsigned n = 0; n < kNumberWords.size(); ++n) {
        if (w == kNumberWords[n]) return n;
    }
    if (w == "a" || w == "an") return 1;
    unsigned v = 0;
    const auto [p, ec] = std::from_chars(w.data(), w.data() + w.size(), v);
    if (ec != std::errc{} || p != w.data() + w.size() || w.size() > 4) return std::nullopt;
    return v;
}

// "12", "12th", "1st", "22nd", "3rd" → day of month (1-31).
std::optional<unsigned> day_of(std::string_view w) {
    for (std::string_view suffix : {"st", "nd", "rd", "th"}) {
        if (w.size() > 2 && w.ends_with(suffix)) w.remove_suffix(2);
    }
    if (w.empty() || w.size() > 2) return std::nullopt;
    for (char c : w) {
        if (std::isdigit(static_cast<unsigned char>(c)) == 0) return std::nullopt;
    }
    const auto v = *number_of(w);
    if (v < 1 || v > 31) return std::nullopt;
    return v;
}

// Ordinal words "first".."nineteenth", "twentieth", "thirtieth", and "twenty-first".."thirty-first"
// written as two tokens (the tokenizer splits at the hyphen): {day, tokens used}.
std::optional<std::pair<unsigned, std::size_t>> ordinal_day(std::string_view w, std::string_view next) {
    static constexpr std::array<std::string_view, 20> kOrdinals = {
        "",           "first",     "second",    "third",       "fourth",     "fifth",     "sixth",
        "seventh",    "eighth",    "ninth",     "tenth",       "eleventh",   "twelfth",   "thirteenth",
        "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth"};
    for (unsigned d = 1; d < kOrdinals.size(); ++d) {
        if (w == kOrdinals[d]) return std::pair{d, std::size_t{1}};
    }
    if (w == "twentieth") return std::pair{20U, std::size_t{1}};
    if (w == "thirtieth") return std::pair{30U, std::size_t{1}};
    if (w == "twenty" || w == "thirty") {
        const unsigned tens = w == "twenty" ? 20 : 30;
        for (unsigned d = 1; d <= 9; ++d) {
            if (next == kOrdinals[d] && tens + d <= 31) return std::pair{tens + d, std::size_t{2}};
        }
    }
    return std::nullopt;
}

sys_days monday_of_week(sys_days d) {
    const weekday wd{d};
    const unsigned since_monday = (wd.c_encoding() + 6) % 7;
    return d - days{since_monday};
}

year_month_day last_day_of(year_month ym) { return year_month_day{ym / last}; }

// `n` working days after `from`: Monday to Friday, leaving out England and Wales bank holidays.
sys_days add_working_days(sys_days from, unsigned n) {
    sys_days d = from;
    while (n > 0) {
        d += days{1};
        const unsigned wd = weekday{d}.c_encoding();
        if (wd != 0 && wd != 6 && !is_england_wales_bank_holiday(year_month_day{d})) --n;
    }
    return d;
}

// A day and month without a year: this year, unless it has passed, then next year.
std::optional<year_month_day> upcoming(unsigned d, unsigned m, year_month_day meeting) {
    year_month_day date{meeting.year(), month{m}, day{d}};
    if (!date.ok()) return std::nullopt;
    if (sys_days{date} < sys_days{meeting}) date = year_month_day{meeting.year() + years{1}, month{m}, day{d}};
    if (!date.ok()) return std::nullopt;
    return date;
}

std::optional<year_month_day> with_year(unsigned d, unsigned m, int y) {
    if (y < 100) y += 2000;
    const year_month_day date{year{y}, month{m}, day{d}};
    if (!date.ok()) return std::nullopt;
    return date;
}

// "12/03", "12/03/2027", "12/3/27" (UK order: day first).
std::optional<year_month_day> slash_date(std::string_view w, year_month_day meeting) {
    std::vector<unsigned> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= w.size(); ++i) {
        if (i == w.size() || w[i] == '/') {
            const auto n = number_of(w.substr(start, i - start));
            if (!n) return std::nullopt;
            parts.push_back(*n);
            start = i + 1;
        }
    }
    if (parts.size() == 2) return upcoming(parts[0], parts[1], meeting);
    if (parts.size() == 3) return with_year(parts[0], parts[1], static_cast<int>(parts[2]));
    return std::nullopt;
}

struct Match {
    year_month_day date;
    std::size_t last_token = 0;  // inclusive
    bool approximate = false;
};

std::string_view at(const std::vector<Token>& t, std::size_t i) {
    return i < t.size() ? std::string_view(t[i].text) : std::string_view();
}

// The phrase that starts at token i, if any.
std::optional<Match> match_at(const std::vector<Token>& t, std::size_t i, year_month_day meeting) {
    const sys_days today{meeting};
    const std::string_view w = t[i].text;
    if (w == "today" || w == "tonight") return Match{meeting, i};
    if (w == "tomorrow") return Match{year_month_day{today + days{1}}, i};
    if (w == "fortnight" && i > 0 && (at(t, i - 1) == "a" || at(t, i - 1) == "one")) {
        return Match{year_month_day{today + days{14}}, i};
    }
    if (w == "end" && at(t, i + 1) == "of") {
        std::size_t j = i + 2;
        if (at(t, j) == "the" || at(t, j) == "this") ++j;
        const std::string_view unit = at(t, j);
        const bool next = unit == "next";
        const std::string_view what = next ? at(t, j + 1) : unit;
        const std::size_t last_token = next ? j + 1 : j;
        if (what == "day" && !next) return Match{meeting, last_token, true};
        if (what == "week") {
            const sys_days friday = monday_of_week(today) + days{next ? 11 : 4};
            return Match{year_month_day{friday}, last_token, true};
        }
        if (what == "month") {
            const year_month ym = year_month{meeting.year(), meeting.month()} + months{next ? 1 : 0};
            return Match{last_day_of(ym), last_token, true};
        }
        if (what == "year" && !next) return Match{year_month_day{meeting.year(), December, day{31}}, last_token, true};
        if (!next) {
            if (const auto m = month_of(what)) {
                year y = meeting.year();
                if (month{*m} < meeting.month()) y += years{1};
                return Match{last_day_of(year_month{y, month{*m}}), last_token, true};
            }
        }
        return std::nullopt;
    }
    if (w == "next" || w == "this") {
        const std::string_view what = at(t, i + 1);
        if (const auto wd = weekday_of(what)) {
            if (w == "next") {
                const sys_days monday = monday_of_week(today) + days{7};
                return Match{year_month_day{monday + days{(*wd + 6) % 7}}, i + 1};
            }
            const unsigned ahead = (*wd + 7 - weekday{today}.c_encoding()) % 7;
            return Match{year_month_day{today + days{ahead}}, i + 1};
        }
        if (what == "week") {
            return Match{year_month_day{monday_of_week(today) + days{w == "next" ? 11 : 4}}, i + 1, true};
        }
        if (w == "this" && what == "month")
            return Match{last_day_of(year_month{meeting.year(), meeting.month()}), i + 1, true};
        if (w == "next" && what == "month") {
            return Match{last_day_of(year_month{meeting.year(), meeting.month()} + months{1}), i + 1, true};
        }
        return std::nullopt;
    }
    if (const auto wd = weekday_of(w)) {
        // "Friday next week", "Friday this week".
        if ((at(t, i + 1) == "next" || at(t, i + 1) == "this") && at(t, i + 2) == "week") {
            const sys_days monday = monday_of_week(today) + days{at(t, i + 1) == "next" ? 7 : 0};
            return Match{year_month_day{monday + days{(*wd + 6) % 7}}, i + 2};
        }
        unsigned ahead = (*wd + 7 - weekday{today}.c_encoding()) % 7;
        if (ahead == 0) ahead = 7;
        return Match{year_month_day{today + days{ahead}}, i};
    }
    if (w == "in" || w == "within") {
        // "within the next two weeks" says the same as "within two weeks".
        std::size_t k = i + 1;
        if (at(t, k) == "the" && at(t, k + 1) == "next") k += 2;
        const auto n = number_of(at(t, k));
        const std::string_view unit = at(t, k + 1);
        if (n && *n > 0 && *n <= 366) {
            if (unit == "day" || unit == "days") return Match{year_month_day{today + days{*n}}, k + 1};
            if ((unit == "working" || unit == "business") && (at(t, k + 2) == "day" || at(t, k + 2) == "days")) {
                return Match{year_month_day{add_working_days(today, *n)}, k + 2};
            }
            if (unit == "week" || unit == "weeks") return Match{year_month_day{today + days{7 * *n}}, k + 1};
            if (unit == "month" || unit == "months") {
                year_month_day d = (year_month{meeting.year(), meeting.month()} + months{*n}) / meeting.day();
                if (!d.ok()) d = last_day_of(year_month{d.year(), d.month()});
                return Match{d, k + 1};
            }
            if (unit == "fortnight" && (at(t, k) == "a" || at(t, k) == "one")) {
                return Match{year_month_day{today + days{14}}, k + 1};
            }
        }
        return std::nullopt;
    }
    // ISO 2027-03-12.
    if (w.size() == 10 && w[4] == '-' && w[7] == '-') {
        if (auto d = parse_iso_date(w)) return Match{*d, i};
        return std::nullopt;
    }
    if (w.find('/') != std::string_view::npos) {
        if (auto d = slash_date(w, meeting)) return Match{*d, i};
        return std::nullopt;
    }
    // "12 March [2027]", "12th of March", "the twenty-seventh of March".
    std::optional<unsigned> d = day_of(w);
    std::size_t day_tokens = 1;
    if (!d) {
        if (const auto o = ordinal_day(w, at(t, i + 1))) {
            d = o->first;
            day_tokens = o->second;
        }
    }
    if (d) {
        std::size_t j = i + day_tokens;
        if (at(t, j) == "of") ++j;
        if (const auto m = month_of(at(t, j))) {
            if (const auto y = number_of(at(t, j + 1)); y && *y >= 2000 && *y <= 2100) {
                if (auto date = with_year(*d, *m, static_cast<int>(*y))) return Match{*date, j + 1};
            }
            if (auto date = upcoming(*d, *m, meeting)) return Match{*date, j};
        }
        return std::nullopt;
    }
    // "March 12[th] [2027]".
    if (const auto m = month_of(w)) {
        if (const auto dm = day_of(at(t, i + 1))) {
            if (const auto y = number_of(at(t, i + 2)); y && *y >= 2000 && *y <= 2100) {
                if (auto date = with_year(*dm, *m, static_cast<int>(*y))) return Match{*date, i + 2};
            }
            if (auto date = upcoming(*dm, *m, meeting)) return Match{*date, i + 1};
        }
    }
    return std::nullopt;
}

bool is_lead_word(std::string_view w) {
    return w == "by" || w == "on" || w == "before" || w == "until" || w == "for" || w == "the" || w == "at";
}

}  // namespace

std::optional<DueDate> find_due_date(std::string_view text, std::chrono::year_month_day meeting) {
    if (!meeting.ok()) return std::nullopt;
    const auto t = tokens_of(text);
    for (std::size_t i = 0; i < t.size(); ++i) {
        const auto m = match_at(t, i, meeting);
        if (!m) continue;
        // The phrase as said includes up to two lead words: "by the end of April", "by Friday".
        std::size_t first = i;
        while (first > 0 && i - first < 2 && is_lead_word(t[first - 1].text)) --first;
        if (t[i].text == "fortnight" && first == i) first = i - 1;  // "a fortnight"
        DueDate due;
        due.date = m->date;
        due.begin = t[first].begin;
        due.end = t[m->last_token].end;
        due.phrase = std::string(text.substr(due.begin, due.end - due.begin));
        due.approximate = m->approximate;
        return due;
    }
    return std::nullopt;
}

std::chrono::year_month_day easter_sunday(std::chrono::year y) {
    // The anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    const int yr = static_cast<int>(y);
    const int a = yr % 19, b = yr / 100, c = yr % 100, d = b / 4, e = b % 4;
    const int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
    const int month_number = (h + l - 7 * m + 114) / 31, day_number = (h + l - 7 * m + 114) % 31 + 1;
    return year_month_day{y, month{static_cast<unsigned>(month_number)}, day{static_cast<unsigned>(day_number)}};
}

bool is_england_wales_bank_holiday(std::chrono::year_month_day date) {
    if (!date.ok()) return false;
    const sys_days d{date};
    const year y = date.year();
    const auto last_monday = [&](month m) { return sys_days{y / m / Monday[last]}; };
    const auto first_monday = [&](month m) { return sys_days{y / m / Monday[1]}; };
    // A holiday on a weekend moves to the next weekday not already a holiday.
    const auto substitute = [](sys_days holiday, unsigned taken_after) {
        const unsigned wd = weekday{holiday}.c_encoding();
        if (wd == 6) return holiday + days{2 + taken_after};
        if (wd == 0) return holiday + days{1 + taken_after};
        return holiday;
    };
    const sys_days easter{easter_sunday(y)};
    const sys_days christmas{y / December / 25};
    const sys_days boxing{y / December / 26};
    const sys_days christmas_off = substitute(christmas, 0);
    // Boxing Day on a Saturday or Sunday, or the Monday after a Sunday Christmas, moves one day further.
    sys_days boxing_off = substitute(boxing, 0);
    if (boxing_off == christmas_off) boxing_off += days{1};
    const sys_days holidays[] = {
        substitute(sys_days{y / January / 1}, 0),
        easter - days{2},     // Good Friday
        easter + days{1},     // Easter Monday
        first_monday(May),    // early May bank holiday
        last_monday(May),     // spring bank holiday
        last_monday(August),  // summer bank holiday
        christmas_off,
        boxing_off,
    };
    for (const sys_days h : holidays) {
        if (h == d) return true;
    }
    return false;
}

std::string iso_date(std::chrono::year_month_day date) {
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                       static_cast<unsigned>(date.day()));
}

std::optional<std::chrono::year_month_day> parse_iso_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    int y = 0;
    unsigned m = 0, d = 0;
    const auto num = [](std::string_view s, auto& out) {
        const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
        return ec == std::errc{} && p == s.data() + s.size();
    };
    if (!num(text.substr(0, 4), y) || !num(text.substr(5, 2), m) || !num(text.substr(8, 2), d)) return std::nullopt;
    const year_month_day date{year{y}, month{m}, day{d}};
    if (!date.ok()) return std::nullopt;
    return date;
}

}  // namespace borough::nlp
