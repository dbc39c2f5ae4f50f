#include "engine/llama/model.h"

#include <array>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <system_error>

#include "core/log.h"

namespace borough::engine::llama {
namespace {

constexpr std::string_view kComponent = "llama";

void trim_newline(std::string_view& text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
        text.remove_suffix(1);
    }
}

// llama.cpp chatters at info level; none of it is council content, but all of it is noise at info+.
void log_to_debug(ggml_log_level /*level*/, const char* text, void* /*user_data*/) {
    std::string_view line = text != nullptr ? text : "";
    trim_newline(line);
    if (!line.empty()) {
        BOROUGH_LOG_DEBUG(kComponent, "{}", line);
    }
}

// During a load the error lines are also kept, so the returned Error can say why the load failed.
void log_capture(ggml_log_level level, const char* text, void* user_data) {
    log_to_debug(level, text, nullptr);
    std::string_view line = text != nullptr ? text : "";
    trim_newline(line);
    if (level == GGML_LOG_LEVEL_ERROR && !line.empty()) {
        auto* errors = static_cast<std::string*>(user_data);
        if (!errors->empty()) {
            errors->append("; ");
        }
        errors->append(line);
    }
}

}  // namespace

void init_backend() {
    static std::once_flag once;  // the one permitted process-wide state (llama's backend is global)
    std::call_once(once, [] {
        llama_log_set(log_to_debug, nullptr);
        llama_backend_init();
    });
}

Result<ModelPtr> load_model(const std::string& path) {
    init_backend();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        return fail(ErrorCode::NotFound, "model file not found: " + path, "model_path");
    }
    {
        std::ifstream in(path, std::ios::binary);
        std::array<char, 4> magic{};
        if (!in.read(magic.data(), magic.size()) || std::string_view(magic.data(), 4) != "GGUF") {
            return fail(ErrorCode::InvalidInput,
                        "model file " + path + " is not a GGUF file (bytes 0-3 are not 'GGUF')", "model_path");
        }
    }
    // llama's log hook is process-wide, so loads that capture it take turns.
    static std::mutex load_mutex;
    std::lock_guard lock(load_mutex);
    std::string errors;
    llama_log_set(log_capture, &errors);
    llama_model_params params = llama_model_default_params();
    params.n_gpu_layers = 0;
    llama_model* model = llama_model_load_from_file(path.c_str(), params);
    llama_log_set(log_to_debug, nullptr);
    if (model == nullptr) {
        return fail(ErrorCode::InvalidInput,
                    "model file " + path + " could not be loaded (truncated or corrupt GGUF?)" +
                        (errors.empty() ? std::string() : ": " + errors),
                    "model_path");
    }
    return ModelPtr(model);
}

std::vector<llama_token> tokenize(const llama_vocab* vocab, std::string_view text, bool add_special) {
    const auto len = static_cast<std::int32_t>(text.size());
    std::vector<llama_token> tokens(text.size() + 8);
    std::int32_t n = llama_tokenize(vocab, text.data(), len, tokens.data(), static_cast<std::int32_t>(tokens.size()),
                                    add_special, true);
    if (n < 0) {
        tokens.resize(static_cast<std::size_t>(-n));
        n = llama_tokenize(vocab, text.data(), len, tokens.data(), static_cast<std::int32_t>(tokens.size()),
                           add_special, true);
    }
    tokens.resize(static_cast<std::size_t>(n < 0 ? 0 : n));
    return tokens;
}

std::string token_piece(const llama_vocab* vocab, llama_token token) {
    std::string piece(16, '\0');
    std::int32_t n =
        llama_token_to_piece(vocab, token, piece.data(), static_cast<std::int32_t>(piece.size()), 0, false);
    if (n < 0) {
        piece.resize(static_cast<std::size_t>(-n));
        n = llama_token_to_piece(vocab, token, piece.data(), static_cast<std::int32_t>(piece.size()), 0, false);
    }
    piece.resize(static_cast<std::size_t>(n < 0 ? 0 : n));
    return piece;
}

std::string model_file_name(const std::string& path) { return std::filesystem::path(path).filename().string(); }

}  // namespace borough::engine::llama
