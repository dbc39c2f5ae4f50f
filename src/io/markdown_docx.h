// Markdown (the subset actions and reviewers write) → io::DocxDocument, for DOCX exports of drafts:
// ATX headings, paragraphs, bullet and numbered lists (nested by indent), **bold**, *italic*, `code`,
// links as "text (url)", block quotes as italic paragraphs and pipe tables. Anything else is text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "io/docx_writer.h"

namespace borough::io {

// Inline Markdown of one line → runs: **bold**, *italic*, `code`, [text](url), backslash escapes.
// An unmatched marker stays literal text. Adjacent runs with the same formatting are merged.
[[nodiscard]] std::vector<DocxRun> markdown_inline_runs(std::string_view text);

// The blocks of `markdown`, valid for write_docx: headings # to ### (deeper ones become level 3),
// list nesting 0-2 (two spaces or a tab per level), tables cut to 63 columns, and lines of a
// paragraph joined with a space. Never fails; never throws.
[[nodiscard]] std::vector<DocxBlock> markdown_to_docx_blocks(std::string_view markdown);

}  // namespace borough::io
