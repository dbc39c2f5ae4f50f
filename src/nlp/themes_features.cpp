#include "nlp/themes_features.h"

#include <algorithm>
#include <array>
#include <optional>

#include "nlp/tokenize.h"

namespace borough::nlp {
namespace {

// Words that carry no theme in survey answers beyond the general stop list (fillers and vague
// quantities). Generic English, not tuned to any data set. Sorted for binary search.
constexpr std::array<std::string_view, 21> kFillerWords = {
    "bit",  "etc", "even", "ever",  "every",  "get",   "gets",  "got",    "lot", "lots", "many",
    "much", "ok",  "okay", "quite", "really", "still", "thing", "things", "yes", "yet",
};
static_assert(std::is_sorted(kFillerWords.begin(), kFillerWords.end()));

bool is_filler(std::string_view word) { return std::binary_search(kFillerWords.begin(), kFillerWords.end(), word); }

bool has_digit(std::string_view word) {
    return std::any_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

struct Cue {
    Direction direction;
    std::size_t tokens;  // how many tokens the cue spans
};

std::optional<Cue> cue_at(const std::vector<std::string>& tokens, std::size_t i) {
    const std::string_view t = tokens[i];
    const std::string_view next = i + 1 < tokens.size() ? std::string_view(tokens[i + 1]) : std::string_view();
    if (t == "more") return Cue{Direction::More, 1};
    if (t == "less" || t == "fewer") return Cue{Direction::Less, 1};
    if (t == "no") return Cue{Direction::Absent, 1};
    if (t == "not" && next == "enough") return Cue{Direction::More, 2};
    if (t == "lack" && next == "of") return Cue{Direction::More, 2};
    if (t == "too" && (next == "many" || next == "much")) return Cue{Direction::Less, 2};
    if (t == "too" && (next == "few" || next == "little")) return Cue{Direction::More, 2};
    return std::nullopt;
}

// "do not build more parking", "never less than": a negation shortly before a more/less cue reverses
// it. Words ending in "n't" count too.
bool is_negation(std::string_view t) {
    return t == "not" || t == "never" || t == "stop" || t == "no" || (t.size() > 3 && t.substr(t.size() - 3) == "n't");
}
constexpr std::size_t kNegationReach = 3;  // tokens before a cue searched for a negation

Direction reverse(Direction d) {
    return d == Direction::More ? Direction::Less : d == Direction::Less ? Direction::More : d;
}

constexpr std::uint32_t kNoStem = 0xFFFFFFFFU;
// Content words further apart than this many skipped tokens do not form a bigram; a cue must find
// its object within the same distance.
constexpr std::size_t kMaxGap = 3;

}  // namespace

Result<std::unique_ptr<ThemeFeaturizer>> ThemeFeaturizer::create() {
    BOROUGH_TRY(auto stemmer, Stemmer::create());
    return std::unique_ptr<ThemeFeaturizer>(new ThemeFeaturizer(std::move(stemmer)));
}

std::uint32_t ThemeFeaturizer::stem_of_word(const std::string& word) {
    auto it = word_ids_.find(word);
    if (it == word_ids_.end()) {
        const std::string stem(stemmer_->stem(word));
        auto [stem_it, inserted] = stem_ids_.try_emplace(stem, static_cast<std::uint32_t>(stem_count_));
        if (inserted) {
            ++stem_count_;
        }
        it = word_ids_.emplace(word, static_cast<std::uint32_t>(word_stems_.size())).first;
        word_stems_.push_back(stem_it->second);
        word_counts_.push_back(0);
        word_names_.push_back(&it->first);
    }
    ++word_counts_[it->second];
    return word_stems_[it->second];
}

std::uint32_t ThemeFeaturizer::intern_term(TermKind kind, std::uint32_t first, std::uint32_t second) {
    const std::uint64_t key =
        (static_cast<std::uint64_t>(kind) << 62) | (static_cast<std::uint64_t>(first) << 31) | second;
    const auto [it, inserted] = term_ids_.try_emplace(key, static_cast<std::uint32_t>(terms_.size()));
    if (inserted) {
        terms_.push_back(ThemeTerm{kind, first, second});
    }
    return it->second;
}

std::uint32_t ThemeFeaturizer::unigram_term(std::uint32_t stem) const {
    const std::uint64_t key =
        (static_cast<std::uint64_t>(TermKind::Unigram) << 62) | (static_cast<std::uint64_t>(stem) << 31) | stem;
    const auto it = term_ids_.find(key);
    return it == term_ids_.end() ? kNoColumn : it->second;
}

void ThemeFeaturizer::add(std::string_view text, TermCounts& out) {
    const std::vector<std::string> tokens = word_tokens(text);
    row_terms_.clear();
    std::uint32_t previous = kNoStem;
    std::size_t gap = 0;
    bool has_cue = false;  // a cue waits for its object (a plain flag: optional<enum> trips -Wmaybe-uninitialized)
    Direction cue = Direction::Absent;
    std::size_t cue_gap = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (const auto found = cue_at(tokens, i)) {
            has_cue = true;
            cue = found->direction;
            if (found->tokens == 1 && cue != Direction::Absent) {
                for (std::size_t back = 1; back <= kNegationReach && back <= i; ++back) {
                    if (is_negation(tokens[i - back])) {
                        cue = reverse(cue);
                        break;
                    }
                }
            }
            cue_gap = 0;
            previous = kNoStem;  // "parking more buses" is not about parking buses
            i += found->tokens - 1;
            continue;
        }
        const std::string& token = tokens[i];
        if (token.size() < 2 || has_digit(token) || is_stopword(token) || is_filler(token)) {
            ++gap;
            if (has_cue && ++cue_gap >= kMaxGap) {
                has_cue = false;
            }
            continue;
        }
        const std::uint32_t stem = stem_of_word(token);
        row_terms_.push_back(intern_term(TermKind::Unigram, stem, stem));
        if (previous != kNoStem && previous != stem && gap < kMaxGap) {
            row_terms_.push_back(intern_term(TermKind::Bigram, previous, stem));
        }
        if (has_cue) {
            row_terms_.push_back(intern_term(TermKind::CueBigram, static_cast<std::uint32_t>(cue), stem));
            has_cue = false;
        }
        previous = stem;
        gap = 0;
    }
    std::sort(row_terms_.begin(), row_terms_.end());
    for (std::size_t i = 0; i < row_terms_.size();) {
        std::size_t j = i;
        while (j < row_terms_.size() && row_terms_[j] == row_terms_[i]) {
            ++j;
        }
        out.terms.push_back(row_terms_[i]);
        out.counts.push_back(static_cast<std::uint32_t>(j - i));
        i = j;
    }
    out.offsets.push_back(out.terms.size());
}

std::vector<std::uint32_t> ThemeFeaturizer::content_stems(std::string_view text) {
    std::vector<std::uint32_t> stems;
    for (const std::string& token : word_tokens(text)) {
        if (token.size() < 2 || has_digit(token) || is_stopword(token) || is_filler(token)) {
            continue;
        }
        const std::uint32_t stem = stem_of_word(token);
        if (std::find(stems.begin(), stems.end(), stem) == stems.end()) {
            stems.push_back(stem);
        }
    }
    return stems;
}

std::vector<std::string> ThemeFeaturizer::stem_surfaces() const {
    std::vector<std::uint32_t> best(stem_count_, kNoStem);
    for (std::uint32_t w = 0; w < word_stems_.size(); ++w) {
        std::uint32_t& b = best[word_stems_[w]];
        if (b == kNoStem || word_counts_[w] > word_counts_[b]) {
            b = w;
        }
    }
    std::vector<std::string> surfaces(stem_count_);
    for (std::size_t s = 0; s < stem_count_; ++s) {
        if (best[s] != kNoStem) {
            surfaces[s] = *word_names_[best[s]];
        }
    }
    return surfaces;
}

std::string ThemeFeaturizer::term_label(std::uint32_t id, const std::vector<std::string>& surfaces) const {
    const ThemeTerm& t = terms_[id];
    switch (t.kind) {
        case TermKind::Unigram:
            return surfaces[t.first];
        case TermKind::Bigram:
            return surfaces[t.first] + " " + surfaces[t.second];
        case TermKind::CueBigram:
            switch (static_cast<Direction>(t.first)) {
                case Direction::More:
                    return "more " + surfaces[t.second];
                case Direction::Less:
                    return "less " + surfaces[t.second];
                case Direction::Absent:
                    return "no " + surfaces[t.second];
            }
    }
    return {};
}

}  // namespace borough::nlp
