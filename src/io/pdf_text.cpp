#include "io/pdf_text.h"

#include <fmt/format.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-page.h>

#include <climits>
#include <exception>
#include <memory>

#include "core/text_encoding.h"
#include "io/utf8_repair.h"

namespace borough::io {
namespace {

// Poppler's page text: CRLF / CR to LF, form feeds and NULs dropped, spaces before a line end removed.
std::string clean_page_text(const std::vector<char>& utf8) {
    std::string out;
    out.reserve(utf8.size());
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        char c = utf8[i];
        if (c == '\f' || c == '\0') continue;
        if (c == '\r') {
            if (i + 1 < utf8.size() && utf8[i + 1] == '\n') continue;
            c = '\n';
        }
        if (c == '\n') {
            while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
        }
        out += c;
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == '\t' || out.back() == '\n')) out.pop_back();
    return out;
}

bool has_visible_text(std::string_view text) {
    return text.find_first_not_of(" \t\n") != std::string_view::npos;
}

}  // namespace

Result<std::vector<PdfPageText>> pdf_pages_text(std::string_view bytes, std::string_view name) {
    const std::string where(name);
    auto bad = [&](std::string_view why) {
        return fail(ErrorCode::InvalidInput, fmt::format("{}: {}", where, why), where);
    };
    if (bytes.size() > static_cast<std::size_t>(INT_MAX)) return bad("too large for the PDF reader");
    if (bytes.size() < 5 || bytes.find("%PDF-") > 1024) return bad("not a PDF file (no %PDF- header)");
    try {
        // poppler reads `bytes` in place; they outlive `doc`.
        std::unique_ptr<poppler::document> doc(
            poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
        if (!doc) return bad("cannot read the PDF: it is corrupt or password-protected");
        if (doc->is_locked()) return bad("the PDF is password-protected (encrypted): save an unprotected copy");
        const int count = doc->pages();
        if (count <= 0) return bad("the PDF has no pages");
        std::vector<PdfPageText> pages;
        pages.reserve(static_cast<std::size_t>(count));
        bool any_text = false;
        for (int i = 0; i < count; ++i) {
            std::unique_ptr<poppler::page> page(doc->create_page(i));
            PdfPageText p;
            p.number = i + 1;
            if (page) {
                const poppler::ustring text = page->text(poppler::rectf(), poppler::page::non_raw_non_physical_layout);
                p.text = clean_page_text(text.to_utf8());
                // Poppler maps glyphs it cannot decode to invalid bytes now and then: keep the rest.
                p.text = repair_utf8(p.text);
            }
            any_text = any_text || has_visible_text(p.text);
            pages.push_back(std::move(p));
        }
        if (!any_text) {
            return bad(fmt::format("no text layer on any of its {} page{} (a scanned PDF): run OCR on it first",
                                   count, count == 1 ? "" : "s"));
        }
        return pages;
    } catch (const std::exception& e) {
        return bad(fmt::format("cannot read the PDF: {}", e.what()));
    }
}

}  // namespace borough::io
