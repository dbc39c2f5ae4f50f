// ROUGE-N and ROUGE-L (Lin, 2004) for measuring summaries and minutes against reference texts in
// `borough eval`. Tokens: lower-cased words (nlp::word_tokens), Snowball-stemmed like ROUGE's -m.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace borough::nlp {

class Stemmer;

struct RougeScore {
    double precision = 0;
    double recall = 0;
    double f1 = 0;
};

struct RougeScores {
    RougeScore rouge1, rouge2, rouge_l;
};

// Not thread-safe (owns a stemmer); make one per thread.
class RougeScorer {
public:
    // Unavailable when the stemmer cannot be created.
    [[nodiscard]] static Result<std::unique_ptr<RougeScorer>> create();
    ~RougeScorer();
    RougeScorer(const RougeScorer&) = delete;
    RougeScorer& operator=(const RougeScorer&) = delete;

    // The scorer's tokens of `text`.
    std::vector<std::string> tokens(std::string_view text);
    // ROUGE-1/2 (clipped n-gram overlap) and ROUGE-L (longest common subsequence, F with beta 1),
    // over the whole texts. Empty candidate or reference scores 0.
    RougeScores score(std::string_view candidate, std::string_view reference);

private:
    explicit RougeScorer(std::unique_ptr<Stemmer> stemmer);
    std::unique_ptr<Stemmer> stemmer_;
};

// The first `words` whitespace-separated words of `text` (all of it when shorter).
std::string first_words(std::string_view text, std::size_t words);

}  // namespace borough::nlp
