// The scanned-form path end to end: the generated form (and the committed sample PNG) through real
// Tesseract and read_form_page.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <string>
#include <vector>

#include "actions/survey_analysis/scanned_form.h"
#include "engine/tesseract/tesseract_ocr_reader.h"
#include "support/test_form.h"

namespace borough::test {
namespace {

std::vector<std::string> lower_words(const std::string& text) {
    std::vector<std::string> words;
    std::string cur;
    for (const char c : text + " ") {
        if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
            cur += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else if (!cur.empty()) {
            words.push_back(cur);
            cur.clear();
        }
    }
    return words;
}

// Share of the expected words that appear in the recognised text (exact, case-insensitive).
double word_recall(const std::string& got, const std::string& expected) {
    const auto have = lower_words(got);
    const auto want = lower_words(expected);
    std::size_t hits = 0;
    for (const auto& w : want) {
        hits += std::find(have.begin(), have.end(), w) != have.end() ? 1U : 0U;
    }
    return want.empty() ? 1.0 : static_cast<double>(hits) / static_cast<double>(want.size());
}

struct Expected {
    std::vector<std::string> headings;
    std::vector<std::string> labels;
};

Expected expected_of(const TestForm& form) {
    Expected e;
    for (const auto& q : form.questions) {
        e.headings.push_back(q.heading);
    }
    for (const auto& f : form.fields) {
        e.labels.push_back(f.first);
    }
    return e;
}

void expect_form_read(const std::filesystem::path& image) {
    engine::tesseract::TesseractOptions options;
    options.workers = 1;
    auto reader = engine::tesseract::TesseractOcrReader::create(options);
    ASSERT_TRUE(reader) << reader.error().message;
    auto pages = (*reader)->read_file(image, {});
    ASSERT_TRUE(pages) << pages.error().message;
    ASSERT_EQ(pages->size(), 1U);

    const TestForm form = tenant_survey_form();
    const Expected e = expected_of(form);
    const auto row = actions::survey::read_form_page((*pages)[0], e.headings, e.labels);
    std::string problems;
    for (const auto& p : row.problems) {
        problems += p + "; ";
    }
    std::string lines;  // our own fixture's text, shown on failure
    for (const auto& l : (*pages)[0].lines) {
        lines += std::to_string(static_cast<int>(l.confidence)) + " | " + l.text + "\n";
    }
    SCOPED_TRACE(lines);
    EXPECT_FALSE(row.needs_check) << problems << " confidence " << row.confidence;
    EXPECT_GT(row.confidence, 80.F);
    ASSERT_EQ(row.answers.size(), 3U);
    for (std::size_t q = 0; q < 3; ++q) {
        EXPECT_GE(word_recall(row.answers[q].text, form.questions[q].answer), 0.9)
            << "question " << q + 1 << ": " << row.answers[q].text;
        // Nothing from the next heading leaks into the answer.
        EXPECT_LT(row.answers[q].text.size(), form.questions[q].answer.size() + 10);
    }
    EXPECT_NE(row.answers[1].text.find("07700 900123"), std::string::npos) << row.answers[1].text;
    for (const auto& [label, value] : form.fields) {
        ASSERT_TRUE(row.fields.contains(label)) << label;
        EXPECT_EQ(row.fields.at(label), value) << label;
    }
}

TEST(TestForm, GeneratedScanIsReadIntoOneSurveyRow) {
    const auto dir = std::filesystem::temp_directory_path() / ("borough_testform_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto image = scan_form(tenant_survey_form(), ScanOptions{}, dir);
    ASSERT_TRUE(image) << image.error().message;
    ASSERT_TRUE(engine::tesseract::write_png(*image, dir / "form.png"));
    expect_form_read(dir / "form.png");
    std::filesystem::remove_all(dir);
}

TEST(TestForm, ScanSimulationIsDeterministicAndRotates) {
    engine::tesseract::PageImage page{400, 300, 200, std::vector<std::uint8_t>(400UL * 300UL, 255)};
    for (int x = 50; x < 350; ++x) {
        page.pixels[150UL * 400UL + static_cast<std::size_t>(x)] = 0;  // a line
    }
    ScanOptions options;
    options.rotate_degrees = 1.0;
    const auto speckled = simulate_scan(page, options);
    EXPECT_EQ(simulate_scan(page, options).pixels, speckled.pixels);
    options.seed = 2;
    EXPECT_NE(simulate_scan(page, options).pixels, speckled.pixels);

    options.speckle_per_mpixel = 0;
    const auto a = simulate_scan(page, options);
    auto darkest_row = [&](int x) {
        int best = 0;
        for (int y = 1; y < a.height; ++y) {
            const auto at = [&](int row) {
                return a.pixels[static_cast<std::size_t>(row) * static_cast<std::size_t>(a.width) +
                                static_cast<std::size_t>(x)];
            };
            if (at(y) < at(best)) {
                best = y;
            }
        }
        return best;
    };
    // Clockwise by 1 degree about the centre: the left end rises 240 px * tan(1 degree) = 4.2 px.
    EXPECT_NEAR(darkest_row(320) - darkest_row(80), 4.2, 1.0);
}

TEST(TestForm, CommittedSampleIsReadIntoOneSurveyRow) {
    const std::filesystem::path sample = BOROUGH_SAMPLE_FORM;
    ASSERT_TRUE(std::filesystem::exists(sample)) << sample;
    EXPECT_LE(std::filesystem::file_size(sample), 300U * 1024U);
    expect_form_read(sample);
}

}  // namespace
}  // namespace borough::test
