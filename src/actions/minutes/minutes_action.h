// The `meeting-minutes` native action: a transcript (text, WebVTT, SRT, JSON, Teams .docx) in; minutes
// in the chosen style out, as the JSON result, Markdown and DOCX, every statement citing its turn.
#pragma once

#include "actions/context.h"
#include "actions/pipeline.h"
#include "core/result.h"

namespace borough::actions::minutes {

// NativeAction entry (actions/builtin.cpp). Parameters: style (formal | team | safeguarding),
// meeting_date (YYYY-MM-DD; default: today by ctx.clock) to resolve "by Friday", title, previous (the
// JSON result of the last minutes, whose open actions are carried forward and marked when discussed),
// append_transcript. Errors: InvalidInput naming the file and line or the parameter (including a
// transcript too short for minutes to be meaningful); Cancelled.
[[nodiscard]] Result<ActionOutput> run_meeting_minutes(const ActionDefinition& action, const ActionInput& input,
                                                       const Json& params, ActionContext& ctx);

}  // namespace borough::actions::minutes
