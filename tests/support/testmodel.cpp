// borough-testmodel KIND OUT.gguf [--vocab PATH] [--seed N]: writes a random-weight GGUF model for
// tests and benchmarks; borough-testmodel whisper OUT.bin [--size micro|tiny] [--seed N] writes a
// random-weight whisper.cpp model (see README.md). Exit codes: 0 written, 1 failed, 2 bad usage.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <functional>
#include <string>
#include <string_view>

#include "support/test_model_writer.h"
#include "support/whisper_model_writer.h"

namespace {

constexpr const char* kUsage =
    "usage: borough-testmodel KIND OUT.gguf [--vocab PATH] [--seed N]\n"
    "       borough-testmodel whisper OUT.bin [--size micro|tiny] [--seed N]\n"
    "  KIND: tiny | tiny-qwen2 | tiny-bert | qwen2-bench\n";

int usage(const std::string& problem) {
    std::fprintf(stderr, "borough-testmodel: %s\n%s", problem.c_str(), kUsage);
    return 2;
}

// Sets `seed` from `value`; the usage problem when it is not an unsigned integer, else "".
std::string parse_seed(const std::string& value, std::uint64_t& seed) {
    std::size_t used = 0;
    try {
        seed = std::stoull(value, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    return used != 0 && used == value.size() ? std::string() : "--seed wants an unsigned integer";
}

// Applies each "--name value" pair from argv[3] on with `apply`, which returns a usage problem for a
// pair it rejects, else "". Returns the first problem, "" when every pair was applied.
std::string apply_options(int argc, char** argv,
                          const std::function<std::string(std::string_view, const std::string&)>& apply) {
    for (int i = 3; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (i + 1 >= argc) {
            return std::string("missing value for ") + argv[i];
        }
        if (auto problem = apply(arg, argv[++i]); !problem.empty()) {
            return problem;
        }
    }
    return {};
}

int run_whisper(int argc, char** argv) {
    namespace ts = borough::test_support;
    ts::WhisperModelOptions options;
    const std::string out = argv[2];
    const std::string problem = apply_options(argc, argv, [&](std::string_view arg, const std::string& value) {
        if (arg == "--size") {
            const auto size = ts::parse_whisper_model_size(value);
            if (!size) {
                return std::string("--size wants micro or tiny");
            }
            options.size = *size;
            return std::string();
        }
        return arg == "--seed" ? parse_seed(value, options.seed) : "unknown option " + std::string(arg);
    });
    if (!problem.empty()) {
        return usage(problem);
    }
    const auto start = std::chrono::steady_clock::now();
    const auto summary = ts::write_whisper_model(options, out);
    if (!summary) {
        std::fprintf(stderr, "borough-testmodel: %s\n", summary.error().describe().c_str());
        return 1;
    }
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    std::printf("%s: whisper %s, n_vocab %d (%d in file), n_state %d, %d tensors, %llu bytes, %lld ms\n", out.c_str(),
                std::string(ts::to_string(options.size)).c_str(), summary->n_vocab, summary->n_vocab_file,
                summary->n_state, summary->n_tensors, static_cast<unsigned long long>(summary->size_bytes),
                static_cast<long long>(ms));
    return 0;
}

int run(int argc, char** argv) {
    namespace ts = borough::test_support;
    if (argc < 3) {
        return usage("KIND and OUT.gguf are required");
    }
    if (std::string_view(argv[1]) == "whisper") {
        return run_whisper(argc, argv);
    }
    const auto kind = ts::parse_test_model_kind(argv[1]);
    if (!kind) {
        return usage(std::string("unknown KIND '") + argv[1] + "'");
    }
    ts::TestModelOptions options;
    options.kind = *kind;
    const std::string out = argv[2];
    const std::string problem = apply_options(argc, argv, [&](std::string_view arg, const std::string& value) {
        if (arg == "--vocab") {
            options.vocab_path = value;
            return std::string();
        }
        return arg == "--seed" ? parse_seed(value, options.seed) : "unknown option " + std::string(arg);
    });
    if (!problem.empty()) {
        return usage(problem);
    }
    const auto start = std::chrono::steady_clock::now();
    const auto summary = ts::write_test_model(options, out);
    if (!summary) {
        std::fprintf(stderr, "borough-testmodel: %s\n", summary.error().describe().c_str());
        return 1;
    }
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    std::printf("%s: %s %s, n_vocab %lld, n_embd %lld, %lld tensors, %llu bytes, %lld ms\n", out.c_str(),
                std::string(ts::to_string(*kind)).c_str(), summary->architecture.c_str(),
                static_cast<long long>(summary->n_vocab), static_cast<long long>(summary->n_embd),
                static_cast<long long>(summary->n_tensors), static_cast<unsigned long long>(summary->size_bytes),
                static_cast<long long>(ms));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {  // last resort: std::filesystem and allocation failures
        std::fprintf(stderr, "borough-testmodel: %s\n", e.what());
        return 1;
    }
}
