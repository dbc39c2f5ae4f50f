// TextRank sentence ranking with redundancy control (MMR-style) for extractive summaries.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "nlp/sentences.h"

namespace borough::nlp {

struct TextRankOptions {
    std::size_t max_sentences = 5;
    double damping = 0.85;
    int max_iterations = 100;
    double tolerance = 1e-6;
    // A candidate whose cosine similarity (TF-IDF) to an already chosen sentence is above this is skipped.
    double max_redundancy = 0.5;
    // Sentences with fewer content words than this are never chosen (headings, fragments).
    std::size_t min_content_words = 4;
    // When above 0, sentences are also taken, best first, only until their words reach this many (the
    // last one taken may pass it); max_sentences still caps the count.
    std::size_t max_words = 0;
};

struct ScoredSentence {
    std::size_t index = 0;  // index into the input span
    double score = 0;       // TextRank score; scores of all sentences sum to ~1
};

// Scores every sentence (graph of TF-IDF cosine similarities, power iteration). Deterministic.
// Returned in input order, one per sentence.
std::vector<ScoredSentence> rank_sentences(std::span<const Sentence> sentences, const TextRankOptions& options);

// Picks up to max_sentences by descending score, skipping redundant and too-short ones; returns the
// chosen indices in document order.
std::vector<std::size_t> select_summary(std::span<const Sentence> sentences, const TextRankOptions& options);

}  // namespace borough::nlp
