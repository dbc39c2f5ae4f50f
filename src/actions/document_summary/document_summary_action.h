// The `document-summary` native action: a text, Markdown, Word, PDF or HTML document in; a title, summary
// and key points out, every key point citing its sentences with page or section ("[S12, p. 4]"), as JSON,
// Markdown and DOCX. Extractive (TextRank) without a model; with one, map-reduce over chunks.
#pragma once

#include "actions/context.h"
#include "actions/document_summary/document_source.h"
#include "actions/pipeline.h"
#include "core/result.h"

namespace borough::actions::document_summary {

// The model path: every chunk of sentences (sized to the model's context, at most
// action.strategy.chunk_tokens) is mapped to key points citing only its own sentences, in one
// generate_batch; the key points are reduced to the `length` count; one more call writes the title and
// summary prose from them. Citations that are not sentences of the chunk (or, after the reduce, of the
// document) are dropped with a warning. Prompts come from the action YAML (system, map, reduce, user).
// Returns the result without "method"; appends warnings. Errors: see common::run_map_reduce, and
// ModelOutputInvalid when no cited key point is left. Requires ctx.generator.
[[nodiscard]] Result<Json> summarise_with_model(const ActionDefinition& action, const DocumentSource& doc,
                                                const Json& params, ActionContext& ctx,
                                                std::vector<std::string>& warnings);

// NativeAction entry (actions/builtin.cpp). Parameters: length (short|medium|long), audience.
// Result: {title?, summary, key_points: [{text, citations: [{sentence, begin, end, page?, section?, ref?}]}],
// method: "extractive" | "model: <generator name>", document: {name, format, sentences, pages?, sections?}}.
// Errors: the reader's (InvalidInput naming the file), Cancelled, the model path's.
[[nodiscard]] Result<ActionOutput> run_document_summary(const ActionDefinition& action, const ActionInput& input,
                                                        const Json& params, ActionContext& ctx);

}  // namespace borough::actions::document_summary
