// PDF document input: the text layer of each page (poppler-cpp), with 1-based page numbers, so document
// actions can cite "p. 4". Never renders or OCRs: a scanned PDF is refused with a pointer to OCR.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace borough::io {

struct PdfPageText {
    int number = 0;    // 1-based page number as a reader counts pages (not the printed page label)
    std::string text;  // UTF-8 in reading order; LF line ends, no form feeds, trailing spaces removed
};

// Text of every page of the PDF in `bytes`, blank pages included (text ""), in page order.
// Errors (InvalidInput, message starting with `name`, field `name`): not a PDF or corrupt,
// password-protected (encrypted), no pages, and no text layer on any page ("scanned PDF: run OCR").
// Thread-safe: each call opens its own poppler document.
[[nodiscard]] Result<std::vector<PdfPageText>> pdf_pages_text(std::string_view bytes, std::string_view name);

}  // namespace borough::io
