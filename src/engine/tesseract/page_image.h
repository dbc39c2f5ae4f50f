// PageImage: an 8-bit greyscale page held in memory (a rendered PDF page, a generated test scan), and
// writing it as PNG or multi-page TIFF. Leptonica stays inside page_image.cpp.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "core/result.h"

namespace borough::engine::tesseract {

struct PageImage {
    int width = 0;
    int height = 0;
    int dpi = 0;                       // 0 = unknown
    std::vector<std::uint8_t> pixels;  // row-major, width * height bytes, 0 = black, 255 = white

    [[nodiscard]] bool is_valid() const {
        return width > 0 && height > 0 &&
               pixels.size() == static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
    }
};

// Writes an 8-bit greyscale PNG (with its dpi when known). InvalidInput for an invalid image,
// Unavailable when the file cannot be written. Thread-safe.
[[nodiscard]] Status write_png(const PageImage& image, const std::filesystem::path& path);

// Writes every image as one page of a Deflate-compressed TIFF, in order. Errors as write_png.
[[nodiscard]] Status write_tiff(std::span<const PageImage> pages, const std::filesystem::path& path);

}  // namespace borough::engine::tesseract
