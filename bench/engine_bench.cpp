// Engine throughput benchmark: prompt (pp) and generation (tg) tokens/s of borough's embedded llama
// engine, each as a ratio to llama.cpp's own llama-bench on the same model, threads and sizes, measured
// in the same run. Usage:
//   borough-bench-engine --model M.gguf --llama-bench PATH [--threads 2] [--prompt 512] [--gen 128] [--reps 3]
// Figures are medians over rounds that alternate the two. Prints a Markdown table (for docs/benchmarks.md) and writes JSON with --json FILE.
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "bench_timing.h"
#include "core/json.h"
#include "engine/llama/llama_text_generator.h"
#include "peer_process.h"

namespace {

using borough::Json;
using borough::bench::median;

struct Rates {
    double pp_tps = 0;
    double tg_tps = 0;
};

borough::Result<Rates> llama_bench(const std::string& bin, const std::string& model, int threads, int prompt, int gen,
                                   int reps) {
    const std::string cmd = fmt::format("'{}' -m '{}' -t {} -p {} -n {} -r {} -o json 2>/dev/null", bin, model, threads,
                                        prompt, gen, reps);
    int status = 0;  // a failed run shows as output that does not parse
    const std::string out = borough::bench::run_capture(cmd, status);
    BOROUGH_TRY(auto j, borough::parse_json(out, "llama-bench output"));
    Rates r;
    for (const auto& row : j) {
        if (row.value("n_prompt", 0) > 0 && row.value("n_gen", 0) == 0) r.pp_tps = row.value("avg_ts", 0.0);
        if (row.value("n_gen", 0) > 0 && row.value("n_prompt", 0) == 0) r.tg_tps = row.value("avg_ts", 0.0);
    }
    return r;
}

std::string random_words(std::mt19937& rng, int count) {
    static const std::array<const char*, 24> kWords = {
        "council", "housing", "repair",  "tenant", "budget", "review", "service", "waste",
        "school",  "road",    "library", "care",   "ward",   "report", "plan",    "committee",
        "resident", "survey", "theme",   "parking", "grant", "policy", "safety",  "support"};
    std::string out;
    for (int i = 0; i < count; ++i) {
        out += kWords[rng() % kWords.size()];
        out += (i % 12 == 11) ? ". " : " ";
    }
    return out;
}

// Builds a user message whose templated prompt has about `target` tokens.
std::string prompt_of_tokens(borough::engine::TextGenerator& gen, std::mt19937& rng, int target) {
    int words = target;
    std::string text = random_words(rng, words);
    for (int i = 0; i < 8; ++i) {
        const int n = gen.count_tokens(text);
        if (std::abs(n - target) <= 2) break;
        words = std::max(1, words * target / std::max(1, n));
        text = random_words(rng, words);
    }
    return text;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"borough engine benchmark vs llama-bench"};
    std::string model;
    std::string bench_bin;
    std::string json_out;
    int threads = 2;
    int prompt = 512;
    int gen = 128;
    int reps = 5;
    app.add_option("--model", model)->required();
    app.add_option("--llama-bench", bench_bin)->required();
    app.add_option("--threads", threads);
    app.add_option("--prompt", prompt);
    app.add_option("--gen", gen);
    app.add_option("--reps", reps);
    app.add_option("--json", json_out);
    CLI11_PARSE(app, argc, argv);

    borough::engine::llama::LlamaOptions opts;
    opts.model_path = model;
    opts.n_threads = threads;
    opts.n_parallel = 1;
    opts.n_ctx = prompt + gen + 64;
    opts.n_batch = prompt;
    auto engine = borough::engine::llama::LlamaTextGenerator::create(opts);
    if (!engine) {
        std::fprintf(stderr, "engine: %s\n", engine.error().message.c_str());
        return 1;
    }
    std::mt19937 rng(42);
    // Warm-up (page in the mmap'd weights), as llama-bench does.
    {
        borough::engine::GenerationRequest req;
        req.messages = {{"user", random_words(rng, 16)}};
        req.max_tokens = 4;
        (void)(*engine)->generate(req);
    }
    // Rounds alternate the peer and our engine so that load from anything else on the machine hits both
    // alike; each figure is the median over rounds.
    std::vector<double> peer_pp;
    std::vector<double> peer_tg;
    std::vector<double> pp;
    std::vector<double> tg;
    for (int r = 0; r < reps; ++r) {
        auto peer = llama_bench(bench_bin, model, threads, prompt, gen, 1);
        if (!peer) {
            std::fprintf(stderr, "llama-bench failed: %s\n", peer.error().message.c_str());
            return 1;
        }
        peer_pp.push_back(peer->pp_tps);
        peer_tg.push_back(peer->tg_tps);

        borough::engine::GenerationRequest req;
        req.messages = {{"user", prompt_of_tokens(**engine, rng, prompt)}};
        req.max_tokens = 1;
        auto res = (*engine)->generate(req);
        if (!res) {
            std::fprintf(stderr, "engine: %s\n", res.error().message.c_str());
            return 1;
        }
        pp.push_back((res->prompt_tokens - res->cached_prompt_tokens) / (res->prompt_ms / 1000.0));

        borough::engine::GenerationRequest greq;
        greq.messages = {{"user", random_words(rng, 4)}};
        greq.max_tokens = gen;
        auto gres = (*engine)->generate(greq);
        if (!gres) {
            std::fprintf(stderr, "engine: %s\n", gres.error().message.c_str());
            return 1;
        }
        tg.push_back(gres->completion_tokens / (gres->generation_ms / 1000.0));
    }
    const Rates peer_rates{median(peer_pp), median(peer_tg)};
    const Rates* peer = &peer_rates;
    const Rates ours{median(pp), median(tg)};
    std::printf("| test | llama-bench t/s | borough t/s | ratio |\n|---|---|---|---|\n");
    std::printf("| pp%d | %.1f | %.1f | %.2f |\n", prompt, peer->pp_tps, ours.pp_tps, ours.pp_tps / peer->pp_tps);
    std::printf("| tg%d | %.1f | %.1f | %.2f |\n", gen, peer->tg_tps, ours.tg_tps, ours.tg_tps / peer->tg_tps);
    if (!json_out.empty()) {
        Json j{{"threads", threads},
               {"prompt_tokens", prompt},
               {"gen_tokens", gen},
               {"reps", reps},
               {"llama_bench", {{"pp_tps", peer->pp_tps}, {"tg_tps", peer->tg_tps}}},
               {"borough", {{"pp_tps", ours.pp_tps}, {"tg_tps", ours.tg_tps}}},
               {"ratio", {{"pp", ours.pp_tps / peer->pp_tps}, {"tg", ours.tg_tps / peer->tg_tps}}}};
        std::FILE* f = std::fopen(json_out.c_str(), "w");
        if (f != nullptr) {
            const auto s = borough::dump_json(j, 2);
            std::fwrite(s.data(), 1, s.size(), f);
            std::fclose(f);
        }
    }
    return 0;
}
