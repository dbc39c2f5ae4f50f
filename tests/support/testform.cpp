// borough-testform: writes the scanned survey form sample (a PNG) for demos and tests.
//   borough-testform OUT.png [--dpi N] [--rotate DEGREES] [--seed N] [--pdf OUT.pdf]
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "support/test_form.h"

namespace {

int usage() {
    std::fprintf(stderr,
                 "usage: borough-testform OUT.png [--dpi 150-300] [--rotate -1..1] [--seed N] "
                 "[--pdf OUT.pdf]\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    if (args.empty() || args[0].starts_with("-")) {
        return usage();
    }
    const std::filesystem::path out = args[0];
    borough::test::ScanOptions options;
    std::filesystem::path pdf_out;
    for (std::size_t i = 1; i + 1 < args.size(); i += 2) {
        const std::string value(args[i + 1]);
        try {
            if (args[i] == "--dpi") {
                options.dpi = std::stoi(value);
            } else if (args[i] == "--rotate") {
                options.rotate_degrees = std::stod(value);
            } else if (args[i] == "--seed") {
                options.seed = std::stoull(value);
            } else if (args[i] == "--pdf") {
                pdf_out = value;
            } else {
                return usage();
            }
        } catch (const std::exception&) {
            std::fprintf(stderr, "borough-testform: bad value for %s: %s\n", std::string(args[i]).c_str(),
                         value.c_str());
            return 2;
        }
    }
    if ((args.size() - 1) % 2 != 0 || options.dpi < 150 || options.dpi > 300 || options.rotate_degrees < -1 ||
        options.rotate_degrees > 1) {
        return usage();
    }
    const auto form = borough::test::tenant_survey_form();
    std::error_code ec;
    const auto work = std::filesystem::temp_directory_path() / ("borough-testform-" + std::to_string(options.seed));
    std::filesystem::create_directories(work, ec);
    auto image = borough::test::scan_form(form, options, work);
    if (image && !pdf_out.empty()) {
        std::filesystem::copy_file(work / "test-form.pdf", pdf_out, std::filesystem::copy_options::overwrite_existing,
                                   ec);
    }
    std::filesystem::remove_all(work, ec);
    if (!image) {
        std::fprintf(stderr, "borough-testform: %s\n", image.error().describe().c_str());
        return 1;
    }
    if (auto written = borough::engine::tesseract::write_png(*image, out); !written) {
        std::fprintf(stderr, "borough-testform: %s\n", written.error().describe().c_str());
        return 1;
    }
    std::printf("wrote %s (%dx%d, %d dpi)\n", out.c_str(), image->width, image->height, image->dpi);
    return 0;
}
