#include "actions/survey_analysis/svg_chart.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace borough::actions::survey {
namespace {

constexpr int kLabelWidth = 260;  // px for the category labels on the left
constexpr int kBarArea = 420;     // px for the bars
constexpr int kValueWidth = 110;  // px for the value text on the right
constexpr int kRowHeight = 26;
constexpr int kTop = 8;

// Labels longer than this are cut with an ellipsis (the full text stays in the <title>).
std::string clip_label(std::string_view label, std::size_t max_chars = 38) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < label.size(); ++i) {
        if ((static_cast<unsigned char>(label[i]) & 0xC0) != 0x80) {
            if (chars == max_chars) return std::string(label.substr(0, i)) + "…";
            ++chars;
        }
    }
    return std::string(label);
}

std::string format_number(double v) {
    if (std::abs(v - std::round(v)) < 1e-9) return fmt::format("{:.0f}", v);
    return fmt::format("{:.1f}", v);
}

}  // namespace

std::string escape_xml(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string horizontal_bar_chart(std::string_view title, const std::vector<Bar>& bars) {
    const int width = kLabelWidth + kBarArea + kValueWidth;
    const int height = kTop * 2 + kRowHeight * static_cast<int>(std::max<std::size_t>(bars.size(), 1));
    double max_value = 0;
    for (const auto& b : bars) max_value = std::max(max_value, b.value);
    std::string svg = fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 {} {}\" "
        "width=\"{}\" height=\"{}\"><title>{}</title>",
        width, height, width, height, escape_xml(title));
    int y = kTop;
    for (const auto& b : bars) {
        const double share = max_value > 0 ? b.value / max_value : 0;
        const int w = static_cast<int>(std::lround(share * kBarArea));
        svg += fmt::format(
            "<g><title>{}: {}{}</title>"
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"label\">{}</text>"
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" class=\"bar\"/>"
            "<text x=\"{}\" y=\"{}\" class=\"value\">{}{}</text></g>",
            escape_xml(b.label), format_number(b.value), b.note.empty() ? "" : " " + escape_xml(b.note),
            kLabelWidth - 8, y + 17, escape_xml(clip_label(b.label)), kLabelWidth, y + 4, std::max(w, 1),
            kRowHeight - 8, kLabelWidth + w + 6, y + 17, format_number(b.value),
            b.note.empty() ? "" : " " + escape_xml(b.note));
        y += kRowHeight;
    }
    svg += "</svg>";
    return svg;
}

std::string stacked_bar_chart(std::string_view title, const std::vector<Series>& series,
                              const std::vector<StackedRow>& rows) {
    const int width = kLabelWidth + kBarArea + kValueWidth;
    const int legend_height = 28;
    const int height =
        kTop * 2 + legend_height + kRowHeight * static_cast<int>(std::max<std::size_t>(rows.size(), 1));
    std::string svg = fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 {} {}\" "
        "width=\"{}\" height=\"{}\"><title>{}</title>",
        width, height, width, height, escape_xml(title));
    int x = kLabelWidth;
    for (const auto& s : series) {
        svg += fmt::format(
            "<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"14\" fill=\"{}\"/>"
            "<text x=\"{}\" y=\"{}\" class=\"legend\">{}</text>",
            x, kTop, escape_xml(s.colour), x + 18, kTop + 12, escape_xml(s.name));
        x += 24 + static_cast<int>(s.name.size()) * 8;
    }
    int y = kTop + legend_height;
    for (const auto& row : rows) {
        double total = 0;
        for (double v : row.values) total += v;
        svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"label\"><title>{}</title>{}</text>",
                           kLabelWidth - 8, y + 17, escape_xml(row.label), escape_xml(clip_label(row.label)));
        double offset = 0;
        for (std::size_t i = 0; i < series.size() && i < row.values.size(); ++i) {
            if (total <= 0 || row.values[i] <= 0) continue;
            const double share = row.values[i] / total;
            const double x0 = kLabelWidth + offset * kBarArea;
            const double w = share * kBarArea;
            svg += fmt::format(
                "<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\">"
                "<title>{} — {}: {} ({:.0f}%)</title></rect>",
                x0, y + 4, w, kRowHeight - 8, escape_xml(series[i].colour), escape_xml(row.label),
                escape_xml(series[i].name), format_number(row.values[i]), share * 100);
            offset += share;
        }
        svg += fmt::format("<text x=\"{}\" y=\"{}\" class=\"value\">n = {}</text>", kLabelWidth + kBarArea + 6,
                           y + 17, format_number(total));
        y += kRowHeight;
    }
    svg += "</svg>";
    return svg;
}

}  // namespace borough::actions::survey
