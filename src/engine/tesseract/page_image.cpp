#include "engine/tesseract/page_image.h"

#include <leptonica/allheaders.h>

#include <memory>
#include <string>

namespace borough::engine::tesseract {
namespace {

struct PixDeleter {
    void operator()(Pix* pix) const { pixDestroy(&pix); }
};
using PixPtr = std::unique_ptr<Pix, PixDeleter>;

Result<PixPtr> to_pix(const PageImage& image, const std::filesystem::path& path) {
    if (!image.is_valid()) {
        return fail(ErrorCode::InvalidInput, "cannot write an empty or inconsistent image", path.string());
    }
    PixPtr pix(pixCreate(image.width, image.height, 8));
    if (!pix) {
        return fail(ErrorCode::ResourceExhausted, "cannot allocate image", path.string());
    }
    l_uint32* data = pixGetData(pix.get());
    const l_int32 wpl = pixGetWpl(pix.get());
    for (int y = 0; y < image.height; ++y) {
        l_uint32* line = data + static_cast<std::ptrdiff_t>(y) * wpl;
        const std::uint8_t* src =
            image.pixels.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(image.width);
        for (int x = 0; x < image.width; ++x) {
            SET_DATA_BYTE(line, x, src[x]);
        }
    }
    if (image.dpi > 0) {
        pixSetResolution(pix.get(), image.dpi, image.dpi);
    }
    return pix;
}

}  // namespace

Status write_png(const PageImage& image, const std::filesystem::path& path) {
    BOROUGH_TRY(PixPtr pix, to_pix(image, path));
    if (pixWrite(path.c_str(), pix.get(), IFF_PNG) != 0) {
        return fail(ErrorCode::Unavailable, "cannot write PNG file " + path.string(), path.string());
    }
    return {};
}

Status write_tiff(std::span<const PageImage> pages, const std::filesystem::path& path) {
    if (pages.empty()) {
        return fail(ErrorCode::InvalidInput, "a TIFF needs at least one page", path.string());
    }
    for (std::size_t i = 0; i < pages.size(); ++i) {
        BOROUGH_TRY(PixPtr pix, to_pix(pages[i], path));
        if (pixWriteTiff(path.c_str(), pix.get(), IFF_TIFF_ZIP, i == 0 ? "w" : "a") != 0) {
            return fail(ErrorCode::Unavailable,
                        "cannot write page " + std::to_string(i + 1) + " of TIFF file " + path.string(), path.string());
        }
    }
    return {};
}

}  // namespace borough::engine::tesseract
