// Self-contained SVG bar charts for the survey HTML report: no script and no external assets, so the
// report opens from disk, prints, and passes a strict Content-Security-Policy. Text is XML-escaped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace borough::actions::survey {

struct Bar {
    std::string label;
    double value = 0;
    std::string note;  // printed after the value, e.g. "(23%)"
};

// Horizontal bars, longest first as given. `title` becomes the SVG <title> (its accessible name).
std::string horizontal_bar_chart(std::string_view title, const std::vector<Bar>& bars);

struct Series {
    std::string name;
    std::string colour;  // CSS colour, e.g. "#00703c"
};

struct StackedRow {
    std::string label;
    std::vector<double> values;  // one per series, counts (drawn as shares of the row's total)
};

// One 100%-stacked horizontal bar per row, with a legend; each segment carries a <title> with its count
// and share so a person can hover to read it.
std::string stacked_bar_chart(std::string_view title, const std::vector<Series>& series,
                              const std::vector<StackedRow>& rows);

// Escapes & < > " ' for XML/HTML text and attribute values.
std::string escape_xml(std::string_view text);

}  // namespace borough::actions::survey
