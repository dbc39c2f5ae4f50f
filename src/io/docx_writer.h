// DOCX output for minutes, assessments and summaries: a small document model turned into a Word file
// (A4, GOV.UK-like plain styles, header, footer with page numbers) as deterministic bytes in memory.
// The "draft watermark" is a red "DRAFT - not approved" line in the page header, not a background image.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace borough::io {

// A piece of text with one formatting. Text is UTF-8; '\n' becomes a line break, '\t' a tab.
struct DocxRun {
    std::string text{};
    bool bold = false;
    bool italic = false;
};

// One block of the body. `{}` initialisers let callers write DocxBlock{Kind::PageBreak} warning-free.
struct DocxBlock {
    enum class Kind { Heading, Paragraph, Bullet, Numbered, Table, PageBreak };
    Kind kind = Kind::Paragraph;
    // Heading: 1-3. Bullet / Numbered: nesting 0-2, so a top-level item needs level = 0 (the default 1
    // suits headings and makes a list item nested once). Ignored for the other kinds.
    int level = 1;
    // Heading / Paragraph / Bullet / Numbered only.
    std::vector<DocxRun> runs{};
    // Table only: at least one non-empty row; short rows are padded with empty cells. With
    // header_row the first row is bold, shaded and repeated at the top of each page.
    std::vector<std::vector<std::string>> rows{};
    bool header_row = true;
    // Optional trailing grey small text, e.g. "[turns 12-14, 00:10:02]": after the runs, or in a
    // paragraph of its own under a table. Not allowed on a page break.
    std::string citation{};
};

struct DocxDocument {
    std::string title{};        // shown first in the Title style and in docProps/core.xml; may be empty
    std::string subject{};      // docProps/core.xml only
    std::string author{};       // docProps/core.xml only (dc:creator)
    std::string header_text{};  // centred in every page header, e.g. "OFFICIAL - SENSITIVE"; may be empty
    std::string footer_text = "Draft prepared with AI assistance \xE2\x80\x94 check before use";
    bool draft_watermark = false;  // adds "DRAFT - not approved" to the page header
    std::vector<DocxBlock> blocks{};
};

// The .docx bytes: [Content_Types].xml, _rels/.rels, docProps/{core,app}.xml and word/{document,
// styles,numbering,settings,header1,footer1}.xml plus word/_rels/document.xml.rels, in that order.
// Bytes depend only on the input (fixed zip timestamps, no dates in core.xml). All text is XML-
// escaped; characters XML 1.0 forbids (control characters, U+FFFE, U+FFFF) are dropped and invalid
// UTF-8 becomes U+FFFD. A numbered list starts again at 1 after each heading or page break and
// continues across the other blocks. The footer holds footer_text and "Page N of M" fields.
// Errors (InvalidInput, field "blocks[i]" or "blocks[i].level", message naming the block index):
// heading level outside 1-3, list level outside 0-2, a table with no cells or more than 63 columns
// (Word's limit), table rows on a text block, runs on a table, anything on a page break.
// libzip failure: Internal. Thread-safe (no shared state).
[[nodiscard]] Result<std::string> write_docx(const DocxDocument& document);

}  // namespace borough::io
