// Needs assessment with a model: the conversation's turns go through common::run_map_reduce into
// descriptive statements per form field (each citing turns), then one pass writes each field's prose.
// Descriptive only: a statement that speaks of eligibility is dropped with a warning.
#pragma once

#include <string>
#include <vector>

#include "actions/assessment/assessment.h"
#include "actions/common/llm_map_reduce.h"
#include "actions/context.h"
#include "core/result.h"
#include "io/transcript.h"

namespace borough::actions::assessment {

// Map and final-pass prompts and schemas for the fields (their ids are the schema's enum).
[[nodiscard]] common::MapReduceSpec assessment_spec(const std::vector<FormField>& fields);

// One FieldResult per field, in the fields' order, from ctx.generator (required): evidence = the
// model's statements (verbatim = false, at most `max_per_field`, in turn order), summary = the final
// pass's prose. A field with no statement is not discussed. `warnings` receives the map-reduce's
// warnings and the dropped judgements. Errors: as common::run_map_reduce; InvalidInput for a
// conversation under io::kMeaningfulTranscriptWords words (as assess).
[[nodiscard]] Result<std::vector<FieldResult>> model_assessment(const io::Transcript& transcript,
                                                                const std::vector<FormField>& fields,
                                                                ActionContext& ctx, std::vector<std::string>& warnings,
                                                                common::MapReduceResult* stats = nullptr,
                                                                std::size_t max_per_field = 4);

}  // namespace borough::actions::assessment
