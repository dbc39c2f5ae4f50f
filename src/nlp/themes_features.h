// Theme features of survey answers: stemmed content unigrams, adjacent content bigrams and
// direction-cue bigrams ("more parking" -> more_park, "too many cars" -> less_car), with the most
// frequent surface word per stem for readable labels. Used by themes.cpp and themes_codebook.cpp.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "nlp/stemmer.h"
#include "nlp/tfidf.h"

namespace borough::nlp {

enum class TermKind : std::uint8_t { Unigram, Bigram, CueBigram };

// Quantity direction of a cue: More (more, not enough, lack of, too few), Less (less, fewer, too many,
// too much), Absent ("no X": could mean either, so it never counts towards a direction split).
enum class Direction : std::uint8_t { More, Less, Absent };

struct ThemeTerm {
    TermKind kind = TermKind::Unigram;
    std::uint32_t first = 0;   // stem id; for CueBigram the Direction as an integer
    std::uint32_t second = 0;  // stem id (== first for Unigram)
};

// Interns words, stems and terms while answers are added. Not thread-safe (it owns a Stemmer).
class ThemeFeaturizer {
public:
    [[nodiscard]] static Result<std::unique_ptr<ThemeFeaturizer>> create();

    // Appends one row of term counts for `text` to `out` (an empty row when it has no content words).
    void add(std::string_view text, TermCounts& out);

    // Distinct content stem ids of `text` in order of first appearance (interning new ones); used to
    // match codebook keywords.
    std::vector<std::uint32_t> content_stems(std::string_view text);

    [[nodiscard]] std::size_t term_count() const { return terms_.size(); }
    [[nodiscard]] const ThemeTerm& term(std::uint32_t id) const { return terms_[id]; }
    // Term id of the unigram of `stem`, or kNoColumn when it never occurred as a term.
    [[nodiscard]] std::uint32_t unigram_term(std::uint32_t stem) const;

    // Most frequent surface word of every stem (ties: the word seen first); index = stem id.
    [[nodiscard]] std::vector<std::string> stem_surfaces() const;
    // "parking", "waiting time", "more parking", built from stem_surfaces().
    [[nodiscard]] std::string term_label(std::uint32_t id, const std::vector<std::string>& surfaces) const;

private:
    explicit ThemeFeaturizer(std::unique_ptr<Stemmer> stemmer) : stemmer_(std::move(stemmer)) {}
    std::uint32_t stem_of_word(const std::string& word);
    std::uint32_t intern_term(TermKind kind, std::uint32_t first, std::uint32_t second);

    std::unique_ptr<Stemmer> stemmer_;
    std::unordered_map<std::string, std::uint32_t> word_ids_;
    std::vector<std::uint32_t> word_stems_;
    std::vector<std::uint32_t> word_counts_;
    std::vector<const std::string*> word_names_;  // points at word_ids_ keys (node-stable)
    std::unordered_map<std::string, std::uint32_t> stem_ids_;
    std::size_t stem_count_ = 0;
    std::unordered_map<std::uint64_t, std::uint32_t> term_ids_;
    std::vector<ThemeTerm> terms_;
    std::vector<std::uint32_t> row_terms_;  // scratch for add()
};

}  // namespace borough::nlp
