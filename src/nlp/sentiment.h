// Rule-based sentiment of short free-text answers: VADER (Hutto & Gilbert 2014) reimplemented from the
// published algorithm over the VADER lexicon embedded at build time, plus British spelling, a small
// lexicon of British/council-housing words and a few service-feedback rules of our own. No models.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"

namespace borough::nlp {

enum class SentimentLabel { Positive, Negative, Neutral, Mixed };

// "positive", "negative", "neutral", "mixed".
std::string_view to_string(SentimentLabel label);

struct SentimentScore {
    double compound = 0;  // normalised sum of valences, in [-1, 1]
    double positive = 0;  // proportions of the text's weight that is positive / negative / neutral;
    double negative = 0;  // they sum to 1 when the text has any word, else all three are 0
    double neutral = 0;
    SentimentLabel label = SentimentLabel::Neutral;
};

// Label rule. Mixed when the smaller of the positive and negative proportions is at least
// mixed_share and |compound| < mixed_max_compound (praise and complaint in similar measure), or when a
// "but" turns the answer's polarity round and the smaller proportion is at least mixed_share / 2.
// Otherwise Positive when compound >= positive_compound, Negative when compound <= -positive_compound,
// else Neutral. Defaults: VADER's ±0.05; the Mixed shares were checked on the evaluation sets.
struct SentimentThresholds {
    double positive_compound = 0.05;
    double mixed_share = 0.2;
    double mixed_max_compound = 0.5;
};

class SentimentAnalyzer {
public:
    // Parses the embedded VADER lexicon and adds the UK additions. Fails (Internal) only when the
    // embedded lexicon is missing or malformed, naming the line.
    [[nodiscard]] static Result<SentimentAnalyzer> create(SentimentThresholds thresholds = {});

    // Scores one answer of any length. Never fails: invalid UTF-8 bytes and unknown words are neutral.
    // Thread-safe (const, no shared mutable state); allocates only a few per-call buffers.
    SentimentScore score(std::string_view text) const;

    // Mean valence (-4..4) of a single lower-case word in the VADER lexicon only (no UK additions),
    // or 0 when absent. Used by the plain baseline.
    double vader_valence(std::string_view lower_word) const;

    // Number of single-word entries: VADER, UK additions, British spellings and the rules' words.
    std::size_t lexicon_size() const { return words_.size(); }

    // One lexicon word or phrase as score() sees it (flag and special ids are internal to sentiment.cpp).
    struct Entry {
        float valence = 0;         // merged valence used by score()
        float vader_valence = 0;   // VADER's own mean, 0 when VADER lacks the word
        float booster = 0;         // +0.293 / -0.293 for intensifiers and dampeners, else 0
        std::uint16_t flags = 0;   // Flag bits (sentiment.cpp)
        std::uint8_t special = 0;  // id of a word the rules name ("no", "but", "least", ...)
    };

    // The entry of a lower-case single word / space-joined phrase, or nullptr. Thread-safe.
    const Entry* find(std::string_view lower) const;
    const Entry* find_phrase(std::string_view lower) const;

private:
    struct StringHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    using Map = std::unordered_map<std::string, Entry, StringHash, std::equal_to<>>;

    SentimentAnalyzer() = default;
    Entry& add_word(std::string_view lower);
    SentimentLabel label_for(const SentimentScore& score, bool polarity_turned) const;

    Map words_;    // single tokens
    Map phrases_;  // 2-3 word phrases joined by single spaces ("fed up", "kind of", "called back")
    SentimentThresholds thresholds_;
};

// Baseline for evaluation: counts words whose VADER mean valence is positive vs negative (same
// lexicon and tokeniser, no rules: no negation, boosters, but-clauses, UK spelling or UK words) and
// labels by the sign of the difference; a tie is Neutral. Never returns Mixed. Thread-safe.
SentimentLabel plain_lexicon_label(const SentimentAnalyzer& analyzer, std::string_view text);

}  // namespace borough::nlp
