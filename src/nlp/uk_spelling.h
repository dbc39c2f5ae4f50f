// British → American spelling for lower-case word tokens, so that lexicons written in American English
// (VADER) also score answers written in British English ("colour", "organised", "travelled").
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace borough::nlp {

// An immutable table built once from a fixed, built-in list of stems and their inflections. Construct
// it once and share it: lookups are const and thread-safe. Construction cannot fail.
class UkSpelling {
public:
    UkSpelling();

    // The American form of a lower-case British word ("favourite" → "favorite"), or `word` itself when
    // the table has no entry. The returned view points into this object or into `word`.
    std::string_view to_american(std::string_view word) const;

    // True when `word` is a British form in the table.
    bool contains(std::string_view word) const;

    // Number of British → American pairs after expanding inflections.
    std::size_t size() const { return map_.size(); }

    // Every pair, sorted by the British form (for documentation and tests).
    std::vector<std::pair<std::string, std::string>> pairs() const;

private:
    struct StringHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, std::string, StringHash, std::equal_to<>> map_;
};

}  // namespace borough::nlp
