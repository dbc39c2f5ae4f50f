// A document action's input read once: decoded text, sentences, and where each sentence sits (PDF page,
// section heading), so every cited statement can say "[S12, p. 4]" or "[S12, §2.1 Housing]".
// Shared by document-summary and news-angles.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "actions/context.h"
#include "actions/pipeline.h"
#include "core/json.h"
#include "core/result.h"

namespace borough::actions::document_summary {

struct DocumentSource {
    SourceText source;               // name, text and sentences (sentence ids are 1-based)
    std::string format;              // "pdf", "html", "docx", "markdown" or "text"
    int page_count = 0;              // PDF pages; 0 for other formats
    std::vector<std::string> section_labels;  // per io::Section: "§2.1 Housing", "" for an untitled one
    std::vector<int> sentence_page;      // per sentence: 1-based PDF page, 0 when the format has none
    std::vector<int> sentence_section;   // per sentence: index into section_labels, -1 when none
    std::vector<bool> sentence_is_heading;  // per sentence: a heading line, a label rather than a statement

    // "p. 4", or "§2.1 Housing" when the document has no pages, or "" (plain text, untitled section).
    // `index` is 0-based. Thread-safe (const).
    [[nodiscard]] std::string reference(std::size_t index) const;
    // The section title of a sentence ("" when none).
    [[nodiscard]] std::string section_title(std::size_t index) const;
    // {"sentence": index + 1, "begin", "end"} plus "page", "section" and "ref" when known.
    [[nodiscard]] Json citation(std::size_t index) const;
    // {"name", "format", "sentences", "pages"?, "sections"?} for the result.
    [[nodiscard]] Json summary() const;
};

// Reads the action input: bytes by extension (.txt .md .markdown .docx .pdf .html .htm, through
// io::parse_text_document) or text as given. Errors: the reader's (InvalidInput naming the file: corrupt,
// encrypted or scanned PDF...), and InvalidInput when there are no sentences.
[[nodiscard]] Result<DocumentSource> read_document_source(const ActionInput& input);

// JSON Schema of one sentence id a model may cite: an enum of "S1".."Sn" for up to 256 sentences (so
// constrained decoding cannot invent one), else the pattern ^S[1-9][0-9]*$ (citations are checked after).
[[nodiscard]] Json sentence_id_schema(std::size_t sentence_count);

// Citation text for Markdown and DOCX: "[S12, p. 4]" or "[S12]"; several joined: "[S3, p. 1; S9, p. 2]".
[[nodiscard]] std::string format_citations(const Json& citations);

}  // namespace borough::actions::document_summary
