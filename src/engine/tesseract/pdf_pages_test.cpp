#include "engine/tesseract/pdf_pages.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "engine/tesseract/page_image.h"
#include "support/minimal_pdf.h"
#include "support/temp_dir.h"

namespace borough::engine::tesseract {
namespace {

using test::TempDir;

std::string two_page_pdf() {
    std::vector<test::PdfPage> pages(2);
    pages[0].texts.push_back({"Helvetica", 24, 72, 720, "First page"});
    pages[1].width_pt = 300;
    pages[1].height_pt = 200;
    pages[1].texts.push_back({"Courier", 12, 20, 100, "Second (small) page \\ done"});
    return test::write_minimal_pdf(pages);
}

TEST(PdfPages, RendersEveryPageAtTheRequestedResolution) {
    TempDir dir;
    auto pdf = PdfPages::open(dir.write("two.pdf", two_page_pdf()));
    ASSERT_TRUE(pdf) << pdf.error().message;
    ASSERT_EQ((*pdf)->page_count(), 2U);

    auto a4 = (*pdf)->render_page(0, 100);
    ASSERT_TRUE(a4) << a4.error().message;
    EXPECT_NEAR(a4->width, 827, 1);  // 595.28 pt at 100 dpi
    EXPECT_NEAR(a4->height, 1169, 1);
    EXPECT_EQ(a4->dpi, 100);
    ASSERT_TRUE(a4->is_valid());
    // Black text on white: mostly white, some dark pixels.
    const auto dark = std::count_if(a4->pixels.begin(), a4->pixels.end(), [](auto p) { return p < 128; });
    EXPECT_GT(dark, 500);
    EXPECT_LT(dark, static_cast<long>(a4->pixels.size() / 20));

    auto small = (*pdf)->render_page(1, 72);
    ASSERT_TRUE(small) << small.error().message;
    EXPECT_NEAR(small->width, 300, 1);
    EXPECT_NEAR(small->height, 200, 1);
}

TEST(PdfPages, RejectsBadPagesResolutionsAndFiles) {
    TempDir dir;
    auto pdf = PdfPages::open(dir.write("two.pdf", two_page_pdf()));
    ASSERT_TRUE(pdf);
    auto past = (*pdf)->render_page(2, 100);
    ASSERT_FALSE(past);
    EXPECT_NE(past.error().message.find("page 3"), std::string::npos) << past.error().message;
    EXPECT_FALSE((*pdf)->render_page(0, 0));

    const auto corrupt = PdfPages::open(dir.write("corrupt.pdf", "%PDF-1.4\nthis is not a PDF body\n"));
    ASSERT_FALSE(corrupt);
    EXPECT_EQ(corrupt.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(corrupt.error().message.find("corrupt.pdf"), std::string::npos);

    const auto missing = PdfPages::open(dir.file("missing.pdf"));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
}

TEST(PageImage, WritingRejectsInconsistentImages) {
    TempDir dir;
    PageImage bad{10, 10, 0, std::vector<std::uint8_t>(99, 255)};
    EXPECT_FALSE(write_png(bad, dir.file("bad.png")));
    EXPECT_FALSE(write_tiff({}, dir.file("none.tif")));
    PageImage ok{10, 10, 0, std::vector<std::uint8_t>(100, 255)};
    EXPECT_TRUE(write_png(ok, dir.file("ok.png")));
    EXPECT_FALSE(write_png(ok, dir.file("no-such-dir") / "x.png"));
}

}  // namespace
}  // namespace borough::engine::tesseract
