// Needs assessment from a social-care conversation without a model: each field of a form template
// (by default the Care Act 2014 eligibility outcomes plus what matters, health, risks, carer and next
// steps) gets the sentences said about it, quoted with their turn, or "Not discussed in the
// conversation". Descriptive only: no judgement and no eligibility decision is ever written.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "io/transcript.h"

namespace borough::actions::assessment {

// One field of the council's form. `id` is the case-management system's field id (the JSON key).
struct FormField {
    std::string id;
    std::string label;
    std::string description;
    std::vector<std::string> keywords;  // words or short phrases said about this field
};

// The built-in template (Care Act 2014 eligibility outcomes and the usual assessment sections).
[[nodiscard]] const std::vector<FormField>& care_act_fields();

// Parses a YAML template: `fields: [{id, label, description?, keywords: [..]}]`. Errors (InvalidInput)
// name the line and the field: missing id/label/keywords, duplicate id, not a list.
[[nodiscard]] Result<std::vector<FormField>> parse_form_template(std::string_view yaml);

struct Evidence {
    std::string speaker;
    std::string text;
    std::size_t turn = 0;  // 0-based
    bool verbatim = true;  // false: a model's description of the turn it cites, not a quote
};

struct FieldResult {
    const FormField* field = nullptr;
    std::vector<Evidence> evidence;  // in the order said; empty = not discussed
    std::vector<Evidence> summary;   // model path only: the field's prose, citing turns
};

inline constexpr std::string_view kNotDiscussed = "Not discussed in the conversation";

// InvalidInput naming the transcript when it has no turns or under io::kMeaningfulTranscriptWords words:
// an assessment record is not written from so little (nothing is invented).
[[nodiscard]] Status check_meaningful(const io::Transcript& transcript);

// For each field, up to `max_per_field` statements (not questions) that mention its keywords (stemmed),
// the strongest first chosen, then shown in the order said. Errors: InvalidInput for a transcript with
// no turns or under io::kMeaningfulTranscriptWords words; Unavailable without a stemmer.
[[nodiscard]] Result<std::vector<FieldResult>> assess(const io::Transcript& transcript,
                                                      const std::vector<FormField>& fields,
                                                      std::size_t max_per_field = 4);

}  // namespace borough::actions::assessment
