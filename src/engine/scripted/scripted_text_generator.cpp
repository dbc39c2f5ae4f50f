#include "engine/scripted/scripted_text_generator.h"

#include <fmt/format.h>

#include <utility>

namespace borough::engine::scripted {

ScriptedTextGenerator::ScriptedTextGenerator(std::vector<ScriptedReply> replies, std::string model, int context_tokens)
    : replies_(std::move(replies)),
      used_(replies_.size(), false),
      model_(std::move(model)),
      context_tokens_(context_tokens) {}

std::string ScriptedTextGenerator::name() const { return "scripted:" + model_; }

Result<GenerationResult> ScriptedTextGenerator::generate(const GenerationRequest& request) {
    std::string prompt;
    for (const auto& m : request.messages) {
        prompt += m.content;
        prompt += '\n';
    }
    ScriptedReply reply;
    {
        std::lock_guard lock(mu_);
        requests_.push_back(request);
        if (request.cancel.stop_requested()) {
            return fail(ErrorCode::Cancelled, "generation cancelled");
        }
        std::size_t chosen = replies_.size();
        for (std::size_t i = 0; i < replies_.size() && chosen == replies_.size(); ++i) {
            if (!used_[i] && !replies_[i].when.empty() && prompt.find(replies_[i].when) != std::string::npos) {
                chosen = i;
            }
        }
        for (std::size_t i = 0; i < replies_.size() && chosen == replies_.size(); ++i) {
            if (!used_[i] && replies_[i].when.empty()) chosen = i;
        }
        if (chosen == replies_.size()) {
            return fail(ErrorCode::Unavailable,
                        fmt::format("scripted generator: script exhausted at request {}", requests_.size()));
        }
        if (!replies_[chosen].reusable) used_[chosen] = true;
        reply = replies_[chosen];
    }
    if (reply.error) return fail(*reply.error);
    GenerationResult out;
    out.text = reply.text;
    out.model = model_;
    out.prompt_tokens = count_tokens(prompt);
    out.completion_tokens = count_tokens(reply.text);
    if (request.json_schema) {
        auto parsed = parse_json(reply.text, "scripted reply");
        if (!parsed) {
            return fail(ErrorCode::ModelOutputInvalid, parsed.error().message, "model output");
        }
        out.json = std::move(parsed).value();
    }
    return out;
}

std::vector<GenerationRequest> ScriptedTextGenerator::requests() const {
    std::lock_guard lock(mu_);
    return requests_;
}

std::size_t ScriptedTextGenerator::call_count() const {
    std::lock_guard lock(mu_);
    return requests_.size();
}

std::size_t ScriptedTextGenerator::unused_replies() const {
    std::lock_guard lock(mu_);
    std::size_t n = 0;
    for (std::size_t i = 0; i < replies_.size(); ++i) {
        if (!used_[i] && !replies_[i].reusable) ++n;
    }
    return n;
}

}  // namespace borough::engine::scripted
