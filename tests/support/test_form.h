// The scanned survey form sample: the content of a filled-in Northbrook Borough Council (fictional)
// Tenant Satisfaction Survey 2026 paper form, its PDF layout, and a simulated scan of it (rendered,
// slightly rotated, speckled). borough-testform writes samples/survey/scanned-form-01.png with it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "engine/tesseract/page_image.h"
#include "support/minimal_pdf.h"

namespace borough::test {

struct TestFormQuestion {
    std::string heading;  // printed
    std::string answer;   // "handwritten" (a second font)
};

struct TestForm {
    std::string title;
    std::vector<std::pair<std::string, std::string>> fields;  // label, value ("Ward", "Riverside")
    std::vector<TestFormQuestion> questions;
};

// The sample form's text. Headings and field labels are the ones the survey-analysis sample uses.
TestForm tenant_survey_form();

// One A4 page: Helvetica title, headings, labels and respondent ID; answers and the other field
// values in Times-Italic.
PdfPage layout_form(const TestForm& form);

struct ScanOptions {
    int dpi = 200;
    double rotate_degrees = 0.6;      // clockwise; scanners rarely feed paper perfectly straight
    double speckle_per_mpixel = 400;  // dark specks per million pixels
    std::uint64_t seed = 1;
};

// Renders `form` through a PDF in `work_dir` and simulates the scan. Deterministic for the same
// options, fonts and poppler version.
Result<engine::tesseract::PageImage> scan_form(const TestForm& form, const ScanOptions& options,
                                               const std::filesystem::path& work_dir);

// Rotation (bilinear, white fill), a faint paper tone, speckle and 16 grey levels (so the PNG stays
// small). Pure; deterministic for a seed.
engine::tesseract::PageImage simulate_scan(const engine::tesseract::PageImage& page, const ScanOptions& options);

}  // namespace borough::test
