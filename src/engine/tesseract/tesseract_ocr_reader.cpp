#include "engine/tesseract/tesseract_ocr_reader.h"

#include <leptonica/allheaders.h>
#include <omp.h>
#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>
#include <tesseract/resultiterator.h>

#include <array>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <exception>
#include <fstream>
#include <future>
#include <mutex>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "core/strings.h"
#include "engine/tesseract/pdf_pages.h"

namespace borough::engine::tesseract {
namespace {

enum class FileFormat { Png, Jpeg, Tiff, Pdf };

struct PixDeleter {
    void operator()(Pix* pix) const { pixDestroy(&pix); }
};
using PixPtr = std::unique_ptr<Pix, PixDeleter>;

// Tesseract returns text allocated with new[].
struct TextDeleter {
    void operator()(char* text) const { delete[] text; }
};

// The format from the file's first bytes; extensions lie (a ".png" that is a JPEG is common).
Result<FileFormat> sniff_format(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return fail(ErrorCode::Unavailable, "cannot open " + path.string(), path.string());
    }
    std::array<char, 1024> head{};
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    const std::string_view bytes(head.data(), static_cast<std::size_t>(in.gcount()));
    if (bytes.empty()) {
        return fail(ErrorCode::InvalidInput, "file " + path.string() + " is empty", path.string());
    }
    if (bytes.starts_with("\x89PNG\r\n\x1a\n")) {
        return FileFormat::Png;
    }
    if (bytes.starts_with("\xff\xd8\xff")) {
        return FileFormat::Jpeg;
    }
    if (bytes.starts_with(std::string_view("II*\0", 4)) || bytes.starts_with(std::string_view("MM\0*", 4))) {
        return FileFormat::Tiff;
    }
    // PDF readers accept the header anywhere in the first 1024 bytes.
    if (bytes.find("%PDF-") != std::string_view::npos) {
        return FileFormat::Pdf;
    }
    return fail(ErrorCode::InvalidInput,
                "unsupported file format for OCR: " + path.string() + " (expected PNG, JPEG, TIFF or PDF)",
                path.string());
}

Result<std::size_t> count_tiff_pages(const std::filesystem::path& path) {
    std::FILE* fp = std::fopen(path.c_str(), "rb");
    if (fp == nullptr) {
        return fail(ErrorCode::Unavailable, "cannot open " + path.string(), path.string());
    }
    l_int32 n = 0;
    const l_int32 rc = tiffGetCount(fp, &n);
    std::fclose(fp);
    if (rc != 0 || n <= 0) {
        return fail(ErrorCode::InvalidInput, "cannot read TIFF file " + path.string() + ": corrupt or no pages",
                    path.string());
    }
    return static_cast<std::size_t>(n);
}

bool is_cancel_requested(void* stop, int /*words*/) {
    return static_cast<const std::stop_token*>(stop)->stop_requested();
}

// One file being read: its pages fill in as workers finish them.
struct Batch {
    std::filesystem::path path;
    FileFormat format = FileFormat::Png;
    std::stop_token stop;
    std::vector<OcrPage> pages;
    std::vector<bool> undecodable;  // the page's image could not be decoded at all

    std::mutex mu;
    std::condition_variable done;
    std::size_t remaining = 0;
};

struct Task {
    std::shared_ptr<Batch> batch;
    std::size_t index = 0;
};

// Everything one worker thread owns. Only that thread touches it.
class Worker {
public:
    Worker(const TesseractOptions& options) : options_(options) {}

