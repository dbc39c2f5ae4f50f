#include "engine/tesseract/tesseract_ocr_reader.h"

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "engine/tesseract/page_image.h"
#include "engine/tesseract/pdf_pages.h"
#include "engine/tesseract/test_files.h"
#include "support/minimal_pdf.h"
#include "support/temp_dir.h"

namespace borough::engine::tesseract {
namespace {

using test::TempDir;
using testing::missing_words;

constexpr std::array<const char*, 3> kPage1 = {
    "Residents reported damp and mould in twelve flats",
    "The repairs team visited every home within ten days",
    "Most tenants were satisfied with the outcome",
};
constexpr std::array<const char*, 2> kPage2 = {
    "Second page about parking permits",
    "Garage rents will rise by four percent in April",
};

test::PdfPage text_page(std::initializer_list<const char*> lines, const char* font = "Helvetica") {
    test::PdfPage page;
    double y = 760;
    for (const char* line : lines) {
        page.texts.push_back({font, 12, 72, y, line});
        y -= 24;
    }
    return page;
}

std::string joined(const OcrPage& page) {
    std::string text;
    for (const auto& line : page.lines) {
        text += line.text + "\n";
    }
    return text;
}

std::string joined(std::initializer_list<const char*> lines) {
    std::string text;
    for (const char* line : lines) {
        text += std::string(line) + "\n";
    }
    return text;
}

std::unique_ptr<TesseractOcrReader> make_reader(unsigned workers = 2) {
    TesseractOptions options;
    options.workers = workers;
    auto reader = TesseractOcrReader::create(options);
    EXPECT_TRUE(reader) << reader.error().message;
    return reader ? std::move(reader).value() : nullptr;
}

// Clean print: every line found, each with a high confidence and a plausible box.
void expect_clean_text(const OcrPage& page, std::initializer_list<const char*> lines) {
    EXPECT_TRUE(page.error.empty()) << page.error;
    EXPECT_TRUE(missing_words(joined(page), joined(lines)).empty()) << joined(page);
    ASSERT_EQ(page.lines.size(), lines.size()) << joined(page);
    for (const auto& line : page.lines) {
        EXPECT_GT(line.confidence, 80.F) << line.text;
        EXPECT_LE(line.confidence, 100.F);
        EXPECT_GT(line.width, 0);
        EXPECT_GT(line.height, 0);
    }
    EXPECT_GT(page.mean_confidence, 80.F);
    // Reading order: top to bottom.
    for (std::size_t i = 1; i < page.lines.size(); ++i) {
        EXPECT_GT(page.lines[i].top, page.lines[i - 1].top);
    }
}

TEST(TesseractOcrReader, ReadsEveryPageOfAPdfInOrder) {
    TempDir dir;
    const std::vector<test::PdfPage> pages = {
        text_page({kPage1[0], kPage1[1], kPage1[2]}),
        text_page({kPage2[0], kPage2[1]}, "Times-Roman"),
    };
    const auto pdf = dir.write("report.pdf", test::write_minimal_pdf(pages));
    auto reader = make_reader();
    ASSERT_TRUE(reader);
    auto result = reader->read_file(pdf, {});
    ASSERT_TRUE(result) << result.error().message;
    ASSERT_EQ(result->size(), 2U);
    EXPECT_EQ((*result)[0].page, 1U);
    EXPECT_EQ((*result)[1].page, 2U);
    EXPECT_EQ((*result)[0].source, pdf.string());
    expect_clean_text((*result)[0], {kPage1[0], kPage1[1], kPage1[2]});
    expect_clean_text((*result)[1], {kPage2[0], kPage2[1]});
}

TEST(TesseractOcrReader, ReadsARenderedPngAndATiff) {
    TempDir dir;
    const std::vector<test::PdfPage> pages = {text_page({kPage1[0], kPage1[1], kPage1[2]}),
                                              text_page({kPage2[0], kPage2[1]})};
    const auto pdf_path = dir.write("src.pdf", test::write_minimal_pdf(pages));
    auto pdf = PdfPages::open(pdf_path);
    ASSERT_TRUE(pdf);
    auto first = (*pdf)->render_page(0, 300);
    auto second = (*pdf)->render_page(1, 200);
    ASSERT_TRUE(first && second);
    const auto png = dir.file("page1.png");
    ASSERT_TRUE(write_png(*first, png));
    const std::vector<PageImage> images = {*first, *second};
    const auto tif = dir.file("pages.tif");
    ASSERT_TRUE(write_tiff(images, tif));

    auto reader = make_reader();
    ASSERT_TRUE(reader);
    auto from_png = reader->read_file(png, {});
    ASSERT_TRUE(from_png) << from_png.error().message;
    ASSERT_EQ(from_png->size(), 1U);
    expect_clean_text((*from_png)[0], {kPage1[0], kPage1[1], kPage1[2]});

    auto from_tiff = reader->read_file(tif, {});
    ASSERT_TRUE(from_tiff) << from_tiff.error().message;
    ASSERT_EQ(from_tiff->size(), 2U);
    expect_clean_text((*from_tiff)[0], {kPage1[0], kPage1[1], kPage1[2]});
    expect_clean_text((*from_tiff)[1], {kPage2[0], kPage2[1]});
}

TEST(TesseractOcrReader, KeepsPageOrderAcrossWorkersAndConcurrentCalls) {
    TempDir dir;
    const std::array<const char*, 5> words = {"Alpha", "Bravo", "Charlie", "Delta", "Echo"};
    std::vector<test::PdfPage> pages;
    for (const char* w : words) {
        test::PdfPage page;
        page.texts.push_back({"Helvetica-Bold", 28, 72, 700, w});
        pages.push_back(page);
    }
    const auto pdf = dir.write("five.pdf", test::write_minimal_pdf(pages));
    auto reader = make_reader(3);
    ASSERT_TRUE(reader);
    Result<std::vector<OcrPage>> other = fail(ErrorCode::Internal, "not run");
    std::thread concurrent([&] { other = reader->read_file(pdf, {}); });
    auto result = reader->read_file(pdf, {});
    concurrent.join();
    for (const auto* r : {&result, &other}) {
        ASSERT_TRUE(*r) << r->error().message;
        ASSERT_EQ((*r)->size(), 5U);
        for (std::size_t i = 0; i < 5; ++i) {
            EXPECT_EQ((**r)[i].page, i + 1);
            EXPECT_TRUE(missing_words(joined((**r)[i]), words[i]).empty())
                << "page " << i + 1 << ": " << joined((**r)[i]);
        }
    }
}

TEST(TesseractOcrReader, BlankPageHasNoLinesAndZeroConfidence) {
    TempDir dir;
    const std::vector<test::PdfPage> pages(1);
    auto reader = make_reader(1);
    ASSERT_TRUE(reader);
    auto result = reader->read_file(dir.write("blank.pdf", test::write_minimal_pdf(pages)), {});
    ASSERT_TRUE(result) << result.error().message;
    ASSERT_EQ(result->size(), 1U);
    EXPECT_TRUE((*result)[0].lines.empty());
    EXPECT_EQ((*result)[0].mean_confidence, 0.F);
    EXPECT_TRUE((*result)[0].error.empty());
}

TEST(TesseractOcrReader, RejectsMissingCorruptAndUnsupportedFiles) {
    TempDir dir;
    auto reader = make_reader(1);
    ASSERT_TRUE(reader);

    auto missing = reader->read_file(dir.file("nope.png"), {});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);

