// document-summary's native extractive step: TextRank key points, each citing its own sentence, and a
// summary made from the top-ranked of them. Used when no language model is configured.
#pragma once

#include "actions/context.h"
#include "core/json.h"
#include "core/result.h"

namespace borough::actions::document_summary {

// Number of key points for the `length` parameter: short 3, medium 5, long 8.
[[nodiscard]] std::size_t points_for_length(std::string_view length);

// The `words` parameter (a word budget for the key points): 0 when absent or not a positive integer.
[[nodiscard]] std::size_t word_budget(const Json& params);

// Key points for a model asked to write about `words` words: one per ~25 words, 3 to 20.
[[nodiscard]] std::size_t points_for_words(std::size_t words);

// params: {"length": "short"|"medium"|"long", "words"?: integer, "audience"?: string}. With a word
// budget, key points are taken best first until their words reach it, and `length` is not used. Result matches the
// action's output_schema: {title?, summary, key_points: [{text, citations: [{sentence, begin, end}]}], method}.
// Cancelled when ctx.stop is requested. Deterministic.
[[nodiscard]] Result<Json> summarise_extractive(const SourceText& source, const Json& params, ActionContext& ctx);

}  // namespace borough::actions::document_summary
