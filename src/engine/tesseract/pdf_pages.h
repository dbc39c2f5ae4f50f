// PdfPages: renders the pages of a PDF file to greyscale PageImages with poppler-cpp, for OCR and for
// the test-form generator. Poppler stays inside pdf_pages.cpp.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>

#include "core/result.h"
#include "engine/tesseract/page_image.h"

namespace borough::engine::tesseract {

// Not thread-safe: use one PdfPages per thread (poppler documents are not shared across threads).
class PdfPages {
public:
    // InvalidInput when the file is not a readable PDF, is password-protected or has no pages
    // (the message names the file); NotFound when it does not exist.
    [[nodiscard]] static Result<std::unique_ptr<PdfPages>> open(const std::filesystem::path& path);
    ~PdfPages();
    PdfPages(const PdfPages&) = delete;
    PdfPages& operator=(const PdfPages&) = delete;
    PdfPages(PdfPages&&) = delete;
    PdfPages& operator=(PdfPages&&) = delete;

    [[nodiscard]] std::size_t page_count() const;

    // Renders page `index` (0-based) at `dpi` (1-1200) with anti-aliasing. InvalidInput for a bad
    // index or dpi, or a page poppler cannot render (the message names the file and 1-based page).
    [[nodiscard]] Result<PageImage> render_page(std::size_t index, int dpi) const;

private:
    struct Document;
    PdfPages(std::filesystem::path path, std::unique_ptr<Document> document);

    std::filesystem::path path_;
    std::unique_ptr<Document> document_;
};

}  // namespace borough::engine::tesseract