    auto text = reader->read_file(dir.write("answers.txt", "Ward,Answer\nRiverside,Fine\n"), {});
    ASSERT_FALSE(text);
    EXPECT_EQ(text.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(text.error().message.find("unsupported"), std::string::npos) << text.error().message;
    EXPECT_NE(text.error().message.find("answers.txt"), std::string::npos);

    auto pdf = reader->read_file(dir.write("broken.pdf", "%PDF-1.7\n1 0 obj\n<< garbage"), {});
    ASSERT_FALSE(pdf);
    EXPECT_EQ(pdf.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(pdf.error().message.find("broken.pdf"), std::string::npos) << pdf.error().message;

    // A PNG signature followed by garbage: detected as PNG, then fails to decode.
    auto png = reader->read_file(dir.write("truncated.png", std::string("\x89PNG\r\n\x1a\n", 8) + "xxxx"), {});
    ASSERT_FALSE(png);
    EXPECT_EQ(png.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(png.error().message.find("truncated.png"), std::string::npos) << png.error().message;

    auto tiff = reader->read_file(dir.write("bad.tif", std::string("II*\0", 4) + "nonsense"), {});
    ASSERT_FALSE(tiff);
    EXPECT_EQ(tiff.error().code, ErrorCode::InvalidInput);

    auto empty = reader->read_file(dir.write("empty.png", ""), {});
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().code, ErrorCode::InvalidInput);
}

TEST(TesseractOcrReader, StopsWhenCancelled) {
    TempDir dir;
    const std::vector<test::PdfPage> pages(30, text_page({kPage1[0], kPage1[1], kPage1[2], kPage2[1]}));
    const auto pdf = dir.write("long.pdf", test::write_minimal_pdf(pages));
    auto reader = make_reader(1);
    ASSERT_TRUE(reader);

    std::stop_source before;
    before.request_stop();
    auto early = reader->read_file(pdf, before.get_token());
    ASSERT_FALSE(early);
    EXPECT_EQ(early.error().code, ErrorCode::Cancelled);

    std::stop_source during;
    const auto start = std::chrono::steady_clock::now();
    std::jthread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        during.request_stop();
    });
    auto late = reader->read_file(pdf, during.get_token());
    const auto elapsed = std::chrono::steady_clock::now() - start;
    ASSERT_FALSE(late);
    EXPECT_EQ(late.error().code, ErrorCode::Cancelled);
    // Thirty pages on one worker take well over 15 s; a cancelled read returns soon after the stop.
    EXPECT_LT(elapsed, std::chrono::seconds(4));

    // The reader still works after a cancelled call.
    auto again =
        reader->read_file(dir.write("one.pdf", test::write_minimal_pdf(std::vector{text_page({kPage2[0]})})), {});
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_TRUE(missing_words(joined((*again)[0]), kPage2[0]).empty());
}

TEST(TesseractOcrReader, RejectsBadOptions) {
    TesseractOptions no_lang;
    no_lang.language = "xyz";
    no_lang.workers = 1;
    auto a = TesseractOcrReader::create(no_lang);
    ASSERT_FALSE(a);
    EXPECT_EQ(a.error().field, "language");
    EXPECT_NE(a.error().message.find("xyz.traineddata"), std::string::npos);

    TesseractOptions no_workers;
    no_workers.workers = 0;
    auto b = TesseractOcrReader::create(no_workers);
    ASSERT_FALSE(b);
    EXPECT_EQ(b.error().field, "workers");

    TesseractOptions bad_dir;
    bad_dir.tessdata = "/nonexistent/tessdata";
    auto c = TesseractOcrReader::create(bad_dir);
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().field, "tessdata");

    TesseractOptions bad_dpi;
    bad_dpi.pdf_dpi = 5000;
    auto d = TesseractOcrReader::create(bad_dpi);
    ASSERT_FALSE(d);
    EXPECT_EQ(d.error().field, "pdf_dpi");
}

}  // namespace
}  // namespace borough::engine::tesseract
