// Paragraph text of a Word .docx file (word/document.xml), with style names, for transcript and
// document input. Reads only the parts it needs from a zip held in memory; never writes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace borough::io {

struct DocxParagraph {
    std::string text;       // UTF-8; <w:tab/> as '\t', <w:br/> and <w:cr/> as '\n'; deleted revisions left out
    std::string style;      // style name from word/styles.xml ("heading 1"), else its id, else ""
    std::size_t index = 0;  // 1-based position among the body's paragraphs (a table row counts as one)
    bool in_table = false;  // a flattened table row: cell texts joined by " | "
};

inline constexpr std::size_t kMaxDocxPartBytes = std::size_t{64} << 20;

// Non-empty paragraphs of the main document body in order, tables flattened to one paragraph per
// row. Errors (InvalidInput unless noted, message starting with `name`): not a zip, no
// word/document.xml, malformed XML (names the byte offset), a part expanding past 64 MiB
// (ResourceExhausted). Thread-safe.
[[nodiscard]] Result<std::vector<DocxParagraph>> docx_paragraphs(std::string_view bytes, std::string_view name);

}  // namespace borough::io
