#include "app/settings.h"

#include <array>
#include <charconv>
#include <cstdlib>
#include <thread>

#include <fmt/format.h>
#include <toml++/toml.h>

namespace borough::app {
namespace {

using T = SettingType;

// clang-format off
constexpr std::array kSpecs = {
    SettingSpec{"config_file", T::Path, "", "BOROUGH_CONFIG", "--config", "", "TOML file with any of these settings (keys as in the first column)."},
    SettingSpec{"data_dir", T::Path, "", "BOROUGH_DATA_DIR", "--data-dir", "", "Where the database, models and outputs live. Default: $XDG_DATA_HOME/borough, ~/.local/share/borough, or /var/lib/borough for root."},
    SettingSpec{"actions_dir", T::Path, "", "BOROUGH_ACTIONS_DIR", "--actions-dir", "", "Directory of an administrator's own action YAML files, loaded beside the built-in actions (the admin pages install actions there). Default: <data_dir>/actions."},
    SettingSpec{"engine", T::Choice, "auto", "BOROUGH_ENGINE", "--engine", "auto|extractive|llama|openai", "Text engine: llama (embedded llama.cpp), openai (an OpenAI-compatible endpoint), extractive (no model). auto = llama when a model is set, openai when openai_url is set, else extractive."},
    SettingSpec{"model", T::String, "", "BOROUGH_MODEL", "--model", "", "GGUF model for the llama engine: a file path or a name from `borough models list`."},
    SettingSpec{"llama_threads", T::Int, "0", "BOROUGH_LLAMA_THREADS", "--llama-threads", "", "CPU threads for llama.cpp; 0 = all cores."},
    SettingSpec{"llama_parallel", T::Int, "4", "BOROUGH_LLAMA_PARALLEL", "--llama-parallel", "", "Parallel sequences (continuous batching) in the llama engine."},
    SettingSpec{"llama_ctx", T::Int, "8192", "BOROUGH_LLAMA_CTX", "--llama-ctx", "", "Total KV-cache context in tokens, shared by the parallel sequences."},
    SettingSpec{"openai_url", T::String, "", "BOROUGH_OPENAI_URL", "--openai-url", "", "Base URL of an OpenAI-compatible API, e.g. http://127.0.0.1:8080/v1 or https://NAME.openai.azure.com."},
    SettingSpec{"openai_model", T::String, "", "BOROUGH_OPENAI_MODEL", "--openai-model", "", "Model name sent to the OpenAI-compatible API."},
    SettingSpec{"openai_api_key_env", T::String, "BOROUGH_OPENAI_API_KEY", "", "--openai-api-key-env", "", "Name of the environment variable holding the API key (the key itself is never read from flags or logged)."},
    SettingSpec{"azure_deployment", T::String, "", "BOROUGH_AZURE_DEPLOYMENT", "--azure-deployment", "", "Azure OpenAI deployment name (switches to Azure's URL form)."},
    SettingSpec{"azure_api_version", T::String, "2024-10-21", "BOROUGH_AZURE_API_VERSION", "--azure-api-version", "", "Azure OpenAI api-version."},
    SettingSpec{"openai_concurrency", T::Int, "4", "BOROUGH_OPENAI_CONCURRENCY", "--openai-concurrency", "", "Most requests in flight to the OpenAI-compatible API."},
    SettingSpec{"openai_timeout_ms", T::Int, "120000", "BOROUGH_OPENAI_TIMEOUT_MS", "--openai-timeout-ms", "", "Timeout for one API request, in milliseconds."},
    SettingSpec{"whisper_model", T::Path, "", "BOROUGH_WHISPER_MODEL", "--whisper-model", "", "whisper.cpp GGML speech model for transcribing recordings (meeting-minutes, needs-assessment): a file path (e.g. ggml-base.en.bin) or a name from `borough models list`."},
    SettingSpec{"whisper_threads", T::Int, "0", "BOROUGH_WHISPER_THREADS", "--whisper-threads", "", "CPU threads for whisper.cpp; 0 = min(4, cores)."},
    SettingSpec{"whisper_language", T::String, "en", "BOROUGH_WHISPER_LANGUAGE", "--whisper-language", "", "Spoken language of recordings: a whisper code (en, cy, ...) or auto."},
    SettingSpec{"max_input_bytes", T::Int, "104857600", "BOROUGH_MAX_INPUT_BYTES", "--max-input-bytes", "", "Largest input file accepted, in bytes."},
    SettingSpec{"host", T::String, "127.0.0.1", "BOROUGH_HOST", "--host", "", "`borough serve`: address to listen on (127.0.0.1 = this machine only; put a TLS proxy or tls_cert in front for others)."},
    SettingSpec{"port", T::Int, "8080", "BOROUGH_PORT", "--port", "", "`borough serve`: TCP port; 0 = any free port (printed at start)."},
    SettingSpec{"workers", T::Int, "1", "BOROUGH_WORKERS", "--workers", "", "`borough serve`: jobs run at the same time (the engine parallelises inside each job)."},
    SettingSpec{"http_threads", T::Int, "128", "BOROUGH_HTTP_THREADS", "--http-threads", "", "`borough serve`: threads answering HTTP requests (each open keep-alive connection or event stream holds one)."},
    SettingSpec{"session_hours", T::Int, "12", "BOROUGH_SESSION_HOURS", "--session-hours", "", "`borough serve`: how long a browser sign-in lasts."},
    SettingSpec{"max_request_bytes", T::Int, "134217728", "BOROUGH_MAX_REQUEST_BYTES", "--max-request-bytes", "", "`borough serve`: largest HTTP request body, in bytes (uploads are also held to max_input_bytes)."},
    SettingSpec{"submissions_per_minute", T::Int, "30", "BOROUGH_SUBMISSIONS_PER_MINUTE", "--submissions-per-minute", "", "`borough serve`: most jobs one user may submit a minute (sign-in failures are limited to 10 a minute per address)."},
    SettingSpec{"tls_cert", T::Path, "", "BOROUGH_TLS_CERT", "--tls-cert", "", "`borough serve`: PEM certificate chain; with tls_key, serve HTTPS (cookies then carry Secure, responses HSTS)."},
    SettingSpec{"tls_key", T::Path, "", "BOROUGH_TLS_KEY", "--tls-key", "", "`borough serve`: PEM private key for tls_cert."},
    SettingSpec{"log_level", T::Choice, "warn", "BOROUGH_LOG_LEVEL", "--log-level", "trace|debug|info|warn|error|off", "Log threshold (logs go to stderr; council content is never logged at info or above)."},
    SettingSpec{"log_json", T::Bool, "false", "BOROUGH_LOG_JSON", "--log-json", "", "Write logs as JSON lines."},
};
// clang-format on

std::filesystem::path default_data_dir(const EnvLookup& env) {
    if (auto xdg = env("XDG_DATA_HOME"); xdg && !xdg->empty()) return std::filesystem::path(*xdg) / "borough";
    if (auto home = env("HOME"); home && !home->empty() && *home != "/root" && *home != "/") {
        return std::filesystem::path(*home) / ".local/share/borough";
    }
    return "/var/lib/borough";
}

std::string toml_to_text(const toml::node& node) {
    if (auto s = node.value<std::string>()) return *s;
    if (auto b = node.value<bool>()) return *b ? "true" : "false";
    if (auto i = node.value<std::int64_t>()) return std::to_string(*i);
    return {};
}

struct Resolved {
    std::string text;
    std::string source;  // "default", "file", "env BOROUGH_X", "flag --x"
};

}  // namespace

std::span<const SettingSpec> setting_specs() { return kSpecs; }

EnvLookup process_env() {
    return [](std::string_view name) -> std::optional<std::string> {
        const char* v = std::getenv(std::string(name).c_str());  // NOLINT(concurrency-mt-unsafe): read at startup
        if (v == nullptr) return std::nullopt;
        return std::string(v);
    };
}

Result<Config> load_config(const std::map<std::string, std::string>& flags, const EnvLookup& env) {
    std::vector<std::string> problems;
    std::map<std::string, Resolved, std::less<>> values;
    for (const auto& spec : kSpecs) values[std::string(spec.name)] = {std::string(spec.default_value), "default"};

    // The config file itself: flag > env.
    std::string file;
    if (auto it = flags.find("config_file"); it != flags.end()) {
        file = it->second;
    } else if (auto e = env("BOROUGH_CONFIG")) {
        file = *e;
    }
    if (!file.empty()) {
        try {
            const toml::table table = toml::parse_file(file);
            for (const auto& [key, node] : table) {
                auto it = values.find(key.str());
                if (it == values.end() || key.str() == "config_file") {
                    problems.push_back(fmt::format("{}: unknown setting '{}' (see docs/config.md)", file, key.str()));
                    continue;
                }
                it->second = {toml_to_text(node), fmt::format("{}:{}", file, node.source().begin.line)};
            }
        } catch (const toml::parse_error& e) {
            problems.push_back(fmt::format("{}:{}:{}: {}", file, e.source().begin.line, e.source().begin.column,
                                           e.description()));
        }
        values["config_file"] = {file, "flag/env"};
    }
    for (const auto& spec : kSpecs) {
        if (spec.env.empty()) continue;
        if (auto e = env(spec.env)) values[std::string(spec.name)] = {*e, fmt::format("env {}", spec.env)};
    }
    for (const auto& [name, text] : flags) {
        auto it = values.find(name);
        if (it == values.end()) {
            problems.push_back(fmt::format("unknown setting '{}'", name));
            continue;
        }
        it->second = {text, "flag"};
    }

    Config c;
    auto text = [&](std::string_view name) -> const std::string& { return values.find(name)->second.text; };
    auto integer = [&](std::string_view name, long long lo, long long hi) -> long long {
        const auto& r = values.find(name)->second;
        long long v = 0;
        const auto* end = r.text.data() + r.text.size();
        auto [p, ec] = std::from_chars(r.text.data(), end, v);
        if (ec != std::errc() || p != end) {
            problems.push_back(fmt::format("{} ({}): '{}' is not a whole number", name, r.source, r.text));
            return lo;
        }
        if (v < lo || v > hi) {
            problems.push_back(fmt::format("{} ({}): {} is outside {}..{}", name, r.source, v, lo, hi));
            return lo;
        }
        return v;
    };
    auto boolean = [&](std::string_view name) {
        const auto& r = values.find(name)->second;
        if (r.text == "true" || r.text == "1" || r.text == "yes" || r.text == "on") return true;
        if (r.text == "false" || r.text == "0" || r.text == "no" || r.text == "off" || r.text.empty()) return false;
        problems.push_back(fmt::format("{} ({}): '{}' is not true or false", name, r.source, r.text));
        return false;
    };
    for (const auto& spec : kSpecs) {
        if (spec.type != T::Choice) continue;
        const auto& r = values.find(spec.name)->second;
        bool ok = false;
        std::string_view rest = spec.choices;
        while (!rest.empty()) {
            const auto bar = rest.find('|');
            if (rest.substr(0, bar) == r.text) ok = true;
            rest = bar == std::string_view::npos ? std::string_view{} : rest.substr(bar + 1);
        }
        if (!ok) problems.push_back(fmt::format("{} ({}): '{}' is not one of {}", spec.name, r.source, r.text, spec.choices));
    }

    c.config_file = text("config_file");
    c.data_dir = text("data_dir").empty() ? default_data_dir(env) : std::filesystem::path(text("data_dir"));
    c.actions_dir = text("actions_dir");
    c.engine = text("engine");
    c.model = text("model");
    c.llama_threads = static_cast<int>(integer("llama_threads", 0, 1024));
    if (c.llama_threads == 0) c.llama_threads = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
    c.llama_parallel = static_cast<int>(integer("llama_parallel", 1, 256));
    c.llama_ctx = static_cast<int>(integer("llama_ctx", 256, 1 << 20));
    c.openai_url = text("openai_url");
    c.openai_model = text("openai_model");
    c.openai_api_key_env = text("openai_api_key_env");
    c.azure_deployment = text("azure_deployment");
    c.azure_api_version = text("azure_api_version");
    c.openai_concurrency = static_cast<int>(integer("openai_concurrency", 1, 1024));
    c.openai_timeout_ms = static_cast<int>(integer("openai_timeout_ms", 100, 3600000));
    c.whisper_model = text("whisper_model");
    c.whisper_threads = static_cast<int>(integer("whisper_threads", 0, 1024));
    c.whisper_language = text("whisper_language");
    c.max_input_bytes = integer("max_input_bytes", 1, 1LL << 40);
    c.host = text("host");
    c.port = static_cast<int>(integer("port", 0, 65535));
    c.workers = static_cast<int>(integer("workers", 1, 64));
    c.http_threads = static_cast<int>(integer("http_threads", 4, 1024));
    c.session_hours = static_cast<int>(integer("session_hours", 1, 24 * 30));
    c.max_request_bytes = integer("max_request_bytes", 1024, 1LL << 40);
    c.submissions_per_minute = static_cast<int>(integer("submissions_per_minute", 1, 100000));
    c.tls_cert = text("tls_cert");
    c.tls_key = text("tls_key");
    if (c.tls_cert.empty() != c.tls_key.empty()) {
        problems.push_back("tls_cert and tls_key: set both to serve HTTPS, or neither");
    }
    for (const auto* p : {&c.tls_cert, &c.tls_key}) {
        if (!p->empty() && !std::filesystem::is_regular_file(*p)) {
            problems.push_back(fmt::format("{}: {} is not a readable file", p == &c.tls_cert ? "tls_cert" : "tls_key",
                                           p->string()));
        }
    }
    c.log_level = text("log_level");
    c.log_json = boolean("log_json");

    if (c.engine == "openai" && c.openai_url.empty()) {
        problems.push_back("engine (" + values["engine"].source + "): openai needs openai_url (BOROUGH_OPENAI_URL or --openai-url)");
    }
    if (c.engine == "openai" && c.openai_model.empty() && c.azure_deployment.empty()) {
        problems.push_back("engine (" + values["engine"].source +
                           "): openai needs the model name (BOROUGH_OPENAI_MODEL or --openai-model) or an Azure "
                           "deployment (--azure-deployment)");
    }
    if (c.engine == "llama" && c.model.empty()) {
        problems.push_back("engine (" + values["engine"].source + "): llama needs a model (BOROUGH_MODEL or --model)");
    }
    if (!c.actions_dir.empty() && !std::filesystem::is_directory(c.actions_dir)) {
        problems.push_back(fmt::format("actions_dir ({}): {} is not a directory", values["actions_dir"].source,
                                       c.actions_dir.string()));
    }
    if (c.engine == "auto") {
        c.engine = !c.model.empty() ? "llama" : (!c.openai_url.empty() ? "openai" : "extractive");
    }
    if (!problems.empty()) {
        std::string msg = "invalid configuration:";
        for (const auto& p : problems) msg += "\n  " + p;
        return fail(ErrorCode::InvalidInput, msg, "config");
    }
    return c;
}

std::string settings_markdown() {
    std::string out =
        "# Configuration\n\n"
        "Generated from `src/app/settings.cpp` by `borough settings`; do not edit by hand.\n\n"
        "Precedence: default < TOML file (`--config` / `BOROUGH_CONFIG`) < environment < command-line flag.\n"
        "Every problem is reported at start-up and borough exits with code 2.\n\n"
        "| setting | flag | environment | default | meaning |\n|---|---|---|---|---|\n";
    for (const auto& s : kSpecs) {
        std::string def = s.default_value.empty() ? "" : fmt::format("`{}`", s.default_value);
        std::string help(s.help);
        if (s.type == T::Choice) {
            std::string choices(s.choices);
            for (auto& ch : choices) {
                if (ch == '|') ch = '/';
            }
            help += fmt::format(" One of `{}`.", choices);
        }
        out += fmt::format("| `{}` | `{}` | {} | {} | {} |\n", s.name, s.flag,
                           s.env.empty() ? std::string() : fmt::format("`{}`", s.env), def, help);
    }
    return out;
}

}  // namespace borough::app