    Status init() {
        // Tesseract parallelises inside a page with OpenMP ("#pragma omp parallel for num_threads(n)").
        // With one page per worker that only oversubscribes the cores, so it must run single-threaded
        // here. OMP_THREAD_LIMIT=1 set with setenv() would be too late (libgomp reads its
        // environment when it is loaded, before main) and process-wide (it would also serialise
        // ggml's OpenMP threads in the llama engine). max-active-levels 0 is a per-thread ICV: every
        // parallel region started from this thread gets a team of one, and no other thread changes.
        omp_set_max_active_levels(0);
        if (api_.Init(options_.tessdata.c_str(), options_.language.c_str(), ::tesseract::OEM_LSTM_ONLY) != 0) {
            return fail(
                ErrorCode::Unavailable,
                "Tesseract could not load language '" + options_.language + "' from " + options_.tessdata.string(),
                "language");
        }
        api_.SetPageSegMode(::tesseract::PSM_AUTO);
        // Tesseract prints progress notes ("Detected 34 diacritics") to stderr; they are not errors and
        // would clutter the CLI, so its debug output goes nowhere.
        api_.SetVariable("debug_file", "/dev/null");
        return {};
    }

    void run(Task& task) {
        Batch& batch = *task.batch;
        OcrPage page;
        page.page = task.index + 1;
        page.source = batch.path.string();
        bool undecodable = false;
        if (batch.stop.stop_requested()) {
            page.error = "cancelled";
        } else {
            try {
                undecodable = !recognise(task, page);
            } catch (const std::exception& e) {
                page.lines.clear();
                page.error = std::string("OCR failed: ") + e.what();
            }
        }
        std::lock_guard lock(batch.mu);
        batch.pages[task.index] = std::move(page);
        batch.undecodable[task.index] = undecodable;
        if (--batch.remaining == 0) {
            batch.done.notify_all();
        }
    }

private:
    // Returns false when the page's image could not be decoded; other failures set page.error.
    bool recognise(const Task& task, OcrPage& page) {
        const Batch& batch = *task.batch;
        const std::string where = batch.path.string() + " page " + std::to_string(page.page);
        PixPtr pix;
        if (batch.format == FileFormat::Pdf) {
            if (pdf_batch_ != task.batch) {
                pdf_.reset();
                pdf_batch_ = task.batch;
                auto opened = PdfPages::open(batch.path);
                if (!opened) {
                    page.error = opened.error().message;
                    return false;
                }
                pdf_ = std::move(opened).value();
            }
            if (!pdf_) {
                page.error = "cannot read PDF file " + batch.path.string();
                return false;
            }
            auto image = pdf_->render_page(task.index, options_.pdf_dpi);
            if (!image) {
                page.error = image.error().message;
                return false;
            }
            api_.SetImage(image->pixels.data(), image->width, image->height, 1, image->width);
            api_.SetSourceResolution(image->dpi);
        } else {
            if (batch.format == FileFormat::Tiff) {
                pix.reset(pixReadTiff(batch.path.c_str(), static_cast<l_int32>(task.index)));
            } else {
                pix.reset(pixRead(batch.path.c_str()));
            }
            if (!pix) {
                page.error = "cannot decode image " + where + ": corrupt or truncated";
                return false;
            }
            const l_int32 depth = pixGetDepth(pix.get());
            if (pixGetColormap(pix.get()) != nullptr || (depth != 1 && depth != 8 && depth != 32)) {
                pix.reset(pixConvertTo8(pix.get(), 0));
                if (!pix) {
                    page.error = "cannot convert image " + where + " to greyscale";
                    return false;
                }
            }
            api_.SetImage(pix.get());
            // A resolution outside Tesseract's range (often 0: not recorded) is left for Tesseract to
            // estimate from the text height.
            const l_int32 dpi = pixGetXRes(pix.get());
            if (dpi >= 70 && dpi <= 2400) {
                api_.SetSourceResolution(dpi);
            }
        }

        ::tesseract::ETEXT_DESC monitor;
        monitor.cancel = &is_cancel_requested;
        monitor.cancel_this = const_cast<std::stop_token*>(&batch.stop);  // read-only in the callback
        const int rc = api_.Recognize(&monitor);
        if (batch.stop.stop_requested()) {
            page.error = "cancelled";
        } else if (rc != 0) {
            page.error = "Tesseract could not recognise " + where;
        } else {
            collect_lines(page);
        }
        api_.Clear();
        return true;
    }

