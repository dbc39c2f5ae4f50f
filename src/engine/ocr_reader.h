// OcrReader: the interface every OCR engine implements (today engine/tesseract). Actions see only
// this: recognised lines with boxes and honest confidences, never an engine's own types.
#pragma once

#include <cstddef>
#include <filesystem>
#include <stop_token>
#include <string>
#include <vector>

#include "core/result.h"

namespace borough::engine {

// One recognised text line. Boxes are in pixels of the page image as decoded (PDF pages: as rendered).
struct OcrLine {
    std::string text;        // UTF-8, no trailing newline
    float confidence = 0.F;  // 0-100: the mean of the engine's word confidences on this line
    int left = 0;
    int top = 0;
    int width = 0;
    int height = 0;
};

struct OcrPage {
    std::size_t page = 0;         // 1-based position in the file
    std::string source;           // the file it came from (as given to read_file)
    std::vector<OcrLine> lines;   // in reading order
    float mean_confidence = 0.F;  // mean word confidence over the page; 0 when nothing was recognised
    std::string error;            // non-empty when this page failed (lines is then empty)
};

class OcrReader {
public:
    virtual ~OcrReader() = default;

    // Recognises every page of a PNG, JPEG or TIFF (each TIFF page) or PDF (each page rendered at the
    // reader's resolution, 300 dpi by default), returned in page order. The format is detected from
    // the file's bytes, not its extension. Fails with NotFound (missing file), InvalidInput
    // (unsupported or corrupt file; the message names the file) or Cancelled (stop requested; pages
    // in progress stop within one word). A page that fails on its own gets OcrPage::error and the
    // other pages are kept. Thread-safe.
    [[nodiscard]] virtual Result<std::vector<OcrPage>> read_file(const std::filesystem::path& path,
                                                                 std::stop_token stop) = 0;
};

}  // namespace borough::engine
