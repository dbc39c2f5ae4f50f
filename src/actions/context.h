// What an action may see while it runs (STYLE.md §2): the generator, a clock, a progress sink and a stop
// token. No HTTP, SQL or store types. Also the prepared source text handed to native extractive steps.
#pragma once

#include <cstddef>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "engine/text_generator.h"
#include "nlp/sentences.h"

namespace borough::actions {

// Receives progress while an action runs. May be called from an engine thread during a batch, so it
// must be thread-safe and quick.
class ProgressSink {
public:
    virtual ~ProgressSink() = default;
    // stage: "prepare", "map", "reduce", "validate", "extractive"; done of total units in that stage.
    virtual void on_progress(std::string_view stage, std::size_t done, std::size_t total) = 0;
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
};

// The input document after decoding: UTF-8 text plus its sentences (byte offsets into `text`).
// Sentence ids shown to models and used in citations are 1-based: [S1] is sentences[0].
struct SourceText {
    std::string name;
    std::string text;
    std::vector<nlp::Sentence> sentences;
};

}  // namespace borough::actions
