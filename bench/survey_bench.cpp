// borough-bench-survey: the survey-analysis action's extractive path from CSV bytes to finished
// reports (JSON, Markdown, HTML, XLSX) on a generated survey, with the time of each stage and the peak
// memory. Usage: borough-bench-survey --respondents 4500 --questions 3 [--json FILE]
// The answers are generated from a phrase bank written for this benchmark (varied wording, 40 topics,
// segments), deterministic for a seed; throughput depends on the text's length and vocabulary, not
// on what it says.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "actions/survey_analysis/survey_action.h"
#include "core/file.h"
#include "core/json.h"
#include "survey_text.h"

namespace {

using borough::Json;
using borough::bench::make_csv;

long peak_rss_mb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;
}

class Sink final : public borough::actions::ProgressSink {
public:
    void on_progress(std::string_view /*stage*/, std::size_t /*done*/, std::size_t /*total*/) override {}
};

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"survey-analysis extractive path benchmark"};
    std::size_t respondents = 4500;
    std::size_t questions = 3;
    std::uint64_t seed = 7;
    unsigned stability_runs = 2;  // the action's default
    std::string json_path;
    app.add_option("--respondents", respondents, "Respondents (rows)");
    app.add_option("--questions", questions, "Free-text question columns");
    app.add_option("--seed", seed, "Data seed");
    app.add_option("--stability-runs", stability_runs, "Extra theme runs for stability");
    app.add_option("--json", json_path, "Write the figures here as JSON");
    CLI11_PARSE(app, argc, argv);

    const std::string csv = make_csv(respondents, questions, seed);
    const long rss_before = peak_rss_mb();

    borough::SystemClock clock;
    Sink sink;
    borough::actions::ActionContext ctx{nullptr, clock, sink, {}};
    borough::actions::ActionDefinition def;
    std::string columns;
    for (std::size_t q = 0; q < questions; ++q) columns += fmt::format("{}Question {}", q ? ";" : "", q + 1);
    const Json params{{"columns", columns},
                      {"segments", "Ward;Age band;Tenure"},
                      {"id_column", "Respondent ID"},
                      {"stability_runs", stability_runs},
                      {"seed", 42},
                      {"combined", true}};
    const auto t0 = std::chrono::steady_clock::now();
    auto out = borough::actions::survey::run_survey_analysis(
        def, borough::actions::ActionInput::from_bytes("bench.csv", csv), params, ctx);
    if (!out) {
        std::fprintf(stderr, "borough-bench-survey: %s\n", out.error().message.c_str());
        return 1;
    }
    const std::string json_text = borough::dump_json(out->result);
    const double total_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    const long rss = peak_rss_mb();

    std::size_t answers = 0;
    for (const auto& q : out->result["questions"]) {
        if (q["id"] != "ALL") answers += q["answered"].get<std::size_t>();
    }
    std::string stages;
    for (const auto& [stage, ms] : out->timings.items()) stages += fmt::format(" {}={:.0f}", stage, ms.get<double>());
    const std::size_t cells = respondents * questions;
    std::printf("survey-analysis extractive: %zu respondents x %zu questions = %zu answers (%zu answered), "
                "%.1f MB CSV\n",
                respondents, questions, cells, answers, static_cast<double>(csv.size()) / 1e6);
    std::printf("  parse-to-reports %.0f ms (incl. JSON text %zu bytes), peak RSS %ld MB (generated CSV held: %ld MB)\n",
                total_ms, json_text.size(), rss, rss_before);
    std::printf("  stages (ms):%s\n", stages.c_str());
    if (!json_path.empty()) {
        Json j{{"respondents", respondents}, {"questions", questions}, {"answers", cells},
               {"answered", answers},       {"csv_bytes", csv.size()}, {"total_ms", total_ms},
               {"peak_rss_mb", rss},        {"stages_ms", out->timings}};
        if (auto st = borough::write_file_atomic(json_path, borough::dump_json(j, 2)); !st) {
            std::fprintf(stderr, "borough-bench-survey: %s\n", st.error().message.c_str());
            return 1;
        }
    }
    return 0;
}
