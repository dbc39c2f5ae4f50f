// Small string helpers shared by the readers and actions, so each does not carry its own copy.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace borough {

// `text` without leading and trailing ASCII whitespace (space, \t, \n, \v, \f, \r). Bytes of other
// characters, UTF-8 included, are never touched.
std::string_view trim_ascii_whitespace(std::string_view text);

// `text` with ASCII A-Z lower-cased; other bytes (UTF-8 included) unchanged.
std::string ascii_lower(std::string_view text);

// Levenshtein distance in bytes (insertions, deletions and substitutions each cost 1).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The extension of a file name with its dot, ASCII lower-cased: "Report.DOCX" → ".docx"; "" when the
// last path component has none (a leading dot, as in ".profile", is not an extension).
std::string lower_extension(std::string_view file_name);

// Runs of characters other than space, tab and newline.
std::size_t count_words(std::string_view text);

}  // namespace borough
