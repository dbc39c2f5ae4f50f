// Assigns survey answers to a council's standing codebook (named themes with descriptions and
// keywords) before new themes are discovered, so that survey waves can be compared.
#pragma once

#include <cstddef>
#include <span>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace borough::nlp {

struct CodebookEntry {
    std::string name;
    std::string description;
    std::vector<std::string> keywords;  // words or phrases ("repairs", "waiting time")
};

struct CodebookOptions {
    // score = TF-IDF cosine(answer, description + keywords) + keyword_bonus when every stem of some
    // keyword occurs in the answer. An entry counts when score >= min_score.
    double min_score = 0.2;
    double keyword_bonus = 0.5;
    std::size_t max_entries_per_answer = 3;
};

struct CodebookAssignment {
    std::vector<std::vector<std::size_t>> entry_members;   // per entry: answer indices, ascending
    std::vector<std::vector<std::size_t>> answer_entries;  // per answer: entry indices, best first
    std::vector<std::size_t> unmatched;                    // answers with no entry, for new themes
};

// Deterministic; thread-safe (each call owns its stemmer). Errors: InvalidInput naming
// "codebook[i].name" for an empty name or "codebook[i]" for an entry without usable words;
// Cancelled; Unavailable without a stemmer.
[[nodiscard]] Result<CodebookAssignment> assign_to_codebook(std::span<const std::string_view> answers,
                                                            std::span<const CodebookEntry> codebook,
                                                            const CodebookOptions& options, std::stop_token stop);

}  // namespace borough::nlp
