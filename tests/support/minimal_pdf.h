// A minimal PDF writer for tests: pages of text in the 14 standard fonts (no embedding, no images),
// so tests can make real documents to render and OCR without shipping binary fixtures.
#pragma once

#include <span>
#include <string>
#include <vector>

namespace borough::test {

struct PdfText {
    std::string font = "Helvetica";  // a standard-14 name: Helvetica, Helvetica-Bold, Courier, Times-Italic...
    double size_pt = 12;
    double x_pt = 72;  // baseline start, from the page's bottom-left corner
    double y_pt = 720;
    std::string text;  // UTF-8; characters outside Windows-1252 become '?'
};

struct PdfPage {
    double width_pt = 595.28;  // A4
    double height_pt = 841.89;
    std::vector<PdfText> texts;
};

// The bytes of a PDF 1.4 file with one page per element (WinAnsiEncoding fonts, correct xref).
std::string write_minimal_pdf(std::span<const PdfPage> pages);

}  // namespace borough::test
