// borough-whisper-cli-peer: the benchmark's reference for WhisperTranscriber. whisper.rn's cpp/ folder
// ships no whisper-cli source, so this is a minimal program that does what whisper-cli does by
// default, built from the same whisper.rn source and the same libborough_whisper.so: the library's
// default context (CPU here), whisper_full with whisper_full_default_params(GREEDY) (beam search on
// the greedy defaults when -bs N > 1, as whisper-cli switches), language en, the given threads. No
// audio decoding or printing is timed: it reads 16 kHz mono float32 samples and times whisper_full.
// Usage: borough-whisper-cli-peer -m MODEL.bin -f AUDIO.f32 [-t 4] [-bs 0] [-nf]
// Prints one JSON line: {"load_s":..., "full_s":..., "segments":N}. Exit codes: 0 ok, 1 failed, 2 usage.
#include <whisper.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bench_timing.h"

namespace {

using borough::bench::seconds_since;

void quiet(wsp_ggml_log_level /*level*/, const char* /*text*/, void* /*user_data*/) {}

}  // namespace

int main(int argc, char** argv) {
    std::string model;
    std::string audio_path;
    int threads = std::min(4, static_cast<int>(std::thread::hardware_concurrency()));
    int beam_size = 0;
    bool no_fallback = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "-m" && has_value) {
            model = argv[++i];
        } else if (arg == "-f" && has_value) {
            audio_path = argv[++i];
        } else if (arg == "-t" && has_value) {
            threads = std::stoi(argv[++i]);
        } else if (arg == "-bs" && has_value) {
            beam_size = std::stoi(argv[++i]);
        } else if (arg == "-nf") {
            no_fallback = true;
        } else {
            std::fprintf(stderr, "usage: %s -m MODEL.bin -f AUDIO.f32 [-t N] [-bs N] [-nf]\n", argv[0]);
            return 2;
        }
    }
    if (model.empty() || audio_path.empty() || threads < 1) {
        std::fprintf(stderr, "borough-whisper-cli-peer: -m and -f are required, -t must be >= 1\n");
        return 2;
    }
    std::ifstream in(audio_path, std::ios::binary | std::ios::ate);
    const auto size = in ? static_cast<std::size_t>(in.tellg()) : 0;
    if (size == 0 || size % sizeof(float) != 0) {
        std::fprintf(stderr, "borough-whisper-cli-peer: %s is not raw float32 audio\n", audio_path.c_str());
        return 1;
    }
    std::vector<float> pcm(size / sizeof(float));
    in.seekg(0);
    in.read(reinterpret_cast<char*>(pcm.data()), static_cast<std::streamsize>(size));
    if (!in) {
        std::fprintf(stderr, "borough-whisper-cli-peer: cannot read %s\n", audio_path.c_str());
        return 1;
    }

    whisper_log_set(quiet, nullptr);
    const auto load_start = std::chrono::steady_clock::now();
    whisper_context* ctx = whisper_init_from_file_with_params(model.c_str(), whisper_context_default_params());
    if (ctx == nullptr) {
        std::fprintf(stderr, "borough-whisper-cli-peer: failed to load %s\n", model.c_str());
        return 1;
    }
    const double load_s = seconds_since(load_start);

    whisper_full_params wparams = whisper_full_default_params(WHISPER_SAMPLING_GREEDY);
    if (beam_size > 1) {
        wparams.strategy = WHISPER_SAMPLING_BEAM_SEARCH;
        wparams.beam_search.beam_size = beam_size;
    }
    wparams.print_progress = false;
    wparams.print_realtime = false;
    wparams.print_timestamps = false;
    wparams.language = "en";
    wparams.n_threads = threads;
    if (no_fallback) {
        wparams.temperature_inc = 0.0F;
    }
    const auto full_start = std::chrono::steady_clock::now();
    const int rc = whisper_full(ctx, wparams, pcm.data(), static_cast<int>(pcm.size()));
    const double full_s = seconds_since(full_start);
    const int segments = whisper_full_n_segments(ctx);
    whisper_free(ctx);
    if (rc != 0) {
        std::fprintf(stderr, "borough-whisper-cli-peer: whisper_full returned %d\n", rc);
        return 1;
    }
    std::printf("{\"load_s\":%.6f,\"full_s\":%.6f,\"segments\":%d}\n", load_s, full_s, segments);
    return 0;
}
