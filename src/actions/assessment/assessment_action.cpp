#include "actions/assessment/assessment_action.h"

#include <fmt/format.h>

#include <filesystem>

#include "actions/assessment/assessment.h"
#include "actions/assessment/assessment_llm.h"
#include "actions/common/recording.h"
#include "actions/minutes/minutes_report.h"
#include "io/docx_writer.h"
#include "io/transcript.h"

namespace borough::actions::assessment {

Result<ActionOutput> run_needs_assessment(const ActionDefinition& /*action*/, const ActionInput& input,
                                          const Json& params, ActionContext& ctx) {
    std::vector<FormField> custom;
    const std::string yaml = params.contains("template") && params["template"].is_string()
                                 ? params["template"].get<std::string>()
                                 : std::string();
    if (!yaml.empty()) {
        BOROUGH_TRY(custom, parse_form_template(yaml));
    }
    const std::vector<FormField>& fields = yaml.empty() ? care_act_fields() : custom;
    std::string title =
        params.contains("title") && params["title"].is_string() ? params["title"].get<std::string>() : std::string();
    if (title.empty()) title = std::filesystem::path(input.name).stem().string();

    ctx.progress.on_progress("read", 0, 1);
    BOROUGH_TRY(const auto transcript, read_conversation(input, params, ctx));
    ctx.progress.on_progress("read", 1, 1);
    if (ctx.stop.stop_requested()) return fail(ErrorCode::Cancelled, "needs assessment cancelled");
    ActionOutput out;
    out.method = "extractive";
    out.warnings = transcript.warnings;
    std::string method = "extractive";  // as the record states it
    std::vector<FieldResult> results;
    if (ctx.generator != nullptr) {
        common::MapReduceResult stats;
        std::vector<std::string> model_warnings;
        auto written = model_assessment(transcript, fields, ctx, model_warnings, &stats);
        if (written) {
            results = std::move(written).value();
            method = "model " + ctx.generator->name();
            out.method = "llm:" + ctx.generator->name();
            out.warnings.insert(out.warnings.end(), model_warnings.begin(), model_warnings.end());
            out.timings = Json{{"map_ms", stats.map_ms},
                               {"reduce_ms", stats.reduce_ms},
                               {"chunks", stats.chunks.size()},
                               {"calls", stats.calls},
                               {"prompt_tokens", stats.prompt_tokens},
                               {"completion_tokens", stats.completion_tokens}};
        } else if (written.error().code == ErrorCode::ModelOutputInvalid) {
            out.warnings.push_back(
                fmt::format("the model's output could not be used ({}); this record is "
                            "extractive: the statements are the speakers' own words",
                            written.error().message));
        } else {
            return fail(written.error());
        }
    }
    if (results.empty()) {
        BOROUGH_TRY(results, assess(transcript, fields));
    }
    Json jfields = Json::object();
    // The extractive record only quotes; the model's record also paraphrases, each point cited.
    const std::string_view lead = out.method.starts_with("llm:")
                                      ? "Summaries written by the model, each cited to the turn it rests on, with what "
                                        "was said quoted; not a judgement or an eligibility decision."
                                      : "What was said, quoted; not a judgement or an eligibility decision.";
    std::string md = fmt::format(
        "**OFFICIAL-SENSITIVE: contains personal information.**\n\n# {}: needs "
        "assessment record (draft)\n\n*Draft prepared with AI assistance: check before use. "
        "{}*\n\nMethod: {}.\n\n",
        title, lead, method);
    io::DocxDocument doc;
    doc.title = fmt::format("{}: needs assessment record", title);
    doc.header_text = "OFFICIAL-SENSITIVE";
    doc.draft_watermark = true;
    doc.author = "borough";
    const auto para = [&](io::DocxBlock::Kind kind, std::string text, int level, std::string cite = {}) {
        io::DocxBlock b;
        b.kind = kind;
        b.level = level;
        b.runs.push_back({std::move(text)});
        b.citation = std::move(cite);
        doc.blocks.push_back(std::move(b));
    };
    para(io::DocxBlock::Kind::Paragraph, std::string(lead), 1);
    para(io::DocxBlock::Kind::Paragraph, fmt::format("Method: {}.", method), 1);
    std::size_t discussed = 0;
    for (const auto& r : results) {
        Json statements = Json::array();
        md += fmt::format("## {}\n\n", r.field->label);
        para(io::DocxBlock::Kind::Heading, r.field->label, 2);
        Json summary = Json::array();
        std::string prose;
        for (const auto& e : r.summary) {
            summary.push_back({{"text", e.text}, {"turn", e.turn + 1}});
            prose += (prose.empty() ? "" : " ") + e.text;
            const std::string cite = minutes::citation(transcript, e.turn);
            md += fmt::format("{} {}\n", e.text, cite);
            para(io::DocxBlock::Kind::Paragraph, e.text, 1, cite);
        }
        if (!r.summary.empty()) md += "\n";
        for (const auto& e : r.evidence) {
            Json j{{"text", e.text},
                   {"speaker", e.speaker},
                   {"turn", e.turn + 1},
                   {"line", transcript.turns[e.turn].line}};
            if (const auto& ms = transcript.turns[e.turn].start_ms) j["start_ms"] = *ms;
            if (!e.verbatim) j["verbatim"] = false;
            statements.push_back(std::move(j));
            const std::string cite = minutes::citation(transcript, e.turn);
            // A model's description is not presented as anyone's words.
            const std::string quote =
                e.verbatim
                    ? fmt::format("{}: \u201c{}\u201d", e.speaker.empty() ? "Unnamed speaker" : e.speaker, e.text)
                    : e.text;
            md += fmt::format("- {} {}\n", quote, cite);
            para(io::DocxBlock::Kind::Bullet, quote, 0, cite);
        }
        if (r.evidence.empty()) {
            md += fmt::format("{}.\n", kNotDiscussed);
            para(io::DocxBlock::Kind::Paragraph, std::string(kNotDiscussed) + ".", 1);
        } else {
            ++discussed;
        }
        md += "\n";
        jfields[r.field->id] = Json{{"label", r.field->label},
                                    {"discussed", !r.evidence.empty()},
                                    {"statements", std::move(statements)},
                                    {"text", r.evidence.empty() ? std::string(kNotDiscussed) : prose}};
        if (!summary.empty()) jfields[r.field->id]["summary"] = std::move(summary);
    }
    out.result = Json{{"title", title},
                      {"method", method},
                      {"confidentiality", "OFFICIAL-SENSITIVE"},
                      {"template", yaml.empty() ? "care-act-2014" : "custom"},
                      {"fields", std::move(jfields)},
                      {"fields_discussed", discussed},
                      {"fields_total", results.size()},
                      {"transcript",
                       {{"source", transcript.source},
                        {"format", transcript.format},
                        {"turns", transcript.turns.size()},
                        {"words", transcript.words()}}},
                      {"warnings", out.warnings}};
    out.markdown = std::move(md);
    BOROUGH_TRY(auto docx, io::write_docx(doc));
    out.artifacts.push_back(
        {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", std::move(docx)});
    return out;
}

}  // namespace borough::actions::assessment
