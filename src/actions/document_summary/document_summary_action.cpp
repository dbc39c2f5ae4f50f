#include "actions/document_summary/document_summary_action.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "actions/common/llm_map_reduce.h"
#include "actions/document_summary/document_summary.h"
#include "core/json_schema.h"
#include "core/strings.h"
#include "io/docx_writer.h"

namespace borough::actions::document_summary {
namespace {

// Lengths and counts are bounded so that constrained decoding always ends within the reply budget.
Json key_points_schema(std::size_t max_items, const Json& id) {
    Json point = {{"type", "object"},
                  {"required", Json::array({"text", "citations"})},
                  {"additionalProperties", false},
                  {"properties",
                   {{"text", {{"type", "string"}, {"minLength", 1}, {"maxLength", 240}}},
                    {"citations", {{"type", "array"}, {"minItems", 1}, {"maxItems", 6}, {"items", id}}}}}};
    return {{"type", "object"},
            {"required", Json::array({"key_points"})},
            {"additionalProperties", false},
            {"properties",
             {{"key_points", {{"type", "array"}, {"minItems", 1}, {"maxItems", max_items}, {"items", point}}}}}};
}

Json prose_schema() {
    return {{"type", "object"},
            {"required", Json::array({"summary"})},
            {"additionalProperties", false},
            {"properties",
             {{"title", {{"type", "string"}, {"maxLength", 120}}},
              {"summary", {{"type", "string"}, {"minLength", 1}, {"maxLength", 900}}}}}};
}

std::string length_of(const Json& params) {
    if (auto it = params.find("length"); it != params.end() && it->is_string()) return it->get<std::string>();
    return "medium";
}

// "S12" → 11 (0-based), or npos.
std::size_t sentence_index(const Json& id, std::size_t count) {
    if (!id.is_string()) return std::string::npos;
    const std::string& s = id.get_ref<const std::string&>();
    if (s.size() < 2 || s[0] != 'S') return std::string::npos;
    std::size_t n = 0;
    for (std::size_t i = 1; i < s.size(); ++i) {
        if (s[i] < '0' || s[i] > '9' || n > count) return std::string::npos;
        n = n * 10 + static_cast<std::size_t>(s[i] - '0');
    }
    return n >= 1 && n <= count ? n - 1 : std::string::npos;
}

// Adds page / section / ref to every citation of the extractive result.
void locate_citations(Json& result, const DocumentSource& doc) {
    for (auto& point : result["key_points"]) {
        Json located = Json::array();
        for (const auto& c : point["citations"]) {
            const auto id = c.at("sentence").get<std::size_t>();
            if (id >= 1 && id <= doc.source.sentences.size()) located.push_back(doc.citation(id - 1));
        }
        point["citations"] = std::move(located);
    }
}

std::string markdown_of(const Json& result) {
    std::string md =
        fmt::format("# {}\n\n", result.contains("title") ? result["title"].get<std::string>() : std::string("Summary"));
    md += fmt::format("_Draft for review. Method: {}._\n\n", result["method"].get<std::string>());
    md += result["summary"].get<std::string>() + "\n\n## Key points\n\n";
    for (const auto& p : result["key_points"]) {
        md += fmt::format("- {} {}\n", p["text"].get<std::string>(), format_citations(p["citations"]));
    }
    return md;
}

Result<std::string> docx_of(const Json& result, const std::string& name) {
    io::DocxDocument d;
    d.title = result.contains("title") ? result["title"].get<std::string>() : "Summary of " + name;
    d.subject = "Document summary";
    d.author = "borough";
    const auto block = [&](io::DocxBlock::Kind kind, std::string text, int level, std::string cite = {}) {
        io::DocxBlock b;
        b.kind = kind;
        b.level = level;
        b.runs.push_back({std::move(text)});
        b.citation = std::move(cite);
        d.blocks.push_back(std::move(b));
    };
    block(io::DocxBlock::Kind::Paragraph,
          fmt::format("Summary of {}. Method: {}.", name, result["method"].get<std::string>()), 1);
    block(io::DocxBlock::Kind::Heading, "Summary", 1);
    block(io::DocxBlock::Kind::Paragraph, result["summary"].get<std::string>(), 1);
    block(io::DocxBlock::Kind::Heading, "Key points", 1);
    for (const auto& p : result["key_points"]) {
        block(io::DocxBlock::Kind::Bullet, p["text"].get<std::string>(), 0, format_citations(p["citations"]));
    }
    return io::write_docx(d);
}

}  // namespace

Result<Json> summarise_with_model(const ActionDefinition& action, const DocumentSource& doc, const Json& params,
                                  ActionContext& ctx, std::vector<std::string>& warnings) {
    engine::TextGenerator& gen = *ctx.generator;
    const std::string length = length_of(params);
    const std::size_t words = word_budget(params);
    const std::size_t points = words > 0 ? points_for_words(words) : points_for_length(length);
    Json data = Json::object();
    data["params"] = params;
    data["document_name"] = doc.source.name;
    data["sentence_count"] = doc.source.sentences.size();

    common::MapReduceSpec spec;
    spec.name = action.id;
    BOROUGH_TRY(spec.system, render_template(action.prompts.system, data));
    BOROUGH_TRY(spec.map_instruction, render_template(action.prompts.map, data));
    BOROUGH_TRY(spec.reduce_instruction, render_template(action.prompts.reduce, data));
    const Json id = sentence_id_schema(doc.source.sentences.size());
    spec.map_schema = key_points_schema(5, id);
    spec.reduce_schema = key_points_schema(points, id);
    spec.max_chunk_tokens = action.strategy.chunk_tokens;
    // Reply budgets: enough for the schema's longest reply, but at most a third (map) or a half
    // (reduce, prose) of a sequence's context, so a small context still leaves room for the text.
    const int context = gen.context_tokens();
    const auto budget = [context](int want, int divisor) {
        return context > 0 ? std::min(want, context / divisor) : want;
    };
    spec.map_max_tokens = budget(1536, 3);
    spec.reduce_max_tokens = budget(2048, 2);

    const std::vector<common::CitedUnit> units = common::sentence_units(doc.source);
    BOROUGH_TRY(auto mr, common::run_map_reduce(units, spec, ctx));
    warnings.insert(warnings.end(), mr.warnings.begin(), mr.warnings.end());

    Json key_points = Json::array();
    for (const auto& p : mr.reduced["key_points"]) {
        Json cites = Json::array();
        for (const auto& cited : p["citations"]) {
            const std::size_t i = sentence_index(cited, doc.source.sentences.size());
            const bool repeated = std::any_of(cites.begin(), cites.end(),
                                              [&](const Json& c) { return c["sentence"].get<std::size_t>() == i + 1; });
            if (i != std::string::npos && !repeated) cites.push_back(doc.citation(i));
        }
        if (cites.empty()) continue;  // run_map_reduce already warned about its citations
        key_points.push_back(Json{{"text", p["text"]}, {"citations", std::move(cites)}});
    }
    if (key_points.empty()) {
        return fail(ErrorCode::ModelOutputInvalid, fmt::format("{}: no key point from {} cites a sentence of {}",
                                                               action.id, gen.name(), doc.source.name));
    }

    // The prose pass: title and summary written from the cited key points only.
    std::string listed;
    for (std::size_t i = 0; i < key_points.size(); ++i) {
        listed += fmt::format("{}. {}\n", i + 1, key_points[i]["text"].get<std::string>());
    }
    data["input"] = listed;
    BOROUGH_TRY(std::string user, render_template(action.prompts.user, data));
    engine::GenerationRequest req;
    req.messages.push_back({"system", spec.system});
    req.messages.push_back({"user", user + "\n\n" + listed});
    req.json_schema = prose_schema();
    req.max_tokens = budget(1024, 2);
    req.cancel = ctx.stop;
    Json prose;
    std::string problem;
    ctx.progress.on_progress("prose", 0, 1);
    for (int attempt = 0; attempt <= kMaxSchemaRetries && prose.is_null(); ++attempt) {
        if (ctx.stop.stop_requested()) return fail(ErrorCode::Cancelled, "document summary cancelled");
        auto r = gen.generate(req);
        if (!r && r.error().code != ErrorCode::ModelOutputInvalid) return fail(r.error());
        if (r && r->json) {
            if (auto st = validate_json(*r->json, *req.json_schema); st) {
                prose = *r->json;
                break;
            } else {
                problem = st.error().message;
            }
        } else {
            problem = r ? "the reply is not JSON" : r.error().message;
        }
        if (r) req.messages.push_back({"assistant", r->text});
        req.messages.push_back(
            {"user", fmt::format("Your reply was not valid: {}. Reply again with only JSON that matches the schema.",
                                 problem)});
    }
    if (prose.is_null()) {
        return fail(ErrorCode::ModelOutputInvalid,
                    fmt::format("{}: summary output from {} still invalid after {} retries: {}", action.id, gen.name(),
                                kMaxSchemaRetries, problem));
    }
    ctx.progress.on_progress("prose", 1, 1);
    Json result = Json::object();
    if (const std::string title(trim_ascii_whitespace(prose.value("title", std::string()))); !title.empty()) {
        result["title"] = title;
    }
    result["summary"] = prose["summary"];
    result["key_points"] = std::move(key_points);
    return result;
}

Result<ActionOutput> run_document_summary(const ActionDefinition& action, const ActionInput& input, const Json& params,
                                          ActionContext& ctx) {
    ctx.progress.on_progress("read", 0, 1);
    BOROUGH_TRY(const DocumentSource doc, read_document_source(input));
    ctx.progress.on_progress("read", 1, 1);
    if (ctx.stop.stop_requested()) return fail(ErrorCode::Cancelled, "document summary cancelled");

    ActionOutput out;
    Json result;
    if (ctx.generator == nullptr) {
        ctx.progress.on_progress("extractive", 0, 1);
        BOROUGH_TRY(result, summarise_extractive(doc.source, params, ctx));
        locate_citations(result, doc);
        ctx.progress.on_progress("extractive", 1, 1);
        out.method = "extractive";
    } else {
        BOROUGH_TRY(result, summarise_with_model(action, doc, params, ctx, out.warnings));
        out.method = "model: " + ctx.generator->name();
    }
    result["method"] = out.method;
    result["document"] = doc.summary();
    out.markdown = markdown_of(result);
    BOROUGH_TRY(auto docx, docx_of(result, doc.source.name));
    out.artifacts.push_back(
        {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", std::move(docx)});
    out.result = std::move(result);
    return out;
}

}  // namespace borough::actions::document_summary
