// Minutes as the action's outputs: the JSON result, Markdown and DOCX, in the three styles (formal
// committee, team, safeguarding). Every statement carries its turn number and time as a citation.
#pragma once

#include <string>
#include <string_view>

#include "actions/minutes/minutes.h"
#include "core/json.h"
#include "core/result.h"
#include "io/docx_writer.h"
#include "io/transcript.h"

namespace borough::actions::minutes {

enum class Style { Formal, Team, Safeguarding };

// "formal" | "team" | "safeguarding"; InvalidInput naming the parameter otherwise.
[[nodiscard]] Result<Style> parse_style(std::string_view text);
std::string_view to_string(Style style);

struct ReportHeader {
    std::string title;  // "Housing Committee" or the file name
    std::chrono::year_month_day meeting_date;
    Style style = Style::Formal;
    std::string method = "extractive";
};

// "[T12 00:10:02]" (turn numbers are 1-based; the time only when the transcript has one).
std::string citation(const io::Transcript& transcript, std::size_t turn);

[[nodiscard]] Json minutes_to_json(const Minutes& m, const io::Transcript& transcript, const ReportHeader& h);
[[nodiscard]] std::string minutes_markdown(const Minutes& m, const io::Transcript& transcript, const ReportHeader& h);
// The DOCX model; with `append_transcript` the turns follow on a new page.
[[nodiscard]] io::DocxDocument minutes_docx(const Minutes& m, const io::Transcript& transcript, const ReportHeader& h,
                                            bool append_transcript);

}  // namespace borough::actions::minutes
