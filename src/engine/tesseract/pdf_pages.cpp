#include "engine/tesseract/pdf_pages.h"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <cstring>
#include <exception>
#include <string>
#include <system_error>
#include <utility>

namespace borough::engine::tesseract {

struct PdfPages::Document {
    std::unique_ptr<poppler::document> doc;
};

PdfPages::PdfPages(std::filesystem::path path, std::unique_ptr<Document> document)
    : path_(std::move(path)), document_(std::move(document)) {}

PdfPages::~PdfPages() = default;

Result<std::unique_ptr<PdfPages>> PdfPages::open(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        return fail(ErrorCode::NotFound, "PDF file not found: " + path.string(), path.string());
    }
    auto document = std::make_unique<Document>();
    try {
        document->doc.reset(poppler::document::load_from_file(path.string()));
    } catch (const std::exception& e) {
        return fail(ErrorCode::InvalidInput, "cannot read PDF file " + path.string() + ": " + e.what(), path.string());
    }
    if (!document->doc) {
        return fail(ErrorCode::InvalidInput, "cannot read PDF file " + path.string() + ": not a PDF or corrupt",
                    path.string());
    }
    if (document->doc->is_locked()) {
        return fail(ErrorCode::InvalidInput, "PDF file " + path.string() + " is password-protected", path.string());
    }
    if (document->doc->pages() <= 0) {
        return fail(ErrorCode::InvalidInput, "PDF file " + path.string() + " has no pages", path.string());
    }
    return std::unique_ptr<PdfPages>(new PdfPages(path, std::move(document)));
}

std::size_t PdfPages::page_count() const { return static_cast<std::size_t>(document_->doc->pages()); }

Result<PageImage> PdfPages::render_page(std::size_t index, int dpi) const {
    const std::string where = path_.string() + " page " + std::to_string(index + 1);
    if (index >= page_count()) {
        return fail(ErrorCode::InvalidInput,
                    "page " + std::to_string(index + 1) + " is past the last page (" + std::to_string(page_count()) +
                        ") of " + path_.string(),
                    path_.string());
    }
    if (dpi < 1 || dpi > 1200) {
        return fail(ErrorCode::InvalidInput, "render resolution must be 1-1200 dpi", "dpi");
    }
    try {
        std::unique_ptr<poppler::page> page(document_->doc->create_page(static_cast<int>(index)));
        if (!page) {
            return fail(ErrorCode::InvalidInput, "cannot open " + where, path_.string());
        }
        poppler::page_renderer renderer;
        renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
        renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
        renderer.set_image_format(poppler::image::format_gray8);
        const poppler::image rendered = renderer.render_page(page.get(), dpi, dpi);
        if (!rendered.is_valid() || rendered.format() != poppler::image::format_gray8) {
            return fail(ErrorCode::InvalidInput, "cannot render " + where, path_.string());
        }
        PageImage out;
        out.width = rendered.width();
        out.height = rendered.height();
        out.dpi = dpi;
        const auto row_bytes = static_cast<std::size_t>(out.width);
        out.pixels.resize(row_bytes * static_cast<std::size_t>(out.height));
        const char* src = rendered.const_data();
        const auto stride = static_cast<std::size_t>(rendered.bytes_per_row());
        for (std::size_t y = 0; y < static_cast<std::size_t>(out.height); ++y) {
            std::memcpy(out.pixels.data() + y * row_bytes, src + y * stride, row_bytes);
        }
        return out;
    } catch (const std::exception& e) {
        return fail(ErrorCode::InvalidInput, "cannot render " + where + ": " + e.what(), path_.string());
    }
}

}  // namespace borough::engine::tesseract
