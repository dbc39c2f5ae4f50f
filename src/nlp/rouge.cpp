#include "nlp/rouge.h"

#include <algorithm>
#include <map>

#include "nlp/stemmer.h"
#include "nlp/tokenize.h"

namespace borough::nlp {
namespace {

RougeScore prf(double overlap, double candidate, double reference) {
    RougeScore s;
    s.precision = candidate > 0 ? overlap / candidate : 0;
    s.recall = reference > 0 ? overlap / reference : 0;
    s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0;
    return s;
}

RougeScore rouge_n(const std::vector<std::string>& c, const std::vector<std::string>& r, std::size_t n) {
    if (c.size() < n || r.size() < n) return {};
    std::map<std::vector<std::string>, int> ref;
    for (std::size_t i = 0; i + n <= r.size(); ++i) ++ref[{r.begin() + static_cast<std::ptrdiff_t>(i), r.begin() + static_cast<std::ptrdiff_t>(i + n)}];
    double overlap = 0;
    for (std::size_t i = 0; i + n <= c.size(); ++i) {
        auto it = ref.find({c.begin() + static_cast<std::ptrdiff_t>(i), c.begin() + static_cast<std::ptrdiff_t>(i + n)});
        if (it != ref.end() && it->second > 0) {
            --it->second;  // clipped: each reference n-gram matches once
            ++overlap;
        }
    }
    return prf(overlap, static_cast<double>(c.size() - n + 1), static_cast<double>(r.size() - n + 1));
}

RougeScore rouge_l(const std::vector<std::string>& c, const std::vector<std::string>& r) {
    if (c.empty() || r.empty()) return {};
    // Two-row dynamic programme: O(|c| x |r|) time, O(|r|) memory.
    std::vector<std::uint32_t> prev(r.size() + 1, 0), cur(r.size() + 1, 0);
    for (const auto& cw : c) {
        for (std::size_t j = 1; j <= r.size(); ++j) {
            cur[j] = cw == r[j - 1] ? prev[j - 1] + 1 : std::max(prev[j], cur[j - 1]);
        }
        std::swap(prev, cur);
    }
    return prf(prev[r.size()], static_cast<double>(c.size()), static_cast<double>(r.size()));
}

}  // namespace

Result<std::unique_ptr<RougeScorer>> RougeScorer::create() {
    BOROUGH_TRY(auto stemmer, Stemmer::create());
    return std::unique_ptr<RougeScorer>(new RougeScorer(std::move(stemmer)));
}

RougeScorer::RougeScorer(std::unique_ptr<Stemmer> stemmer) : stemmer_(std::move(stemmer)) {}
RougeScorer::~RougeScorer() = default;

std::vector<std::string> RougeScorer::tokens(std::string_view text) {
    std::vector<std::string> out;
    for (const auto& w : word_tokens(text)) out.emplace_back(stemmer_->stem(w));
    return out;
}

RougeScores RougeScorer::score(std::string_view candidate, std::string_view reference) {
    const auto c = tokens(candidate);
    const auto r = tokens(reference);
    return {rouge_n(c, r, 1), rouge_n(c, r, 2), rouge_l(c, r)};
}

std::string first_words(std::string_view text, std::size_t words) {
    std::size_t i = 0, count = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t')) ++i;
        if (i >= text.size()) break;
        if (count == words) return std::string(text.substr(0, i));
        while (i < text.size() && text[i] != ' ' && text[i] != '\n' && text[i] != '\t') ++i;
        ++count;
    }
    return std::string(text);
}

}  // namespace borough::nlp
