// AppServices: the composition root's implementation of cli::Services. The only place that knows the
// concrete engine (llama, openai) and store (sqlite) types and builds them from the Config.
#pragma once

#include <memory>

#include "app/settings.h"
#include "cli/services.h"
#include "core/clock.h"

namespace borough::actions {
class Registry;
}
namespace borough::store::sqlite {
class SqliteJobStore;
}

namespace borough::app {

class AppServices final : public cli::Services {
public:
    explicit AppServices(Config config);
    ~AppServices() override;
    AppServices(const AppServices&) = delete;
    AppServices& operator=(const AppServices&) = delete;
    AppServices(AppServices&&) = delete;
    AppServices& operator=(AppServices&&) = delete;

    const Clock& clock() override { return clock_; }
    [[nodiscard]] Result<store::JobStore*> job_store() override;
    [[nodiscard]] Result<const actions::Registry*> registry() override;
    [[nodiscard]] Result<cli::EngineHandle> open_engine() override;
    [[nodiscard]] Result<engine::OcrReader*> ocr_reader() override;
    [[nodiscard]] Result<engine::Transcriber*> transcriber() override;
    [[nodiscard]] std::filesystem::path models_dir() const override { return config_.models_dir(); }
    [[nodiscard]] std::int64_t max_input_bytes() const override { return config_.max_input_bytes; }
    [[nodiscard]] std::string version_text() const override;
    [[nodiscard]] std::string settings_markdown() const override;

private:
    // Resolves config_.model: an existing file path, else a name in the model catalogue.
    [[nodiscard]] Result<store::ModelRecord> resolve_model();

    Config config_;
    SystemClock clock_;
    std::unique_ptr<store::sqlite::SqliteJobStore> store_;
    std::unique_ptr<actions::Registry> registry_;
    std::unique_ptr<engine::OcrReader> ocr_;
    std::unique_ptr<engine::Transcriber> transcriber_;
};

}  // namespace borough::app
