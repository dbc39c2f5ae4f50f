// Bridge to llama-common (chat templates, JSON Schema → GBNF). It is a separate library because
// llama-common brings llama.cpp's vendored nlohmann 3.12, which must never meet borough's Debian 3.11
// in one translation unit: this header exposes only std types and a forward-declared llama_model.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

struct llama_model;

namespace borough::engine::llama::bridge {

// role, content
using Messages = std::vector<std::pair<std::string, std::string>>;

// The model's own chat template (jinja), or ChatML when the GGUF has none. Immutable after create;
// apply() is serialised internally, so it is thread-safe.
class ChatTemplate {
public:
    // Returns nullptr and sets *error when the template cannot be parsed. `model` must outlive it.
    static std::unique_ptr<ChatTemplate> create(const llama_model* model, std::string* error);
    ~ChatTemplate();
    ChatTemplate(const ChatTemplate&) = delete;
    ChatTemplate& operator=(const ChatTemplate&) = delete;
    ChatTemplate(ChatTemplate&&) = delete;
    ChatTemplate& operator=(ChatTemplate&&) = delete;

    // Renders messages with the generation prompt appended. False and *error on failure.
    bool apply(const Messages& messages, std::string* prompt, std::string* error) const;

private:
    struct State;
    explicit ChatTemplate(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

// JSON Schema text → GBNF grammar text (root rule "root"). False and *error on failure. Thread-safe.
bool json_schema_to_gbnf(const std::string& schema_json, std::string* grammar, std::string* error);

}  // namespace borough::engine::llama::bridge