    void collect_lines(OcrPage& page) {
        std::unique_ptr<::tesseract::ResultIterator> it(api_.GetIterator());
        double page_sum = 0;
        std::size_t page_words = 0;
        double line_sum = 0;
        std::size_t line_words = 0;
        auto close_line = [&] {
            if (line_words == 0) {
                return;
            }
            page.lines.back().confidence = static_cast<float>(line_sum / static_cast<double>(line_words));
            line_sum = 0;
            line_words = 0;
        };
        if (it) {
            constexpr auto kLine = ::tesseract::RIL_TEXTLINE;
            constexpr auto kWord = ::tesseract::RIL_WORD;
            do {
                if (it->Empty(kWord)) {
                    continue;
                }
                if (it->IsAtBeginningOf(kLine) || page.lines.empty()) {
                    close_line();
                    const std::unique_ptr<char, TextDeleter> text(it->GetUTF8Text(kLine));
                    OcrLine line;
                    line.text = std::string(trim_ascii_whitespace(text ? std::string_view(text.get()) : std::string_view()));
                    int left = 0, top = 0, right = 0, bottom = 0;
                    if (it->BoundingBox(kLine, &left, &top, &right, &bottom)) {
                        line = OcrLine{std::move(line.text), 0.F, left, top, right - left, bottom - top};
                    }
                    page.lines.push_back(std::move(line));
                }
                const auto conf = static_cast<double>(it->Confidence(kWord));
                line_sum += conf;
                ++line_words;
                page_sum += conf;
                ++page_words;
            } while (it->Next(kWord));
            close_line();
        }
        // Lines that hold only whitespace carry no text for callers.
        std::erase_if(page.lines, [](const OcrLine& l) { return l.text.empty(); });
        page.mean_confidence = page_words == 0 ? 0.F : static_cast<float>(page_sum / static_cast<double>(page_words));
    }

    const TesseractOptions& options_;
    ::tesseract::TessBaseAPI api_;
    std::shared_ptr<Batch> pdf_batch_;  // the file pdf_ belongs to (held so its address stays unique)
    std::unique_ptr<PdfPages> pdf_;
};

}  // namespace

class TesseractOcrReader::Pool {
public:
    explicit Pool(TesseractOptions options) : options_(std::move(options)) {}

    ~Pool() {
        {
            std::lock_guard lock(mu_);
            stopping_ = true;
        }
        ready_.notify_all();
        threads_.clear();  // joins
    }
    Pool(const Pool&) = delete;
    Pool& operator=(const Pool&) = delete;
    Pool(Pool&&) = delete;
    Pool& operator=(Pool&&) = delete;

    Status start() {
        std::vector<std::future<Status>> started;
        for (unsigned i = 0; i < options_.workers; ++i) {
            std::promise<Status> init_done;
            started.push_back(init_done.get_future());
            threads_.emplace_back([this, p = std::move(init_done)]() mutable { work(std::move(p)); });
        }
        for (auto& f : started) {
            Status s = f.get();
            if (!s) {
                return s;
            }
        }
        return {};
    }

    void submit(const std::shared_ptr<Batch>& batch) {
        {
            std::lock_guard lock(mu_);
            for (std::size_t i = 0; i < batch->pages.size(); ++i) {
                queue_.push_back(Task{batch, i});
            }
        }
        ready_.notify_all();
    }

    [[nodiscard]] const TesseractOptions& options() const { return options_; }

private:
    void work(std::promise<Status> init_done) {
        Worker worker(options_);
        Status s = worker.init();
        const bool ok = s.has_value();
        init_done.set_value(std::move(s));
        if (!ok) {
            return;
        }
        for (;;) {
            Task task;
            {
                std::unique_lock lock(mu_);
                ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
                if (queue_.empty()) {
                    return;  // stopping
                }
                task = std::move(queue_.front());
                queue_.pop_front();
            }
            worker.run(task);
        }
    }

    const TesseractOptions options_;
    std::mutex mu_;
    std::condition_variable ready_;
    std::deque<Task> queue_;
    bool stopping_ = false;
    std::vector<std::jthread> threads_;  // last: joined before the members above are destroyed
};

TesseractOcrReader::TesseractOcrReader(std::unique_ptr<Pool> pool) : pool_(std::move(pool)) {}
TesseractOcrReader::~TesseractOcrReader() = default;

