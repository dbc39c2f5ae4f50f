// AppServices: the composition root's implementation of cli::Services. The only place that knows the
// concrete engine (llama, openai) and store (sqlite) types and builds them from the Config.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "actions/registry.h"
#include "app/settings.h"
#include "cli/services.h"
#include "core/clock.h"

namespace borough::store::sqlite {
class SqliteJobStore;
class SqliteAccountStore;
}  // namespace borough::store::sqlite

namespace borough::app {

// Thread-safe: the server's workers and HTTP threads share one instance. Each lazily opened part
// (store, registry, engines, OCR, speech) is created once under a mutex and then shared.
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
    [[nodiscard]] Status reload_registry() override;
    // "" = the configured engine, "extractive", or a catalogue model name (llama on that model).
    // Each choice is opened once and cached; a failed open is not cached (the next call retries).
    [[nodiscard]] Result<jobs::EngineHandle> open_engine(std::string_view choice) override;
    [[nodiscard]] Result<engine::OcrReader*> ocr_reader() override;
    [[nodiscard]] Result<engine::Transcriber*> transcriber() override;
    [[nodiscard]] std::filesystem::path models_dir() const override { return config_.models_dir(); }
    [[nodiscard]] std::int64_t max_input_bytes() const override { return config_.max_input_bytes; }
    [[nodiscard]] std::string version_text() const override;
    [[nodiscard]] std::string settings_markdown() const override;
    [[nodiscard]] Result<store::AccountStore*> account_store() override;
    int serve() override;

private:
    // The administrator's action folder to load, if there is one (see Config::actions_folder).
    [[nodiscard]] std::optional<std::filesystem::path> admin_actions_dir() const;
    // Resolves config_.model: an existing file path, else a name in the model catalogue.
    [[nodiscard]] Result<store::ModelRecord> resolve_model();
    [[nodiscard]] Result<jobs::EngineHandle> open_llama(const store::ModelRecord& model);
    [[nodiscard]] Result<jobs::EngineHandle> open_configured_engine();

    Config config_;
    SystemClock clock_;
    std::unique_ptr<store::sqlite::SqliteJobStore> store_;
    std::unique_ptr<store::sqlite::SqliteAccountStore> accounts_;
    actions::RegistryVersions registries_;  // see JobServices::registry
    std::unique_ptr<engine::OcrReader> ocr_;
    std::unique_ptr<engine::Transcriber> transcriber_;

    std::recursive_mutex mu_;  // guards the lazily created members above (recursive: they use each other)
    std::mutex engines_mu_;    // held while an engine loads, so one model is never loaded twice at once
    std::map<std::string, jobs::EngineHandle, std::less<>> engines_;  // guarded by engines_mu_
};

}  // namespace borough::app
