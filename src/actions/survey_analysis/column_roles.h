// Which columns of a survey export are free-text questions, which is the respondent id and which are
// segments (ward, age band, tenure…) for breakdowns: chosen by the user, or detected from the values.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "io/table.h"

namespace borough::actions::survey {

struct ColumnStats {
    std::size_t non_empty = 0;
    std::size_t distinct = 0;       // distinct non-empty values (trimmed)
    double mean_chars = 0;          // mean length of non-empty values, in UTF-8 code points
    double multi_word_share = 0;    // share of non-empty values with ≥ 3 words
    double numeric_share = 0;       // share of non-empty values that are numbers
    double date_share = 0;          // share that look like dates (2026-09-15, 15/09/2026)
};

struct ColumnRoles {
    std::vector<std::size_t> questions;  // column indices, in table order
    std::optional<std::size_t> id;
    std::vector<std::size_t> segments;
    bool detected = false;  // true when any role was inferred rather than given
    std::vector<std::string> notes;  // why each detected column got its role, for the report
};

struct ColumnChoice {
    std::vector<std::string> questions;  // names (case-insensitive) or 1-based numbers; empty = detect
    std::string id;                      // "" = detect, "none" = no id column
    std::vector<std::string> segments;   // empty = detect
};

ColumnStats column_stats(const io::Table& table, std::size_t column);

// Resolves the user's choice against the header, detecting what was left open. Errors (InvalidInput,
// field "columns" / "segment" / "id_column"): an unknown column name (the message lists the header), a
// column given two roles, or no question column found (the message says how to choose one).
[[nodiscard]] Result<ColumnRoles> resolve_column_roles(const io::Table& table, const ColumnChoice& choice);

}  // namespace borough::actions::survey
