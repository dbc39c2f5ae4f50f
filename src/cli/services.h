// What the `borough` command needs from the composition root (app/), as an interface: cli/ knows no
// concrete engine or store type. app/ implements it from the validated Config.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "engine/ocr_reader.h"
#include "engine/transcriber.h"
#include "engine/text_generator.h"
#include "store/job_store.h"

namespace borough::actions {
class Registry;
}

namespace borough::cli {

struct EngineHandle {
    std::unique_ptr<engine::TextGenerator> generator;  // nullptr for the extractive engine
    std::string engine;        // extractive | llama | openai
    std::string model;         // model file name or remote model name; "" for extractive
    std::string model_sha256;  // of the GGUF file; "" when remote or none
};

class Services {
public:
    virtual ~Services() = default;
    virtual const Clock& clock() = 0;
    // Opened on first use (creates the data directory and runs migrations).
    [[nodiscard]] virtual Result<store::JobStore*> job_store() = 0;
    // Built-in actions plus the administrator's directory; loaded on first use.
    [[nodiscard]] virtual Result<const actions::Registry*> registry() = 0;
    // The configured engine, loaded now (a model load can take seconds).
    [[nodiscard]] virtual Result<EngineHandle> open_engine() = 0;
    // The OCR engine for scanned forms, opened on first use; Unavailable when this build has none.
    [[nodiscard]] virtual Result<engine::OcrReader*> ocr_reader() = 0;
    // The speech-to-text engine for recordings, loaded on first use. Unavailable when no whisper_model
    // is set or this build has no whisper engine; the model's own errors otherwise.
    [[nodiscard]] virtual Result<engine::Transcriber*> transcriber() = 0;
    [[nodiscard]] virtual std::filesystem::path models_dir() const = 0;
    [[nodiscard]] virtual std::int64_t max_input_bytes() const = 0;
    // Multi-line text for `borough version`.
    [[nodiscard]] virtual std::string version_text() const = 0;
    [[nodiscard]] virtual std::string settings_markdown() const = 0;
};

}  // namespace borough::cli