unsigned TesseractOcrReader::workers() const { return pool_->options().workers; }

Result<std::unique_ptr<TesseractOcrReader>> TesseractOcrReader::create(TesseractOptions options) {
    std::error_code ec;
    if (options.tessdata.empty()) {
        for (const char* dir : {"/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata"}) {
            if (std::filesystem::is_directory(dir, ec)) {
                options.tessdata = dir;
                break;
            }
        }
        if (options.tessdata.empty()) {
            return fail(ErrorCode::InvalidInput,
                        "no Tesseract language data found in /usr/share/tesseract-ocr/{5,4.00}/tessdata "
                        "(install tesseract-ocr-eng or set tessdata)",
                        "tessdata");
        }
    }
    if (!std::filesystem::is_directory(options.tessdata, ec)) {
        return fail(ErrorCode::InvalidInput, "Tesseract data folder not found: " + options.tessdata.string(),
                    "tessdata");
    }
    if (options.language.empty()) {
        return fail(ErrorCode::InvalidInput, "OCR language must not be empty", "language");
    }
    std::string_view langs = options.language;
    while (!langs.empty()) {
        const std::size_t plus = langs.find('+');
        const std::string lang(langs.substr(0, plus));
        langs = plus == std::string_view::npos ? std::string_view() : langs.substr(plus + 1);
        const auto file = options.tessdata / (lang + ".traineddata");
        if (lang.empty() || !std::filesystem::is_regular_file(file, ec)) {
            return fail(ErrorCode::InvalidInput,
                        "no Tesseract model for language '" + lang + "': " + file.string() + " is missing", "language");
        }
    }
    if (options.workers == 0 || options.workers > 256) {
        return fail(ErrorCode::InvalidInput, "OCR workers must be 1-256", "workers");
    }
    if (options.pdf_dpi < 72 || options.pdf_dpi > 600) {
        return fail(ErrorCode::InvalidInput, "PDF render resolution must be 72-600 dpi", "pdf_dpi");
    }
    auto pool = std::make_unique<Pool>(std::move(options));
    BOROUGH_TRY_STATUS(pool->start());
    return std::unique_ptr<TesseractOcrReader>(new TesseractOcrReader(std::move(pool)));
}

Result<std::vector<OcrPage>> TesseractOcrReader::read_file(const std::filesystem::path& path, std::stop_token stop) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        return fail(ErrorCode::NotFound, "file not found: " + path.string(), path.string());
    }
    if (!std::filesystem::is_regular_file(path, ec)) {
        return fail(ErrorCode::InvalidInput, path.string() + " is not a file", path.string());
    }
    if (stop.stop_requested()) {
        return fail(ErrorCode::Cancelled, "OCR cancelled", path.string());
    }
    BOROUGH_TRY(const FileFormat format, sniff_format(path));

    std::size_t page_count = 1;
    if (format == FileFormat::Tiff) {
        BOROUGH_TRY(page_count, count_tiff_pages(path));
    } else if (format == FileFormat::Pdf) {
        BOROUGH_TRY(auto pdf, PdfPages::open(path));
        page_count = pdf->page_count();
    }

    auto batch = std::make_shared<Batch>();
    batch->path = path;
    batch->format = format;
    batch->stop = stop;
    batch->pages.resize(page_count);
    batch->undecodable.assign(page_count, false);
    batch->remaining = page_count;
    pool_->submit(batch);
    {
        std::unique_lock lock(batch->mu);
        batch->done.wait(lock, [&] { return batch->remaining == 0; });
    }
    if (stop.stop_requested()) {
        return fail(ErrorCode::Cancelled, "OCR cancelled", path.string());
    }
    // A single image that cannot be decoded is a bad file, not a bad page.
    if ((format == FileFormat::Png || format == FileFormat::Jpeg) && batch->undecodable[0]) {
        return fail(ErrorCode::InvalidInput, batch->pages[0].error, path.string());
    }
    return std::move(batch->pages);
}

}  // namespace borough::engine::tesseract
