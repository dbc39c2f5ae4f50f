// The survey-analysis outputs, all from one SurveyResult: JSON (every figure with the row ids behind
// it), a Markdown summary, a self-contained HTML report with SVG charts, and the XLSX coding sheet
// (one row per answer for human checking) with summary sheets. Quotes are personal-data redacted.
#pragma once

#include <string>
#include <vector>

#include "actions/survey_analysis/survey_analysis.h"
#include "core/json.h"
#include "io/xlsx_writer.h"

namespace borough::actions::survey {

Json survey_to_json(const SurveyResult& r);

std::string render_survey_markdown(const SurveyResult& r);

// A complete HTML document (inline CSS, no script, no external requests).
std::string render_survey_html(const SurveyResult& r);

// Sheets: "Coding" (one row per answer; split into "Coding (2)"… past Excel's row limit), "Themes",
// "Segments", "Flags", "About". The Coding sheets make their rows on demand (io::XlsxRowSource) from
// `r`, so `r` and its table must outlive the sheets.
std::vector<io::XlsxSheet> survey_sheets(const SurveyResult& r);

std::string_view to_string(AnswerState state);

}  // namespace borough::actions::survey
