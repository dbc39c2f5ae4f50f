#include "actions/assessment/assessment_action.h"

#include <filesystem>

#include <fmt/format.h>

#include "actions/assessment/assessment.h"
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
    std::string title = params.contains("title") && params["title"].is_string() ? params["title"].get<std::string>()
                                                                                 : std::string();
    if (title.empty()) title = std::filesystem::path(input.name).stem().string();

    ctx.progress.on_progress("read", 0, 1);
    BOROUGH_TRY(const auto transcript, io::parse_transcript(input.content, input.name));
    ctx.progress.on_progress("read", 1, 1);
    if (ctx.stop.stop_requested()) return fail(ErrorCode::Cancelled, "needs assessment cancelled");
    BOROUGH_TRY(const auto results, assess(transcript, fields));

    ActionOutput out;
    out.method = "extractive";
    out.warnings = transcript.warnings;
    if (ctx.generator != nullptr) {
        out.warnings.push_back("a model is configured, but needs-assessment is extractive in this version: the "
                               "statements are the speakers' own words");
    }
    Json jfields = Json::object();
    std::string md = fmt::format("**OFFICIAL-SENSITIVE: contains personal information.**\n\n# {}: needs "
                                 "assessment record (draft)\n\n*Draft prepared with AI assistance: check before use. "
                                 "What was said, quoted; not a judgement or an eligibility decision.*\n\n",
                                 title);
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
    para(io::DocxBlock::Kind::Paragraph, "What was said, quoted; not a judgement or an eligibility decision.", 1);
    std::size_t discussed = 0;
    for (const auto& r : results) {
        Json statements = Json::array();
        md += fmt::format("## {}\n\n", r.field->label);
        para(io::DocxBlock::Kind::Heading, r.field->label, 2);
        for (const auto& e : r.evidence) {
            Json j{{"text", e.text}, {"speaker", e.speaker}, {"turn", e.turn + 1}, {"line", transcript.turns[e.turn].line}};
            if (const auto& ms = transcript.turns[e.turn].start_ms) j["start_ms"] = *ms;
            statements.push_back(std::move(j));
            const std::string cite = minutes::citation(transcript, e.turn);
            const std::string quote =
                fmt::format("{}: \u201c{}\u201d", e.speaker.empty() ? "Unnamed speaker" : e.speaker, e.text);
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
                                    {"text", r.evidence.empty() ? std::string(kNotDiscussed) : std::string()}};
    }
    out.result = Json{{"title", title},
                      {"method", out.method},
                      {"confidentiality", "OFFICIAL-SENSITIVE"},
                      {"template", yaml.empty() ? "care-act-2014" : "custom"},
                      {"fields", std::move(jfields)},
                      {"fields_discussed", discussed},
                      {"fields_total", results.size()},
                      {"transcript", {{"source", transcript.source}, {"format", transcript.format},
                                      {"turns", transcript.turns.size()}, {"words", transcript.words()}}},
                      {"warnings", out.warnings}};
    out.markdown = std::move(md);
    BOROUGH_TRY(auto docx, io::write_docx(doc));
    out.artifacts.push_back(
        {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", std::move(docx)});
    return out;
}

}  // namespace borough::actions::assessment
