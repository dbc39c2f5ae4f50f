// ScriptedTextGenerator: a TextGenerator that answers from a script, for golden action tests and the
// actions unit tests only. It records every request so tests can assert on prompts and call counts.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/text_generator.h"

namespace borough::engine::scripted {

struct ScriptedReply {
    std::string when;            // "" = next in order; else used for the first prompt containing this text
    std::string text;            // the reply text (JSON when the request has a schema)
    std::optional<Error> error;  // when set, the call fails with this error instead
    bool reusable = false;       // a `when` reply that may answer any number of prompts
};

// Thread-safe. Each non-reusable reply answers one request. For each request the first unused reply
// whose `when` occurs in the concatenated messages wins; otherwise the first unused reply with an empty
// `when`. With none left the call fails with Unavailable ("script exhausted"). A request with a
// json_schema gets `json` parsed from the reply text; unparsable text fails with ModelOutputInvalid (as
// an engine does after its own retries). The schema itself is not enforced: callers validate.
class ScriptedTextGenerator final : public TextGenerator {
public:
    explicit ScriptedTextGenerator(std::vector<ScriptedReply> replies, std::string model = "scripted",
                                   int context_tokens = 0);

    [[nodiscard]] std::string name() const override;  // "scripted:<model>"
    [[nodiscard]] Result<GenerationResult> generate(const GenerationRequest& request) override;
    [[nodiscard]] int context_tokens() const override { return context_tokens_; }
    // count_tokens: the base class estimate, chars / 4 rounded up.

    // Copies of every request received, in arrival order.
    [[nodiscard]] std::vector<GenerationRequest> requests() const;
    [[nodiscard]] std::size_t call_count() const;
    // Replies never used.
    [[nodiscard]] std::size_t unused_replies() const;

private:
    mutable std::mutex mu_;
    std::vector<ScriptedReply> replies_;
    std::vector<bool> used_;
    std::vector<GenerationRequest> requests_;
    std::string model_;
    int context_tokens_;
};

}  // namespace borough::engine::scripted
