// Transcription benchmark: real-time factor (processing seconds / audio seconds; lower is faster) of
// borough's WhisperTranscriber against borough-whisper-cli-peer on the same audio, model and threads,
// measured in the same run. whisper.rn's cpp/ ships no whisper-cli source, so the peer
// (bench/whisper_cli_peer.cpp) is a minimal program that does what whisper-cli does by default,
// built from the same source. Rounds alternate the two; figures are medians. Usage:
//   borough-bench-whisper --model whisper-tiny.bin --peer PATH [--threads 2] [--seconds 60]
//                         [--rounds 3] [--beam-size 0] [--no-fallback] [--json FILE]
// Random-weight models decode gibberish up to whisper's token limit, so absolute RTFs are pessimistic
// for real speech; the ratio is what compares the two.
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "bench_timing.h"
#include "core/json.h"
#include "engine/whisper/synthetic_speech.h"
#include "engine/whisper/whisper_transcriber.h"
#include "peer_process.h"

namespace {

using borough::Json;
using borough::bench::median;
using borough::bench::run_capture;
using borough::bench::seconds_since;

int run(int argc, char** argv) {
    CLI::App app{"borough whisper transcription benchmark vs a whisper-cli-equivalent peer"};
    std::string model;
    std::string peer_bin;
    std::string json_out;
    int threads = 2;
    double seconds = 60.0;
    int rounds = 3;
    int beam_size = 0;
    bool no_fallback = false;
    app.add_option("--model", model)->required();
    app.add_option("--peer", peer_bin)->required();
    app.add_option("--threads", threads);
    app.add_option("--seconds", seconds);
    app.add_option("--rounds", rounds);
    app.add_option("--beam-size", beam_size);
    app.add_flag("--no-fallback", no_fallback);
    app.add_option("--json", json_out);
    CLI11_PARSE(app, argc, argv);

    const std::vector<float> audio = borough::engine::whisper::speech_like_audio(seconds);
    const auto audio_file =
        std::filesystem::temp_directory_path() / fmt::format("borough-whisper-bench-{}.f32", ::getpid());
    {
        std::ofstream out(audio_file, std::ios::binary);
        out.write(reinterpret_cast<const char*>(audio.data()),
                  static_cast<std::streamsize>(audio.size() * sizeof(float)));
        if (!out) {
            std::fprintf(stderr, "cannot write %s\n", audio_file.c_str());
            return 1;
        }
    }

    // Removed on every exit path, including the error returns below.
    const std::unique_ptr<const std::filesystem::path, void (*)(const std::filesystem::path*)> cleanup(
        &audio_file, [](const std::filesystem::path* p) {
            std::error_code ec;
            std::filesystem::remove(*p, ec);
        });

    borough::engine::whisper::WhisperOptions options;
    options.threads = static_cast<unsigned>(threads);
    options.beam_size = beam_size;
    options.temperature_fallback = !no_fallback;
    auto transcriber = borough::engine::whisper::WhisperTranscriber::open(model, options);
    if (!transcriber) {
        std::fprintf(stderr, "borough: %s\n", transcriber.error().describe().c_str());
        return 1;
    }
    const std::string peer_cmd = fmt::format("'{}' -m '{}' -f '{}' -t {} -bs {}{}", peer_bin, model,
                                             audio_file.string(), threads, beam_size, no_fallback ? " -nf" : "");

    // The peer allocates its whisper_state while loading, outside its timed whisper_full; warm ours up
    // the same way (the first call fills the transcriber's state pool) so neither times an allocation.
    {
        const std::span<const float> second(audio.data(), std::min<std::size_t>(audio.size(), 16000));
        if (auto warm = (*transcriber)->transcribe(second, 0, {}); !warm) {
            std::fprintf(stderr, "borough: %s\n", warm.error().describe().c_str());
            return 1;
        }
    }
    std::vector<double> ours;
    std::vector<double> peer;
    std::size_t our_segments = 0;
    long long peer_segments = 0;
    for (int r = 0; r < rounds; ++r) {
        // Alternate which goes first so that load from anything else on the machine hits both alike.
        for (int side = 0; side < 2; ++side) {
            if ((side == 0) == (r % 2 == 0)) {
                int status = 0;
                const std::string out = run_capture(peer_cmd, status);
                auto j = borough::parse_json(out, "peer output");
                if (status != 0 || !j) {
                    std::fprintf(stderr, "peer failed (status %d): %s\n", status, out.c_str());
                    return 1;
                }
                peer.push_back(j->value("full_s", 0.0));
                peer_segments = j->value("segments", 0LL);
            } else {
                const auto start = borough::bench::SteadyClock::now();
                auto segments = (*transcriber)->transcribe(audio, 0, {});
                ours.push_back(seconds_since(start));
                if (!segments) {
                    std::fprintf(stderr, "borough: %s\n", segments.error().describe().c_str());
                    return 1;
                }
                our_segments = segments->size();
            }
        }
    }

    const double peer_rtf = median(peer) / seconds;
    const double our_rtf = median(ours) / seconds;
    const std::string mode = beam_size > 1 ? fmt::format("beam search {}", beam_size) : "greedy, best of 5";
    std::printf(
        "Peer: borough-whisper-cli-peer (bench/whisper_cli_peer.cpp), a minimal program doing what whisper-cli\n"
        "does by default, built from the same whisper.rn 0.7.4 source: whisper.rn ships no whisper-cli.\n"
        "Audio: %.0f s synthetic speech-like signal; model %s; %d threads; %s%s; median of %d rounds.\n\n",
        seconds, std::filesystem::path(model).filename().c_str(), threads, mode.c_str(),
        no_fallback ? ", no temperature fallback" : ", temperature fallback", rounds);
    std::printf("| engine | RTF (processing s / audio s) | segments |\n|---|---|---|\n");
    std::printf("| whisper-cli peer | %.3f | %lld |\n", peer_rtf, peer_segments);
    std::printf("| borough WhisperTranscriber | %.3f | %zu |\n", our_rtf, our_segments);
    std::printf("\nratio borough / peer: %.3f (below 1: borough faster)\n", our_rtf / peer_rtf);
    if (!json_out.empty()) {
        const Json j{{"audio_s", seconds},
                     {"threads", threads},
                     {"beam_size", beam_size},
                     {"temperature_fallback", !no_fallback},
                     {"rounds", rounds},
                     {"peer", {{"rtf", peer_rtf}, {"seconds", peer}}},
                     {"borough", {{"rtf", our_rtf}, {"seconds", ours}}},
                     {"ratio", our_rtf / peer_rtf}};
        std::ofstream(json_out) << borough::dump_json(j, 2);
    }
    return 0;
}
}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {  // last resort: std::filesystem and allocation failures
        std::fprintf(stderr, "borough-bench-whisper: %s\n", e.what());
        return 1;
    }
}
