// The survey action's language-model steps, all bounded and schema-constrained: naming and describing
// each theme from its representative answers (one batch, one request per theme) and writing the
// narrative from the computed figures (one request). Answers are sent with personal data redacted and
// inside a data block, so an answer that tries to instruct the model cannot change the output's shape.
#pragma once

#include <cstddef>
#include <stop_token>
#include <string>
#include <vector>

#include "actions/context.h"
#include "actions/survey_analysis/survey_analysis.h"
#include "core/json.h"
#include "core/result.h"
#include "engine/text_generator.h"

namespace borough::actions::survey {

// Most themes per question the model names (the rest keep their key-phrase labels).
inline constexpr std::size_t kMaxNamedThemes = 15;
// Answers shown to the model per theme.
inline constexpr std::size_t kAnswersPerTheme = 8;

// Replaces label and description of the largest themes with the model's. Errors: the generator's
// (Unavailable, Cancelled, ModelOutputInvalid after its own retries).
[[nodiscard]] Status describe_themes_with_model(SurveyResult& r, ActionContext& ctx);

// Per-row mode: the model codes every answered answer of each question — its sentiment and which of
// the question's themes (as named above) it belongs to — in one schema-constrained batch per question
// whose shared instruction prefix (question + theme list) the engine evaluates once. Each coded row is
// saved to ctx.checkpoints (when set) as it finishes, and rows already saved are not sent again, so a
// killed job resumes without losing or recoding a row. Theme membership, counts and sentiment are then
// recomputed from the model's codes. Rows the model could not code keep their extractive codes and are
// counted in a warning. Errors: Cancelled; a checkpoint store failure.
[[nodiscard]] Status code_answers_with_model(SurveyResult& r, ActionContext& ctx);

// The parts of per-row mode's requests shared by every row of one question.
struct RowPrompt {
    std::string system;                     // instructions + question + theme list (the shared prefix)
    Json schema;                            // {"sentiment": enum, "themes": [up to 3 of "T1".."Tn"]}
    std::vector<std::size_t> coded_themes;  // theme id T(i+1) → index in QuestionResult::themes
};

// The shared prompt code_answers_with_model sends for question `question` (not "ALL"): its top-level
// themes, at most 30, the largest first. Exposed so the benchmark sends exactly the same requests.
RowPrompt row_prompt(const SurveyResult& r, std::size_t question);

// The request code_answers_with_model sends for answer `a` (redacted, inside <answer> tags).
engine::GenerationRequest row_request(const SurveyResult& r, const RowPrompt& prompt, std::size_t a,
                                      std::stop_token cancel);

// Replaces r.narrative with the model's; numbers in it that do not appear in the figures it was given
// are listed in r.warnings for the reviewer.
[[nodiscard]] Status write_narrative_with_model(SurveyResult& r, ActionContext& ctx);

// Quote-safe text of answer a: personal data replaced by "[email]", "[phone]"..., cut to max_chars at a
// word boundary with "…".
std::string redacted_quote(const SurveyResult& r, std::size_t a, std::size_t max_chars = 300);

}  // namespace borough::actions::survey
