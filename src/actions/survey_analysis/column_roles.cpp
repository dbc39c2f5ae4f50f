#include "actions/survey_analysis/column_roles.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string_view>
#include <unordered_set>

#include <fmt/format.h>

#include "core/strings.h"

namespace borough::actions::survey {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::size_t code_points(std::string_view s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool is_number(std::string_view s) {
    if (s.empty()) return false;
    double v = 0;
    const auto* end = s.data() + s.size();
    auto [p, ec] = std::from_chars(s.data(), end, v);
    return ec == std::errc{} && p == end;
}

bool is_date(std::string_view s) {
    // 2026-09-15[...] or 15/09/2026 or 15/09/26: digits separated by - or /.
    if (s.size() < 8) return false;
    int digits = 0, seps = 0;
    for (std::size_t i = 0; i < std::min<std::size_t>(s.size(), 10); ++i) {
        const char c = s[i];
        if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
            ++digits;
        } else if (c == '-' || c == '/' || c == '.') {
            ++seps;
        } else {
            return false;
        }
    }
    return seps == 2 && digits >= 6;
}

std::size_t words(std::string_view s) {
    std::size_t n = 0;
    bool in_word = false;
    for (char c : s) {
        const bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
        if (!space && !in_word) ++n;
        in_word = !space;
    }
    return n;
}

bool looks_like_id_name(std::string_view name) {
    const std::string n = lower(name);
    for (std::string_view hint : {"id", "ref", "respondent", "response no", "response number", "urn", "case"}) {
        if (n == hint || n.find(std::string(hint) + " ") != std::string::npos ||
            n.find(" " + std::string(hint)) != std::string::npos || n.ends_with(hint)) {
            return true;
        }
    }
    return false;
}

Result<std::size_t> find_column(const io::Table& table, std::string_view wanted, std::string_view field) {
    const std::string_view w = trim_ascii_whitespace(wanted);
    std::size_t number = 0;
    if (auto [p, ec] = std::from_chars(w.data(), w.data() + w.size(), number);
        ec == std::errc{} && p == w.data() + w.size() && number >= 1 && number <= table.header.size()) {
        return number - 1;
    }
    if (auto c = table.column(w)) return *c;
    std::string names;
    for (const auto& h : table.header) names += (names.empty() ? "\"" : ", \"") + h + "\"";
    return fail(ErrorCode::InvalidInput,
                fmt::format("{}: no column named \"{}\"; the columns are {}", table.source, w, names),
                std::string(field));
}

}  // namespace

ColumnStats column_stats(const io::Table& table, std::size_t column) {
    ColumnStats s;
    std::unordered_set<std::string_view> distinct;
    std::size_t chars = 0, multi = 0, numeric = 0, dates = 0;
    for (const auto& row : table.rows) {
        if (column >= row.cells.size()) continue;
        const std::string_view v = trim_ascii_whitespace(row.cells[column]);
        if (v.empty()) continue;
        ++s.non_empty;
        distinct.insert(v);
        chars += code_points(v);
        if (words(v) >= 3) ++multi;
        if (is_number(v)) ++numeric;
        if (is_date(v)) ++dates;
    }
    s.distinct = distinct.size();
    if (s.non_empty > 0) {
        const auto n = static_cast<double>(s.non_empty);
        s.mean_chars = static_cast<double>(chars) / n;
        s.multi_word_share = static_cast<double>(multi) / n;
        s.numeric_share = static_cast<double>(numeric) / n;
        s.date_share = static_cast<double>(dates) / n;
    }
    return s;
}

Result<ColumnRoles> resolve_column_roles(const io::Table& table, const ColumnChoice& choice) {
    ColumnRoles roles;
    std::vector<int> taken(table.header.size(), 0);
    auto claim = [&](std::size_t c, std::string_view field) -> Status {
        if (taken[c] != 0) {
            return fail(ErrorCode::InvalidInput,
                        fmt::format("column \"{}\" is given two roles (question, id or segment)", table.header[c]),
                        std::string(field));
        }
        taken[c] = 1;
        return {};
    };

    for (const auto& q : choice.questions) {
        BOROUGH_TRY(auto c, find_column(table, q, "columns"));
        BOROUGH_TRY_STATUS(claim(c, "columns"));
        roles.questions.push_back(c);
    }
    if (!choice.id.empty() && lower(choice.id) != "none") {
        BOROUGH_TRY(auto c, find_column(table, choice.id, "id_column"));
        BOROUGH_TRY_STATUS(claim(c, "id_column"));
        roles.id = c;
    }
    for (const auto& seg : choice.segments) {
        BOROUGH_TRY(auto c, find_column(table, seg, "segment"));
        BOROUGH_TRY_STATUS(claim(c, "segment"));
        roles.segments.push_back(c);
    }

    std::vector<ColumnStats> stats;
    stats.reserve(table.header.size());
    for (std::size_t c = 0; c < table.header.size(); ++c) stats.push_back(column_stats(table, c));
    const double rows = static_cast<double>(std::max<std::size_t>(table.rows.size(), 1));

    if (choice.id.empty()) {
        for (std::size_t c = 0; c < table.header.size(); ++c) {
            const auto& s = stats[c];
            if (taken[c] != 0 || s.non_empty == 0) continue;
            const bool unique = s.distinct == s.non_empty && static_cast<double>(s.non_empty) >= 0.95 * rows;
            if (unique && s.mean_chars <= 24 && s.multi_word_share < 0.2 &&
                (looks_like_id_name(table.header[c]) || c == 0)) {
                roles.id = c;
                taken[c] = 1;
                roles.detected = true;
                roles.notes.push_back(fmt::format("\"{}\" is the respondent id: every value is unique",
                                                  table.header[c]));
                break;
            }
        }
    }
    if (choice.questions.empty()) {
        for (std::size_t c = 0; c < table.header.size(); ++c) {
            const auto& s = stats[c];
            if (taken[c] != 0 || s.non_empty == 0) continue;
            const double varied = static_cast<double>(s.distinct) / static_cast<double>(s.non_empty);
            if (s.mean_chars >= 20 && s.multi_word_share >= 0.5 && varied >= 0.05 && s.numeric_share < 0.5 &&
                s.date_share < 0.5) {
                roles.questions.push_back(c);
                taken[c] = 1;
                roles.detected = true;
                roles.notes.push_back(fmt::format(
                    "\"{}\" is a free-text question: {:.0f}% of its {} answers have 3 or more words, {:.0f} "
                    "characters on average",
                    table.header[c], s.multi_word_share * 100, s.non_empty, s.mean_chars));
            }
        }
    }
    if (choice.segments.empty()) {
        for (std::size_t c = 0; c < table.header.size(); ++c) {
            const auto& s = stats[c];
            if (taken[c] != 0 || s.non_empty == 0) continue;
            const bool few_values = s.distinct >= 2 && s.distinct <= 30 &&
                                    static_cast<double>(s.distinct) <= std::max(0.5 * rows, 2.0);
            if (few_values && s.mean_chars <= 40 && s.date_share < 0.5) {
                roles.segments.push_back(c);
                taken[c] = 1;
                roles.detected = true;
                roles.notes.push_back(
                    fmt::format("\"{}\" is a segment: {} distinct values", table.header[c], s.distinct));
            }
        }
    }
    if (roles.questions.empty()) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("{}: no free-text question column found (none has mostly answers of 3 or more "
                                "words); name them with --columns \"Question 1,Question 2\"",
                                table.source),
                    "columns");
    }
    return roles;
}

}  // namespace borough::actions::survey
