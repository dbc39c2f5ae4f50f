// Cheap per-answer checks for survey analysis: non-answers ("n/a", "none", "-") that are counted but
// not themed, and exact-duplicate submissions (one person submitting twice, copy-paste campaigns).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace borough::nlp {

// True when `answer` says nothing: empty, or only whitespace, punctuation, symbols or emoji, or (ignoring ASCII case,
// punctuation and surrounding whitespace) one of a fixed list of refusals such as "n/a", "none",
// "nothing", "no", "-", "no comment(s)", "nothing to add", "not applicable", "don't know", "dk",
// "not sure", "no thanks", "nothing else". Conservative on purpose: "all good", "fine" and "ok" are
// answers. Pure and thread-safe; no allocation for answers longer than the longest listed phrase.
bool is_non_answer(std::string_view answer);

// Normalised form for exact-duplicate detection: ASCII letters lower-cased, apostrophes (' and U+2019)
// dropped, every other run of punctuation, symbols or whitespace collapsed to one space, no leading or
// trailing space. Non-ASCII letters and digits are kept byte for byte. Pure and thread-safe.
std::string duplicate_key(std::string_view text);

// Minimum length in bytes of a duplicate_key for two identical rows to count as a duplicate submission.
inline constexpr std::size_t kMinDuplicateKeyBytes = 20;

// Groups of row indices whose duplicate_key is identical and at least min_key_bytes long: likely the
// same submission made twice. `rows` holds each respondent's answers concatenated. Each group lists
// two or more indices in ascending order; groups are ordered by their first index. Short identical
// answers ("good service") never form a group. Thread-safe; O(total bytes) expected time.
std::vector<std::vector<std::size_t>> find_duplicate_submissions(const std::vector<std::string_view>& rows,
                                                                 std::size_t min_key_bytes = kMinDuplicateKeyBytes);

}  // namespace borough::nlp
