// The `news-angles` native action: a council report in (text, Markdown, Word, PDF, HTML); candidate stories
// for the press office out, each with its figures and quotes cited to sentence and page or section, as
// JSON, Markdown and DOCX. Extractive without a model, the same schema through the model with one.
#pragma once

#include "actions/context.h"
#include "actions/pipeline.h"
#include "core/result.h"

namespace borough::actions::news_angles {

// NativeAction entry (actions/builtin.cpp). Parameters: count (1-10 angles, default 5).
// Result: {title, method: "extractive" | "model: <generator name>", document: {...}, angles: [...]}
// (angle shape in news_angles.h). Errors: the reader's (InvalidInput naming the file), Cancelled, the
// model path's (see common::run_map_reduce).
[[nodiscard]] Result<ActionOutput> run_news_angles(const ActionDefinition& action, const ActionInput& input,
                                                   const Json& params, ActionContext& ctx);

}  // namespace borough::actions::news_angles
