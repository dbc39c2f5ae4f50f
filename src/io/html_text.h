// HTML document input (web pages, committee papers saved as HTML): headings and body text through
// libxml2's forgiving HTML parser, with page furniture (script, style, nav, header, footer, aside) left out.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace borough::io {

struct HtmlBlock {
    int level = 0;     // 1-6 for <h1>..<h6>; 0 for body text
    std::string text;  // UTF-8, entities decoded, whitespace collapsed (kept inside <pre>)
};

inline constexpr std::size_t kMaxHtmlBytes = std::size_t{50} << 20;

// Non-empty blocks in document order: headings, and the text of paragraphs, list items, table rows
// (cells joined by " | "), <pre> and other block elements. Text inside script, style, noscript,
// template, head, nav, header, footer and aside is dropped. The charset comes from a <meta> tag; without
// one, UTF-8 or else Windows-1252. Errors (InvalidInput, message starting with `name`, field `name`):
// empty, over kMaxHtmlBytes (ResourceExhausted), unparsable. Broken markup is recovered, never
// rejected. Thread-safe.
[[nodiscard]] Result<std::vector<HtmlBlock>> html_blocks(std::string_view bytes, std::string_view name);

}  // namespace borough::io
