// What the jobs module needs from the composition root (app/), as an interface: jobs/ knows no
// concrete engine or store type. app/ implements it from the validated Config; cli::Services extends it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "engine/ocr_reader.h"
#include "engine/text_generator.h"
#include "engine/transcriber.h"
#include "store/job_store.h"

namespace borough::actions {
class Registry;
}

namespace borough::jobs {

// A loaded engine. Shared: the server keeps one per engine and model for every job that uses it
// (a model load takes seconds and its memory once); the generator is thread-safe.
struct EngineHandle {
    std::shared_ptr<engine::TextGenerator> generator;  // nullptr for the extractive engine
    std::string engine;                                // extractive | llama | openai
    std::string model;                                 // model file name or remote model name; "" for extractive
    std::string model_sha256;                          // of the GGUF file; "" when remote or none
};

class JobServices {
public:
    virtual ~JobServices() = default;
    virtual const Clock& clock() = 0;
    // Opened on first use (creates the data directory and runs migrations). Thread-safe after that.
    [[nodiscard]] virtual Result<store::JobStore*> job_store() = 0;
    // Built-in actions plus the administrator's directory; loaded on first use. The pointer stays valid
    // for the life of the services, even after reload_registry() (a running job keeps using it).
    [[nodiscard]] virtual Result<const actions::Registry*> registry() = 0;
    // Reads the built-in actions and the administrator's directory again, so an action just installed
    // is used by the next job; later registry() calls return the new registry. The errors of
    // Registry::create, when the previous registry stays in use.
    [[nodiscard]] virtual Status reload_registry() = 0;
    // The engine named by `choice`: "" = the configured one, "extractive" = no model, or a model name
    // in the catalogue (llama). Loaded on first use and then shared. Thread-safe.
    // Errors: NotFound (unknown model name), the engine's own load errors.
    [[nodiscard]] virtual Result<EngineHandle> open_engine(std::string_view choice) = 0;
    // The OCR engine for scanned forms, opened on first use; Unavailable when this build has none.
    [[nodiscard]] virtual Result<engine::OcrReader*> ocr_reader() = 0;
    // The speech-to-text engine for recordings, loaded on first use. Unavailable when no whisper_model
    // is set or this build has no whisper engine; the model's own errors otherwise.
    [[nodiscard]] virtual Result<engine::Transcriber*> transcriber() = 0;
    [[nodiscard]] virtual std::int64_t max_input_bytes() const = 0;
};

}  // namespace borough::jobs
