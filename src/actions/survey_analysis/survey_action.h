// The `survey-analysis` native action: reads the survey (CSV, XLSX, or scanned forms through OCR),
// runs the analysis and produces the JSON result, the Markdown summary and the HTML and XLSX reports.
#pragma once

#include <string_view>
#include <vector>

#include "actions/context.h"
#include "actions/pipeline.h"
#include "actions/survey_analysis/survey_analysis.h"
#include "core/result.h"
#include "io/table.h"

namespace borough::actions::survey {

// NativeAction entry (actions/builtin.cpp). Parameters: columns, segments, id_column (";"-separated
// column names or 1-based numbers), sheet, codebook (CSV text: theme,description,keywords with keywords
// separated by ";"), seed, stability_runs, combined. Errors: InvalidInput naming the file, line,
// column or parameter; Cancelled; the model's errors.
[[nodiscard]] Result<ActionOutput> run_survey_analysis(const ActionDefinition& action, const ActionInput& input,
                                                       const Json& params, ActionContext& ctx);

// Parses a codebook CSV (columns "theme", "description", "keywords"; keywords separated by ";").
// Errors name the codebook's line.
[[nodiscard]] Result<std::vector<nlp::CodebookEntry>> parse_codebook(std::string_view csv_text);

// Splits a ";"-separated list of column names, trimming each; empty items are dropped.
std::vector<std::string> split_list(std::string_view text);

}  // namespace borough::actions::survey
