#include "actions/news_angles/news_angles_action.h"

#include <fmt/format.h>

#include <filesystem>

#include "actions/document_summary/document_source.h"
#include "actions/news_angles/news_angles.h"
#include "io/docx_writer.h"

namespace borough::actions::news_angles {
namespace {

using document_summary::format_citations;

// The document's first heading, else the file name without its extension.
std::string title_of(const DocumentSource& doc) {
    for (std::size_t i = 0; i < doc.source.sentences.size(); ++i) {
        if (doc.sentence_is_heading[i]) {
            std::string_view t = doc.source.sentences[i].text;
            while (!t.empty() && (t.front() == '#' || t.front() == ' ')) t.remove_prefix(1);
            if (!t.empty()) return std::string(t);
        }
    }
    return std::filesystem::path(doc.source.name).stem().string();
}

std::string cite_one(const Json& citation) { return format_citations(Json::array({citation})); }

std::string why_line(const Json& angle) {
    std::string out;
    for (const auto& w : angle["why"]) {
        if (!out.empty()) out += "; ";
        out += fmt::format("{} ({})", w["reason"].get<std::string>(), w["detail"].get<std::string>());
    }
    return out;
}

std::string quote_line(const Json& q) {
    std::string line = fmt::format("\xE2\x80\x9C{}\xE2\x80\x9D", q["text"].get<std::string>());
    if (q.contains("speaker")) line += " \xE2\x80\x94 " + q["speaker"].get<std::string>();
    return line;
}

std::string markdown_of(const Json& result) {
    std::string md = fmt::format("# News angles: {}\n\n_Draft for the press office. Method: {}. Check every figure "
                                 "and quote against the source before use._\n\n",
                                 result["title"].get<std::string>(), result["method"].get<std::string>());
    if (result["angles"].empty()) md += "No candidate stories were found: no sentence has figures or news cues.\n";
    for (const auto& a : result["angles"]) {
        md += fmt::format("## {}. {}\n\n", a["rank"].get<long long>(), a["headline"].get<std::string>());
        md += fmt::format("**Source:** {}  \n**Why it is news:** {}\n\n", format_citations(a["citations"]),
                          why_line(a));
        if (!a["figures"].empty()) {
            md += "**Figures:**\n\n";
            for (const auto& f : a["figures"]) {
                md += fmt::format("- {}: {} {}\n", f["text"].get<std::string>(), f["context"].get<std::string>(),
                                  cite_one(f["citation"]));
            }
            md += "\n";
        }
        if (!a["quotes"].empty()) {
            md += "**Quotes:**\n\n";
            for (const auto& q : a["quotes"]) md += fmt::format("- {} {}\n", quote_line(q), cite_one(q["citation"]));
            md += "\n";
        }
    }
    return md;
}

Result<std::string> docx_of(const Json& result) {
    io::DocxDocument d;
    d.title = "News angles: " + result["title"].get<std::string>();
    d.subject = "Candidate stories for the press office";
    d.author = "borough";
    const auto block = [&](io::DocxBlock::Kind kind, std::string text, int level, std::string cite = {},
                           bool bold_label = false) {
        io::DocxBlock b;
        b.kind = kind;
        b.level = level;
        if (bold_label) {
            const std::size_t colon = text.find(": ");
            b.runs.push_back({text.substr(0, colon + 1), true});
            b.runs.push_back({text.substr(colon + 1)});
        } else {
            b.runs.push_back({std::move(text)});
        }
        b.citation = std::move(cite);
        d.blocks.push_back(std::move(b));
    };
    block(io::DocxBlock::Kind::Paragraph,
          fmt::format("Method: {}. Check every figure and quote against the source before use.",
                      result["method"].get<std::string>()),
          1);
    for (const auto& a : result["angles"]) {
        block(io::DocxBlock::Kind::Heading,
              fmt::format("{}. {}", a["rank"].get<long long>(), a["headline"].get<std::string>()), 2);
        block(io::DocxBlock::Kind::Paragraph, "Why it is news: " + why_line(a), 1, format_citations(a["citations"]),
              true);
        for (const auto& f : a["figures"]) {
            block(io::DocxBlock::Kind::Bullet,
                  fmt::format("{}: {}", f["text"].get<std::string>(), f["context"].get<std::string>()), 0,
                  cite_one(f["citation"]), true);
        }
        for (const auto& q : a["quotes"]) {
            block(io::DocxBlock::Kind::Bullet, quote_line(q), 0, cite_one(q["citation"]));
        }
    }
    if (result["angles"].empty()) {
        block(io::DocxBlock::Kind::Paragraph, "No candidate stories were found.", 1);
    }
    return io::write_docx(d);
}

}  // namespace

Result<ActionOutput> run_news_angles(const ActionDefinition& action, const ActionInput& input, const Json& params,
                                     ActionContext& ctx) {
    std::size_t count = 5;
    if (auto it = params.find("count"); it != params.end() && it->is_number_integer()) {
        count = static_cast<std::size_t>(std::max<long long>(1, it->get<long long>()));
    }
    ctx.progress.on_progress("read", 0, 1);
    BOROUGH_TRY(const DocumentSource doc, document_summary::read_document_source(input));
    ctx.progress.on_progress("read", 1, 1);
    if (ctx.stop.stop_requested()) return fail(ErrorCode::Cancelled, "news angles cancelled");

    ActionOutput out;
    Json angles;
    if (ctx.generator == nullptr) {
        ctx.progress.on_progress("extractive", 0, 1);
        BOROUGH_TRY(angles, extract_angles(doc, count, ctx));
        ctx.progress.on_progress("extractive", 1, 1);
        out.method = "extractive";
    } else {
        BOROUGH_TRY(angles, model_angles(action, doc, count, params, ctx, out.warnings));
        out.method = "model: " + ctx.generator->name();
    }
    if (angles.empty()) out.warnings.push_back("no candidate stories: no sentence has figures or news cues");
    Json result{{"title", title_of(doc)},
                {"method", out.method},
                {"document", doc.summary()},
                {"angles", std::move(angles)}};
    out.markdown = markdown_of(result);
    BOROUGH_TRY(auto docx, docx_of(result));
    out.artifacts.push_back(
        {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", std::move(docx)});
    out.result = std::move(result);
    return out;
}

}  // namespace borough::actions::news_angles
