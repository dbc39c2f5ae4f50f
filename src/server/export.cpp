#include "server/export.h"

#include <fmt/format.h>

#include "io/docx_writer.h"
#include "io/markdown_docx.h"
#include "io/zip_memory.h"

namespace borough::server {

namespace {

// The status text the survey report writes into its workbook (survey_report.cpp).
constexpr std::string_view kXlsxDraftText = "DRAFT prepared with AI assistance \xE2\x80\x94 check before use";

std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

}  // namespace

std::string approval_line(const Approval& approval) {
    return fmt::format("Approved by {} on {}", approval.approver, approval.date);
}

std::string_view strip_draft_banner(std::string_view markdown) {
    bool stripped = false;
    while (markdown.starts_with("> **DRAFT**")) {
        const std::size_t end = markdown.find('\n');
        markdown = end == std::string_view::npos ? std::string_view{} : markdown.substr(end + 1);
        stripped = true;
    }
    if (stripped) {
        while (markdown.starts_with("\n")) markdown.remove_prefix(1);
    }
    return markdown;
}

std::string export_markdown(std::string_view markdown, const Approval& approval) {
    const std::string_view body = strip_draft_banner(markdown);
    if (approval.approved) return fmt::format("> {}.\n\n{}", approval_line(approval), body);
    if (body.size() != markdown.size()) return std::string(markdown);  // still has its own banner
    return fmt::format("{}\n\n{}", kDraftBanner, body);
}

Result<std::string> export_docx(std::string_view markdown, const std::string& title, const Approval& approval) {
    io::DocxDocument doc;
    doc.title = title;
    doc.subject = title;
    doc.draft_watermark = !approval.approved;
    io::DocxBlock first{io::DocxBlock::Kind::Paragraph};
    if (approval.approved) {
        first.runs.push_back({approval_line(approval), true, false});
        doc.footer_text = approval_line(approval) + " \xE2\x80\x94 prepared with AI assistance";
    } else {
        first.runs.push_back(
            {"DRAFT \xE2\x80\x94 not approved. Prepared with AI assistance; check before use.", true, false});
    }
    doc.blocks.push_back(std::move(first));
    for (auto& block : io::markdown_to_docx_blocks(strip_draft_banner(markdown)))
        doc.blocks.push_back(std::move(block));
    return io::write_docx(doc);
}

Result<std::string> export_xlsx(std::string_view xlsx, const Approval& approval) {
    if (!approval.approved) return std::string(xlsx);
    BOROUGH_TRY(auto entries, io::unzip_in_memory(xlsx));
    const std::string replacement = xml_escape(approval_line(approval) + " \xE2\x80\x94 prepared with AI assistance");
    const std::string needle = xml_escape(kXlsxDraftText);
    for (auto& [name, content] : entries) {
        if (!name.starts_with("xl/worksheets/") && name != "xl/sharedStrings.xml") continue;
        std::size_t pos = 0;
        while ((pos = content.find(needle, pos)) != std::string::npos) {
            content.replace(pos, needle.size(), replacement);
            pos += replacement.size();
        }
    }
    return io::zip_in_memory(entries);
}

}  // namespace borough::server
