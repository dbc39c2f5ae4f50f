// Plain-text, Markdown and Word (.docx) document input: decoding (UTF-8 or Windows-1252), sections from Markdown
// headings, and the text with offsets preserved so citations point into the original file.
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

struct TextDocument {
    std::string name;       // file name as given
    std::string text;       // UTF-8, BOM removed, CRLF normalised to LF
    bool is_markdown = false;
    SourceEncoding encoding = SourceEncoding::Utf8;
    std::vector<Section> sections;
};

inline constexpr std::uint64_t kMaxTextDocumentBytes = 50ULL * 1024 * 1024;

// Reads a .txt / .md / .markdown / .docx file (others: InvalidInput naming the extension and the
// supported ones). A .docx becomes Markdown text: its "Heading N" and Title paragraphs are headings
// (so it has sections), other paragraphs and flattened table rows are paragraphs.
// Errors: missing, unreadable, empty, oversize, binary (names the byte), whitespace-only.
[[nodiscard]] Result<TextDocument> read_text_document(const std::filesystem::path& path);

// Same from bytes already in memory (uploads); `name` decides Markdown vs text by extension.
[[nodiscard]] Result<TextDocument> parse_text_document(std::string_view bytes, std::string name);

}  // namespace borough::io
