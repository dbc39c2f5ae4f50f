#include "app/app_services.h"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <system_error>

#include "actions/registry.h"
#include "app/build_info.h"
#include "app/serve.h"
#include "core/sha256.h"
#include "engine/llama/llama_text_generator.h"
#include "engine/llama/system_info.h"
#include "engine/openai/openai_text_generator.h"
#if BOROUGH_WITH_OCR
#include "engine/tesseract/tesseract_ocr_reader.h"
#endif
#if BOROUGH_WITH_WHISPER
#include "engine/whisper/whisper_transcriber.h"
#endif
#include "store/sqlite/sqlite_account_store.h"
#include "store/sqlite/sqlite_job_store.h"

namespace borough::app {

namespace fs = std::filesystem;

namespace {

#if BOROUGH_WITH_OCR
// Starts Tesseract (and loads its language models on every worker) only when a scanned file is read,
// so CSV and XLSX runs pay nothing for it.
class LazyTesseractReader final : public engine::OcrReader {
public:
    Result<std::vector<engine::OcrPage>> read_file(const std::filesystem::path& path, std::stop_token stop) override {
        {
            std::lock_guard lock(mu_);
            if (!reader_) {
                BOROUGH_TRY(reader_, engine::tesseract::TesseractOcrReader::create({}));
            }
        }
        return reader_->read_file(path, std::move(stop));
    }

private:
    std::mutex mu_;
    std::unique_ptr<engine::tesseract::TesseractOcrReader> reader_;
};
#endif

}  // namespace

AppServices::AppServices(Config config) : config_(std::move(config)) {}

Result<engine::OcrReader*> AppServices::ocr_reader() {
#if BOROUGH_WITH_OCR
    std::lock_guard lock(mu_);
    if (!ocr_) ocr_ = std::make_unique<LazyTesseractReader>();
    return ocr_.get();
#else
    return fail(ErrorCode::Unavailable, "this build has no OCR engine (it was built with BOROUGH_WITH_OCR=OFF)");
#endif
}

Result<engine::Transcriber*> AppServices::transcriber() {
    std::lock_guard lock(mu_);
    if (transcriber_) return transcriber_.get();
#if BOROUGH_WITH_WHISPER
    if (config_.whisper_model.empty()) {
        return fail(ErrorCode::Unavailable,
                    "recordings need a speech model: set whisper_model (BOROUGH_WHISPER_MODEL or --whisper-model) to "
                    "a whisper.cpp GGML model file such as ggml-base.en.bin",
                    "whisper_model");
    }
    engine::whisper::WhisperOptions opts;
    if (config_.whisper_threads > 0) opts.threads = static_cast<unsigned>(config_.whisper_threads);
    opts.language = config_.whisper_language;
    fs::path model = config_.whisper_model;
    std::error_code ec;
    if (!fs::is_regular_file(model, ec) && model.parent_path().empty()) {
        // Not a file here: a name registered with `borough models add`.
        BOROUGH_TRY(auto* store, job_store());
        if (auto found = store->model(model.string())) model = found->path;
    }
    BOROUGH_TRY(transcriber_, engine::whisper::WhisperTranscriber::open(model, opts));
    return transcriber_.get();
#else
    return fail(
        ErrorCode::Unavailable,
        "this build has no speech engine (it was built with BOROUGH_WITH_WHISPER=OFF); give a transcript instead",
        "whisper_model");
#endif
}

AppServices::~AppServices() = default;

Result<store::JobStore*> AppServices::job_store() {
    std::lock_guard lock(mu_);
    if (!store_) {
        std::error_code ec;
        fs::create_directories(config_.data_dir, ec);
        if (ec) {
            return fail(ErrorCode::Unavailable,
                        fmt::format("cannot create data directory {}: {} (set BOROUGH_DATA_DIR or --data-dir)",
                                    config_.data_dir.string(), ec.message()),
                        "data_dir");
        }
        BOROUGH_TRY(store_, store::sqlite::SqliteJobStore::open(config_.database_path().string(), clock_));
    }
    return store_.get();
}

Result<store::AccountStore*> AppServices::account_store() {
    std::lock_guard lock(mu_);
    if (!accounts_) {
        // Opening the job store first creates the data directory and applies every migration.
        BOROUGH_TRY_STATUS(job_store());
        BOROUGH_TRY(accounts_, store::sqlite::SqliteAccountStore::open(config_.database_path().string(), clock_));
    }
    return accounts_.get();
}

int AppServices::serve() {
    auto accounts = account_store();
    if (!accounts) {
        std::fprintf(stderr, "borough: %s\n", accounts.error().describe().c_str());
        return 2;
    }
    return app::serve(config_, *this, **accounts);
}

Result<const actions::Registry*> AppServices::registry() {
    std::lock_guard lock(mu_);
    if (const actions::Registry* current = registries_.current()) return current;
    BOROUGH_TRY(auto reg, actions::Registry::create(admin_actions_dir()));
    return registries_.replace(std::move(reg));
}

std::optional<fs::path> AppServices::admin_actions_dir() const {
    // A configured actions_dir was checked at start-up; the default folder exists once an action is installed.
    if (!config_.actions_dir.empty()) return config_.actions_dir;
    std::error_code ec;
    if (fs::is_directory(config_.actions_folder(), ec)) return config_.actions_folder();
    return std::nullopt;
}

Status AppServices::reload_registry() {
    BOROUGH_TRY(auto reg, actions::Registry::create(admin_actions_dir()));
    registries_.replace(std::move(reg));
    return {};
}

Result<store::ModelRecord> AppServices::resolve_model() {
    std::error_code ec;
    if (fs::is_regular_file(config_.model, ec)) {
        store::ModelRecord m;
        m.path = fs::absolute(config_.model).string();
        m.name = fs::path(config_.model).filename().string();
        BOROUGH_TRY(m.sha256, sha256_file_hex(m.path));
        return m;
    }
    BOROUGH_TRY(auto* store, job_store());
    auto found = store->model(config_.model);
    if (!found) {
        return fail(ErrorCode::NotFound,
                    fmt::format("model '{}' is neither a file nor a registered model name; register one with "
                                "`borough models add PATH|URL` (see `borough models list`)",
                                config_.model),
                    "model");
    }
    return *found;
}

Result<jobs::EngineHandle> AppServices::open_llama(const store::ModelRecord& model) {
    engine::llama::LlamaOptions opts;
    opts.model_path = model.path;
    opts.n_ctx = config_.llama_ctx;
    opts.n_parallel = config_.llama_parallel;
    opts.n_threads = config_.llama_threads;
    BOROUGH_TRY(auto gen, engine::llama::LlamaTextGenerator::create(opts));
    jobs::EngineHandle h;
    h.engine = "llama";
    h.generator = std::move(gen);
    h.model = model.name;
    h.model_sha256 = model.sha256;
    return h;
}

Result<jobs::EngineHandle> AppServices::open_configured_engine() {
    if (config_.engine == "extractive") return jobs::EngineHandle{nullptr, "extractive", "", ""};
    if (config_.engine == "llama") {
        BOROUGH_TRY(auto model, resolve_model());
        return open_llama(model);
    }
    // openai
    engine::openai::OpenAiOptions opts;
    opts.base_url = config_.openai_url;
    opts.model = config_.openai_model;
    opts.api_key_env = config_.openai_api_key_env;
    opts.azure_deployment = config_.azure_deployment;
    opts.azure_api_version = config_.azure_api_version;
    opts.max_concurrency = config_.openai_concurrency;
    opts.timeout_ms = config_.openai_timeout_ms;
    BOROUGH_TRY(auto gen, engine::openai::OpenAiTextGenerator::create(opts));
    jobs::EngineHandle h;
    h.engine = config_.engine;
    h.generator = std::move(gen);
    h.model = config_.openai_model.empty() ? config_.azure_deployment : config_.openai_model;
    return h;
}

Result<jobs::EngineHandle> AppServices::open_engine(std::string_view choice) {
    std::lock_guard lock(engines_mu_);
    if (auto it = engines_.find(choice); it != engines_.end()) return it->second;
    jobs::EngineHandle h;
    if (choice.empty()) {
        BOROUGH_TRY(h, open_configured_engine());
    } else if (choice == "extractive") {
        h.engine = "extractive";
    } else {
        BOROUGH_TRY(auto* store, job_store());
        auto model = store->model(std::string(choice));
        if (!model) {
            if (model.error().code != ErrorCode::NotFound) return fail(model.error());
            return fail(ErrorCode::NotFound,
                        fmt::format("engine '{}' is neither 'extractive' nor a model in the catalogue (`borough models "
                                    "list`)",
                                    choice),
                        "engine");
        }
        BOROUGH_TRY(h, open_llama(*model));
    }
    engines_.emplace(std::string(choice), h);
    return h;
}

std::string AppServices::version_text() const {
    std::string out = fmt::format("borough {} ({})\n", build_info::version(), build_info::git_describe());
    out += fmt::format("llama.cpp {} (source: {})\n", build_info::llama_release(), build_info::llama_source());
    out +=
        fmt::format("build {} with {}{}\n", build_info::build_type(), build_info::compiler(),
                    build_info::sanitizers().empty() ? "" : fmt::format(", sanitizers {}", build_info::sanitizers()));
    out += fmt::format("cpu {}\n", engine::llama::system_info());
    out += fmt::format("data {}\n", config_.data_dir.string());
    return out;
}

std::string AppServices::settings_markdown() const { return app::settings_markdown(); }

}  // namespace borough::app
