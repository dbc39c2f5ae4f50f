#include "actions/minutes/minutes_action.h"

#include <chrono>
#include <filesystem>

#include <fmt/format.h>

#include "actions/common/recording.h"
#include "actions/minutes/minutes.h"
#include "actions/minutes/minutes_llm.h"
#include "actions/minutes/minutes_report.h"
#include "io/docx_writer.h"
#include "io/transcript.h"
#include "nlp/due_dates.h"

namespace borough::actions::minutes {
namespace {

std::string param_string(const Json& params, const char* name) {
    if (!params.contains(name) || params[name].is_null()) return {};
    return params[name].get<std::string>();
}

double ms_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

Result<ActionOutput> run_meeting_minutes(const ActionDefinition& /*action*/, const ActionInput& input,
                                         const Json& params, ActionContext& ctx) {
    const auto start = std::chrono::steady_clock::now();
    ReportHeader header;
    BOROUGH_TRY(header.style, parse_style(param_string(params, "style")));
    if (const auto date = param_string(params, "meeting_date"); !date.empty()) {
        const auto parsed = nlp::parse_iso_date(date);
        if (!parsed) {
            return fail(ErrorCode::InvalidInput,
                        fmt::format("meeting_date \"{}\" is not a date in the form YYYY-MM-DD", date), "meeting_date");
        }
        header.meeting_date = *parsed;
    } else {
        header.meeting_date = std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(ctx.clock.now())};
    }
    header.title = param_string(params, "title");
    if (header.title.empty()) header.title = std::filesystem::path(input.name).stem().string();
    Json previous;
    if (const auto text = param_string(params, "previous"); !text.empty()) {
        BOROUGH_TRY(previous, parse_json(text, "previous"));
        if (!previous.is_object() || !previous.contains("actions")) {
            return fail(ErrorCode::InvalidInput,
                        "previous is not the JSON result of earlier minutes (an object with an \"actions\" array)",
                        "previous");
        }
    }

    ctx.progress.on_progress("read", 0, 1);
    BOROUGH_TRY(const auto transcript, read_conversation(input, params, ctx));
    ctx.progress.on_progress("read", 1, 1);
    if (ctx.stop.stop_requested()) return fail(ErrorCode::Cancelled, "meeting minutes cancelled");

    MinutesOptions options;
    options.meeting_date = header.meeting_date;
    BOROUGH_TRY(auto m, extract_minutes(transcript, options));
    const double extract_ms = ms_since(start);
    ActionOutput out;
    out.method = header.method;
    Json model_timings;
    if (ctx.generator != nullptr) {
        common::MapReduceResult stats;
        auto written = model_minutes(transcript, m, options, header.style, ctx, &stats);
        if (written) {
            m = std::move(written).value();
            header.method = "model " + ctx.generator->name();
            out.method = "llm:" + ctx.generator->name();
            model_timings = Json{{"map_ms", stats.map_ms},       {"reduce_ms", stats.reduce_ms},
                                 {"chunks", stats.chunks.size()}, {"calls", stats.calls},
                                 {"prompt_tokens", stats.prompt_tokens}, {"completion_tokens", stats.completion_tokens}};
        } else if (written.error().code == ErrorCode::ModelOutputInvalid) {
            // The extractive minutes stand; the reviewer is told why the model's are absent.
            m.warnings.push_back(fmt::format("the model's output could not be used ({}); these minutes are "
                                             "extractive: the statements are the speakers' own words",
                                             written.error().message));
        } else {
            return fail(written.error());
        }
    }
    if (!previous.is_null()) carry_forward(previous, transcript, m);
    out.warnings = m.warnings;
    out.result = minutes_to_json(m, transcript, header);
    out.markdown = minutes_markdown(m, transcript, header);
    const bool append = params.contains("append_transcript") && params["append_transcript"].get<bool>();
    BOROUGH_TRY(auto docx, io::write_docx(minutes_docx(m, transcript, header, append)));
    out.artifacts.push_back(
        {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", std::move(docx)});
    out.timings = Json{{"extract_ms", extract_ms}, {"total_ms", ms_since(start)}};
    if (!model_timings.is_null()) out.timings.update(model_timings);
    return out;
}

}  // namespace borough::actions::minutes
