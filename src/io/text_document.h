// Plain-text, Markdown, Word (.docx), PDF and HTML document input: decoding (UTF-8 or Windows-1252), sections
// from headings, PDF page ranges, and the text with offsets preserved so citations point into it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/text_encoding.h"

namespace borough::io {

struct Section {
    std::string title;      // heading text without the leading #s ("" for text before the first heading)
    int level = 0;          // 1 for "#", 2 for "##", ...; 0 for the untitled lead section
    std::size_t begin = 0;  // byte range of the section body in TextDocument::text
    std::size_t end = 0;
};

// A PDF page's text in TextDocument::text. Pages are separated by a blank line, so no sentence spans two.
struct Page {
    int number = 0;         // 1-based, as a PDF reader counts
    std::size_t begin = 0;  // byte range of the page's text (begin == end for a blank page)
    std::size_t end = 0;
};

struct TextDocument {
    std::string name;       // file name as given
    std::string text;       // UTF-8, BOM removed, CRLF normalised to LF
    bool is_markdown = false;
    SourceEncoding encoding = SourceEncoding::Utf8;
    std::vector<Section> sections;
    std::vector<Page> pages;  // PDF only, one per page in order; empty for other formats
};

inline constexpr std::uint64_t kMaxTextDocumentBytes = 50ULL * 1024 * 1024;

// Reads a .txt / .md / .markdown / .docx / .pdf / .html / .htm file (others: InvalidInput naming the
// extension and the supported ones). A .docx becomes Markdown text: its "Heading N" and Title paragraphs
// are headings (so it has sections), other paragraphs and flattened table rows are paragraphs. HTML
// becomes Markdown the same way from <h1>-<h6> and its body text (io/html_text.h). A PDF's pages'
// text layers are joined (io/pdf_text.h) with `pages` set and one untitled section; a scanned PDF
// is refused ("run OCR").
// Errors: missing, unreadable, empty, oversize, binary (names the byte), whitespace-only.
[[nodiscard]] Result<TextDocument> read_text_document(const std::filesystem::path& path);

// Same from bytes already in memory (uploads); `name` decides Markdown vs text by extension.
[[nodiscard]] Result<TextDocument> parse_text_document(std::string_view bytes, std::string name);

}  // namespace borough::io
