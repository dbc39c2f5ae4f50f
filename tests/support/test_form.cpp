#include "support/test_form.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numbers>
#include <sstream>

#include "engine/tesseract/pdf_pages.h"
#include "support/seeded_random.h"

namespace borough::test {
namespace {

using engine::tesseract::PageImage;

// Greedy word wrap at `width` characters.
std::vector<std::string> wrap(const std::string& text, std::size_t width) {
    std::vector<std::string> lines;
    std::istringstream words(text);
    std::string word;
    std::string line;
    while (words >> word) {
        if (!line.empty() && line.size() + 1 + word.size() > width) {
            lines.push_back(line);
            line.clear();
        }
        if (!line.empty()) {
            line += ' ';
        }
        line += word;
    }
    if (!line.empty()) {
        lines.push_back(line);
    }
    return lines;
}

}  // namespace

TestForm tenant_survey_form() {
    return TestForm{
        "Northbrook Borough Council \xE2\x80\x94 Tenant Satisfaction Survey 2026",
        {{"Respondent ID", "P-0001"}, {"Ward", "Riverside"}, {"Age band", "35-49"}, {"Tenure", "General needs"}},
        {
            {"1. What do you like most about living in your home or neighbourhood?",
             "The neighbours are friendly and the park by the river is lovely in summer. "
             "My flat is warm and the rent is fair for the area."},
            {"2. What one thing should the council improve about repairs and maintenance?",
             "Repairs take far too long. I reported a leak under the kitchen sink in March and "
             "nobody came until June, by which time the cupboard had rotted. Please ring me on "
             "07700 900123 to arrange a visit."},
            {"3. Is there anything else you would like to tell us?",
             "The stairwell lights in Block C have been broken for weeks and it feels unsafe "
             "coming home at night. Otherwise the caretaker does a good job."},
        }};
}

PdfPage layout_form(const TestForm& form) {
    PdfPage page;  // A4
    constexpr double kLeft = 60;
    double y = 780;
    page.texts.push_back({"Helvetica-Bold", 13, kLeft, y, form.title});
    y -= 22;
    page.texts.push_back({"Helvetica", 9, kLeft, y,
                          "Please answer in the space below each question and return the form in "
                          "the prepaid envelope."});
    y -= 34;
    // Fields two to a row, as on a printed form.
    for (std::size_t i = 0; i < form.fields.size(); ++i) {
        const double x = i % 2 == 0 ? kLeft : 320;
        const auto& [label, value] = form.fields[i];
        const std::string printed = label + ":";
        page.texts.push_back({"Helvetica", 11, x, y, printed});
        // Helvetica averages ~0.55 em per character.
        // The respondent ID is printed by the council; the rest is filled in by hand.
        page.texts.push_back({i == 0 ? "Helvetica" : "Times-Italic", i == 0 ? 11.0 : 12.0,
                              x + 11 * 0.55 * static_cast<double>(printed.size()) + 8, y, value});
        if (i % 2 == 1) {
            y -= 22;
        }
    }
    y -= 30;
    for (const auto& q : form.questions) {
        page.texts.push_back({"Helvetica", 11, kLeft, y, q.heading});
        y -= 24;
        for (const auto& line : wrap(q.answer, 78)) {
            page.texts.push_back({"Times-Italic", 12, kLeft + 10, y, line});
            y -= 18;
        }
        y -= 90;  // the rest of the answer box is empty
    }
    return page;
}

PageImage simulate_scan(const PageImage& page, const ScanOptions& options) {
    PageImage out;
    out.width = page.width;
    out.height = page.height;
    out.dpi = page.dpi;
    out.pixels.assign(page.pixels.size(), 255);
    const double angle = options.rotate_degrees * std::numbers::pi / 180.0;
    const double c = std::cos(angle);
    const double s = std::sin(angle);
    const double cx = page.width / 2.0;
    const double cy = page.height / 2.0;
    auto at = [&](int x, int y) -> double {
        if (x < 0 || y < 0 || x >= page.width || y >= page.height) {
            return 255;
        }
        return page
            .pixels[static_cast<std::size_t>(y) * static_cast<std::size_t>(page.width) + static_cast<std::size_t>(x)];
    };
    for (int y = 0; y < out.height; ++y) {
        for (int x = 0; x < out.width; ++x) {
            // Source point of this output pixel under the inverse rotation.
            const double dx = x - cx;
            const double dy = y - cy;
            const double sx = c * dx + s * dy + cx;
            const double sy = -s * dx + c * dy + cy;
            const int x0 = static_cast<int>(std::floor(sx));
            const int y0 = static_cast<int>(std::floor(sy));
            const double fx = sx - x0;
            const double fy = sy - y0;
            const double v = (1 - fx) * (1 - fy) * at(x0, y0) + fx * (1 - fy) * at(x0 + 1, y0) +
                             (1 - fx) * fy * at(x0, y0 + 1) + fx * fy * at(x0 + 1, y0 + 1);
            // Paper is never quite white.
            const double toned = v * (238.0 / 255.0);
            out.pixels[static_cast<std::size_t>(y) * static_cast<std::size_t>(out.width) +
                       static_cast<std::size_t>(x)] = static_cast<std::uint8_t>(std::lround(toned));
        }
    }
    test_support::SplitMix64 random(options.seed);
    auto below = [&random](std::uint64_t n) { return n == 0 ? 0 : random() % n; };
    const auto specks =
        static_cast<std::uint64_t>(options.speckle_per_mpixel * static_cast<double>(out.pixels.size()) / 1e6);
    for (std::uint64_t i = 0; i < specks; ++i) {
        const auto x = static_cast<int>(below(static_cast<std::uint64_t>(out.width - 1)));
        const auto y = static_cast<int>(below(static_cast<std::uint64_t>(out.height - 1)));
        const auto shade = static_cast<std::uint8_t>(40 + below(120));
        const bool big = below(4) == 0;
        for (int dy = 0; dy <= (big ? 1 : 0); ++dy) {
            for (int dx = 0; dx <= (big ? 1 : 0); ++dx) {
                auto& p = out.pixels[static_cast<std::size_t>(y + dy) * static_cast<std::size_t>(out.width) +
                                     static_cast<std::size_t>(x + dx)];
                p = std::min(p, shade);
            }
        }
    }
    for (auto& p : out.pixels) {
        p = static_cast<std::uint8_t>((p / 17) * 17);  // 16 levels
    }
    return out;
}

Result<PageImage> scan_form(const TestForm& form, const ScanOptions& options, const std::filesystem::path& work_dir) {
    const auto pdf_path = work_dir / "test-form.pdf";
    {
        const std::vector<PdfPage> pages = {layout_form(form)};
        const std::string pdf = write_minimal_pdf(pages);
        std::ofstream out(pdf_path, std::ios::binary);
        out.write(pdf.data(), static_cast<std::streamsize>(pdf.size()));
        if (!out) {
            return fail(ErrorCode::Unavailable, "cannot write " + pdf_path.string(), pdf_path.string());
        }
    }
    BOROUGH_TRY(auto pdf, engine::tesseract::PdfPages::open(pdf_path));
    BOROUGH_TRY(PageImage rendered, pdf->render_page(0, options.dpi));
    return simulate_scan(rendered, options);
}

}  // namespace borough::test
