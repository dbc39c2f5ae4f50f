// The `needs-assessment` native action: a social-care conversation's transcript in; the assessment
// form's fields filled with what was said (quoted, with turn citations) as JSON keyed by the council's
// field ids, Markdown and DOCX. Never a judgement or an eligibility decision.
#pragma once

#include "actions/context.h"
#include "actions/pipeline.h"
#include "core/result.h"

namespace borough::actions::assessment {

// NativeAction entry (actions/builtin.cpp). Parameters: template (YAML form template; default: the
// Care Act 2014 outcomes), title. Errors: InvalidInput naming the file, line or parameter; Cancelled.
[[nodiscard]] Result<ActionOutput> run_needs_assessment(const ActionDefinition& action, const ActionInput& input,
                                                        const Json& params, ActionContext& ctx);

}  // namespace borough::actions::assessment
