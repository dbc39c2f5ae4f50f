// What an action may see while it runs (STYLE.md §2): the generator, a clock, a progress sink and a stop
// token. No HTTP, SQL or store types. Also the prepared source text handed to native extractive steps.
#pragma once

#include <cstddef>
#include <map>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "engine/ocr_reader.h"
#include "engine/text_generator.h"
#include "engine/transcriber.h"
#include "nlp/sentences.h"

namespace borough::actions {

// Receives progress while an action runs. May be called from an engine thread during a batch, so it
// must be thread-safe and quick.
class ProgressSink {
public:
    virtual ~ProgressSink() = default;
    // stage: "prepare", "map", "reduce", "validate", "extractive"; done of total units in that stage.
    virtual void on_progress(std::string_view stage, std::size_t done, std::size_t total) = 0;
    // A finished unit's result as it is saved (a checkpoint: a coded survey row, the transcript), so a
    // person watching sees results before the job ends. `value` is compact JSON and may be council
    // content: a sink may show it to the job's own viewers but must never log it. Default: ignored.
    virtual void on_partial(std::string_view /*key*/, std::string_view /*value*/) {}
};

// Durable record of the finished units of a long action (the rows a model has coded), so a job that is
// killed resumes where it stopped: nothing lost, nothing done twice. Implemented over the job store.
class Checkpoints {
public:
    virtual ~Checkpoints() = default;
    // Every unit saved so far for this job: key → value (compact JSON).
    [[nodiscard]] virtual Result<std::map<std::string, std::string>> load() = 0;
    // Saves one finished unit durably before returning. Thread-safe.
    [[nodiscard]] virtual Status save(const std::string& key, const std::string& value) = 0;
};

class NullProgressSink final : public ProgressSink {
public:
    void on_progress(std::string_view /*stage*/, std::size_t /*done*/, std::size_t /*total*/) override {}
};

struct ActionContext {
    engine::TextGenerator* generator = nullptr;  // nullptr = no model configured (extractive only)
    const Clock& clock;
    ProgressSink& progress;
    std::stop_token stop;  // request_stop() makes run_action return Cancelled at the next step
    engine::OcrReader* ocr = nullptr;  // nullptr = no OCR engine (scanned forms are then refused)
    Checkpoints* checkpoints = nullptr;  // nullptr = nothing is resumable
    engine::Transcriber* transcriber = nullptr;  // nullptr = no speech model (recordings are refused)
};

// The input document after decoding: UTF-8 text plus its sentences (byte offsets into `text`).
// Sentence ids shown to models and used in citations are 1-based: [S1] is sentences[0].
struct SourceText {
    std::string name;
    std::string text;
    std::vector<nlp::Sentence> sentences;
};

}  // namespace borough::actions
