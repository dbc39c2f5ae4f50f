// Figures in council prose for news-angles: amounts of money, percentages, counts of people or things,
// dates and changes ("£1.2m", "12 per cent", "1,046 residents", "April 2026", "doubled"), with their units.
// Deterministic pattern rules over one sentence; no model.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace borough::actions::news_angles {

enum class FigureKind { Money, Percent, Count, Date, Change };
std::string_view to_string(FigureKind kind);  // "money", "percent", "count", "date", "change"

struct Figure {
    FigureKind kind = FigureKind::Count;
    std::string text;             // as written: "£1.2m", "12 per cent", "1,046 residents", "doubled"
    std::optional<double> value;  // normalised: £1.2m → 1200000, 12 per cent → 12; none for dates/changes
    std::string unit;             // "GBP", "%", the counted noun ("residents"), "" for dates and changes
    std::size_t begin = 0;        // byte range of `text` in the sentence
    std::size_t end = 0;
};

// Figures in `sentence`, in order of position, non-overlapping. A number inside a word or code
// ("B1234", "COVID-19"), a paragraph number ("3.2.1") or a bare small number with no unit is not a
// figure; a four-digit year alone is a Date. Thread-safe.
[[nodiscard]] std::vector<Figure> find_figures(std::string_view sentence);

// Up to `words` words either side of [begin, end) in `sentence`, not crossing ; : ( ) or a dash, so a
// figure keeps the words that say what it counts ("rent arrears rose to £2.4m this year").
[[nodiscard]] std::string figure_context(std::string_view sentence, std::size_t begin, std::size_t end,
                                         std::size_t words = 6);

}  // namespace borough::actions::news_angles
