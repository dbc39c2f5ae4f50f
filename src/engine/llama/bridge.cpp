#include "engine/llama/bridge.h"

#include <exception>
#include <mutex>

#include "chat.h"
#include "json-schema-to-grammar.h"
#include "json.h"

namespace borough::engine::llama::bridge {

struct ChatTemplate::State {
    common_chat_templates_ptr templates;
    mutable std::mutex mutex;
};

ChatTemplate::ChatTemplate(std::unique_ptr<State> state) : state_(std::move(state)) {}
ChatTemplate::~ChatTemplate() = default;

std::unique_ptr<ChatTemplate> ChatTemplate::create(const llama_model* model, std::string* error) {
    try {
        auto state = std::make_unique<State>();
        // An empty override means: the GGUF's tokenizer.chat_template, else ChatML.
        state->templates = common_chat_templates_init(model, "");
        if (!state->templates) {
            *error = "chat template could not be initialised";
            return nullptr;
        }
        return std::unique_ptr<ChatTemplate>(new ChatTemplate(std::move(state)));
    } catch (const std::exception& e) {
        *error = std::string("chat template: ") + e.what();
        return nullptr;
    }
}

bool ChatTemplate::apply(const Messages& messages, std::string* prompt, std::string* error) const {
    try {
        common_chat_templates_inputs inputs;
        inputs.use_jinja = true;
        inputs.add_generation_prompt = true;
        inputs.enable_thinking = false;
        for (const auto& [role, content] : messages) {
            common_chat_msg msg;
            msg.role = role;
            msg.content = content;
            inputs.messages.push_back(std::move(msg));
        }
        std::lock_guard lock(state_->mutex);
        *prompt = common_chat_templates_apply(state_->templates.get(), inputs).prompt;
        return true;
    } catch (const std::exception& e) {
        *error = std::string("chat template: ") + e.what();
        return false;
    }
}

bool json_schema_to_gbnf(const std::string& schema_json, std::string* grammar, std::string* error) {
    try {
        *grammar = json_schema_to_grammar(common_json::parse(schema_json), /*force_gbnf=*/true);
        return true;
    } catch (const std::exception& e) {
        *error = std::string("JSON Schema not supported for constrained output: ") + e.what();
        return false;
    }
}

}  // namespace borough::engine::llama::bridge
