#include "speech/diarisation_eval.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "io/audio_decoder.h"
#include "speech/der.h"
#include "speech/diariser.h"

namespace borough::speech {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kBlockSamples = io::kAudioSampleRate * 10;
constexpr std::int64_t kAlternationMs = 2000;

struct Method {
    std::string name;
    std::vector<SpeakerSegment> segments;
    double seconds = 0.0;
};

Json components(const DerScore& s) {
    const double ref = s.reference_ms > 0.0 ? s.reference_ms : 1.0;
    return Json{{"der", s.der()},
                {"missed", s.missed_ms / ref},
                {"false_alarm", s.false_alarm_ms / ref},
                {"confusion", s.confusion_ms / ref}};
}

int speaker_count(const std::vector<SpeakerSegment>& segments) {
    int n = 0;
    for (const auto& s : segments) n = std::max(n, s.speaker + 1);
    return n;
}

// Streams the file through the diariser the way the product does (10-s blocks).
Result<Method> run_diariser(const fs::path& wav, const std::string& name, int speakers, std::int64_t& duration_ms) {
    const auto started = std::chrono::steady_clock::now();
    BOROUGH_TRY(auto decoder, io::AudioDecoder::open(wav));
    DiariserOptions options;
    options.speakers = speakers;
    BOROUGH_TRY(Diariser diariser, Diariser::create(options));
    std::int64_t samples = 0;
    for (;;) {
        BOROUGH_TRY(io::AudioBlock block, decoder->next_block(kBlockSamples));
        if (block.empty()) break;
        samples += static_cast<std::int64_t>(block.mono.size());
        diariser.push(block.mono, block.channels);
    }
    BOROUGH_TRY(auto segments, diariser.finish());
    duration_ms = samples * 1000 / io::kAudioSampleRate;
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    return Method{name, std::move(segments), took.count()};
}

}  // namespace

Result<Json> evaluate_diarisation(const fs::path& eval_dir) {
    const fs::path root = eval_dir / "speech_ami_excerpt_pyannote";
    const std::pair<const char*, const char*> pairs[] = {{"sample", "sample"}, {"seriously", "mixture"}};
    Json files = Json::array();
    std::string md =
        "# Diarisation on speech_ami_excerpt_pyannote\n\n"
        "DER = missed + false alarm + confusion over reference speech (overlap scored; optimal speaker "
        "mapping). Collar 0 and ±0.25 s around reference boundaries.\n\n"
        "| file | method | speakers (ref) | DER | missed | false alarm | confusion | DER, collar 0.25 s | seconds |\n"
        "|---|---|---|---|---|---|---|---|---|\n";
    for (const auto& [dir, stem] : pairs) {
        const fs::path wav = root / dir / (std::string(stem) + ".wav");
        const fs::path rttm = root / dir / (std::string(stem) + ".rttm");
        std::error_code ec;
        if (!fs::exists(wav, ec) || !fs::exists(rttm, ec)) continue;
        BOROUGH_TRY(Rttm ref, read_rttm(rttm));
        const int ref_speakers = static_cast<int>(ref.speakers.size());

        std::vector<Method> methods;
        std::int64_t duration_ms = 0;
        BOROUGH_TRY(Method estimated, run_diariser(wav, "diariser, speakers estimated", 0, duration_ms));
        methods.push_back(std::move(estimated));
        if (ref_speakers >= 1 && ref_speakers <= DiariserOptions{}.max_speakers) {
            BOROUGH_TRY(Method oracle, run_diariser(wav, "diariser, speaker count given", ref_speakers, duration_ms));
            methods.push_back(std::move(oracle));
        }
        methods.push_back({"baseline: one speaker throughout", {{0, duration_ms, 0}}, 0.0});
        Method alternate{"baseline: 2-s turns, two speakers alternating", {}, 0.0};
        for (std::int64_t t = 0, k = 0; t < duration_ms; t += kAlternationMs, ++k) {
            alternate.segments.push_back({t, std::min(duration_ms, t + kAlternationMs), static_cast<int>(k % 2)});
        }
        methods.push_back(std::move(alternate));

        Json file{{"file", fmt::format("{}/{}.wav", dir, stem)},
                  {"duration_s", static_cast<double>(duration_ms) / 1000.0},
                  {"reference_speakers", ref_speakers},
                  {"methods", Json::array()}};
        for (const Method& m : methods) {
            const DerScore c0 = score_diarisation(ref.segments, m.segments, 0);
            const DerScore c25 = score_diarisation(ref.segments, m.segments, 250);
            file["methods"].push_back(Json{{"method", m.name},
                                           {"speakers", speaker_count(m.segments)},
                                           {"seconds", m.seconds},
                                           {"collar0", components(c0)},
                                           {"collar025", components(c25)}});
            const double ref_ms = c0.reference_ms > 0.0 ? c0.reference_ms : 1.0;
            md += fmt::format("| {}/{} | {} | {} ({}) | {:.1f}% | {:.1f}% | {:.1f}% | {:.1f}% | {:.1f}% | {:.2f} |\n",
                              dir, stem, m.name, speaker_count(m.segments), ref_speakers, 100.0 * c0.der(),
                              100.0 * c0.missed_ms / ref_ms, 100.0 * c0.false_alarm_ms / ref_ms,
                              100.0 * c0.confusion_ms / ref_ms, 100.0 * c25.der(), m.seconds);
        }
        files.push_back(std::move(file));
    }
    if (files.empty()) {
        return fail(
            ErrorCode::NotFound,
            fmt::format("no evaluation set found under {} (expected speech_ami_excerpt_pyannote/)", eval_dir.string()),
            "data");
    }
    return Json{{"files", std::move(files)}, {"markdown", md}};
}

}  // namespace borough::speech
