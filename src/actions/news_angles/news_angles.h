// News angles: candidate stories for a council press office from a report, each with a headline-style
// line, why it is newsworthy, the figures and quotes behind it, and citations to sentence and page or
// section. Extractive ranking by cue words and figures; the model path keeps the same result shape.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "actions/context.h"
#include "actions/document_summary/document_source.h"
#include "actions/pipeline.h"
#include "core/json.h"
#include "core/result.h"

namespace borough::actions::news_angles {

using document_summary::DocumentSource;

// Why a sentence might make a story. Kept as strings in the result: "change", "scale", "cost",
// "people", "first".
enum class Reason { Change, Scale, Cost, People, First };
std::string_view to_string(Reason reason);

struct ReasonHit {
    Reason reason = Reason::Change;
    std::string detail;  // the words or figure that triggered it: "rose", "£1.2m", "1,046 residents"
};

// The reasons one sentence gives, each at most once, in the order above. Thread-safe.
[[nodiscard]] std::vector<ReasonHit> newsworthy_reasons(std::string_view sentence);

// Angles by the extractive method: sentences ranked by reasons and figures (headings and sentences
// under six words never lead), at most `count`, no two leading from near-identical sentences. Each angle
// gathers the figures of its lead and of up to two neighbouring sentences of its section, and the quotes
// of its section. Result: [{rank, headline, why: [{reason, detail}], figures: [{text, kind, value?, unit?,
// context, citation}], quotes: [{text, speaker?, citation}], citations: [...]}], possibly empty.
// Cancelled when ctx.stop is requested. Deterministic.
[[nodiscard]] Result<Json> extract_angles(const DocumentSource& doc, std::size_t count, ActionContext& ctx);

// The same result shape by the model (requires ctx.generator): map-reduce over sentence chunks with the
// action's prompts, citations checked per chunk; a figure whose number is not in its cited sentences or
// a quote not found in the document is dropped with a warning, and so is an angle left citing nothing.
[[nodiscard]] Result<Json> model_angles(const ActionDefinition& action, const DocumentSource& doc, std::size_t count,
                                        const Json& params, ActionContext& ctx, std::vector<std::string>& warnings);

// A headline-style line from a sentence: leading connectives ("However,") dropped, cut at a clause
// break to about 14 words, no final full stop, first letter capitalised.
[[nodiscard]] std::string headline_from(std::string_view sentence);

}  // namespace borough::actions::news_angles
