// TesseractOcrReader: engine::OcrReader over Tesseract 5 (images decoded by leptonica, PDF pages
// rendered by poppler). A fixed pool of worker threads, each owning one TessBaseAPI, recognises pages
// in parallel; Tesseract's own OpenMP threading is switched off on those threads.
#pragma once

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "engine/ocr_reader.h"

namespace borough::engine::tesseract {

struct TesseractOptions {
    // Folder holding <language>.traineddata. Empty: the first of
    // /usr/share/tesseract-ocr/5/tessdata and /usr/share/tesseract-ocr/4.00/tessdata that exists.
    std::filesystem::path tessdata;
    std::string language = "eng";  // Tesseract form: "eng" or "eng+fra"
    // Pages recognised at once across all calls (each worker holds ~40 MB of models); at least 1.
    unsigned workers = std::max(1U, std::thread::hardware_concurrency());
    int pdf_dpi = 300;  // PDF page render resolution, 72-600
};

class TesseractOcrReader final : public OcrReader {
public:
    // Starts the workers and loads the language models on each. InvalidInput (field "tessdata",
    // "language", "workers" or "pdf_dpi") for bad options or missing traineddata; Unavailable when
    // Tesseract fails to initialise.
    [[nodiscard]] static Result<std::unique_ptr<TesseractOcrReader>> create(TesseractOptions options);

    // Stops the workers. No read_file call may be in progress.
    ~TesseractOcrReader() override;
    TesseractOcrReader(const TesseractOcrReader&) = delete;
    TesseractOcrReader& operator=(const TesseractOcrReader&) = delete;
    TesseractOcrReader(TesseractOcrReader&&) = delete;
    TesseractOcrReader& operator=(TesseractOcrReader&&) = delete;

    // See OcrReader::read_file. Pages of one file are spread across the workers; concurrent calls
    // share them (FIFO by page). Blocks until every page is done or cancelled. Thread-safe.
    [[nodiscard]] Result<std::vector<OcrPage>> read_file(const std::filesystem::path& path,
                                                         std::stop_token stop) override;

    [[nodiscard]] unsigned workers() const;

private:
    class Pool;
    explicit TesseractOcrReader(std::unique_ptr<Pool> pool);
    std::unique_ptr<Pool> pool_;
};

}  // namespace borough::engine::tesseract
