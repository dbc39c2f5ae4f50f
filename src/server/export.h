// Exports of a job's latest draft: Markdown, DOCX (via io::markdown_docx) and the action's XLSX, each
// with a visible DRAFT mark unless that version is approved, when they say who approved it and when.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace borough::server {

struct Approval {
    bool approved = false;
    std::string approver;  // display name
    std::string date;      // YYYY-MM-DD
};

// "Approved by Lisa Ward on 2026-11-22" (the line every approved export carries).
[[nodiscard]] std::string approval_line(const Approval& approval);

// The Markdown without its leading "> **DRAFT** ..." banner line(s) and the blank line after them.
[[nodiscard]] std::string_view strip_draft_banner(std::string_view markdown);

// Draft: the banner is kept, or added when an edit removed it. Approved: the banner is replaced by
// "> Approved by ... on ...".
[[nodiscard]] std::string export_markdown(std::string_view markdown, const Approval& approval);

// A Word file of the Markdown: draft → the DRAFT watermark in the page header and a DRAFT first
// line; approved → the approval line first. Errors: those of io::write_docx.
[[nodiscard]] Result<std::string> export_docx(std::string_view markdown, const std::string& title,
                                              const Approval& approval);

// The action's workbook. Approved: the DRAFT status text written by the action is replaced by the
// approval line in every sheet. Draft: unchanged (actions write their own DRAFT status); the file
// name carries "-DRAFT". Errors: not a readable XLSX (InvalidInput).
[[nodiscard]] Result<std::string> export_xlsx(std::string_view xlsx, const Approval& approval);

inline constexpr std::string_view kDraftBanner =
    "> **DRAFT** \xE2\x80\x94 not approved. Prepared with AI assistance; check before use.";

}  // namespace borough::server
