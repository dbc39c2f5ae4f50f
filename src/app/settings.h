// The one declarative settings table (name, type, default, BOROUGH_* env var, flag, help) and the
// immutable Config built from it. Precedence: default < TOML file < environment < flag. --help,
// docs/config.md and (later) GET /api/v1/settings all come from this table.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace borough::app {

enum class SettingType { String, Path, Int, Bool, Choice };

struct SettingSpec {
    std::string_view name;  // also the TOML key, e.g. "llama_threads"
    SettingType type;
    std::string_view default_value;  // as text; "" = unset
    std::string_view env;            // e.g. "BOROUGH_LLAMA_THREADS"
    std::string_view flag;           // e.g. "--llama-threads"
    std::string_view choices;        // for Choice: "a|b|c"
    std::string_view help;
};

std::span<const SettingSpec> setting_specs();

struct Config {
    std::filesystem::path config_file;  // "" when none
    std::filesystem::path data_dir;
    std::filesystem::path actions_dir;  // "" when none
    std::string engine;                 // auto | extractive | llama | openai
    std::string model;                  // path or catalogue name; "" when none
    int llama_threads = 0;
    int llama_parallel = 4;
    int llama_ctx = 8192;
    std::string openai_url;
    std::string openai_model;
    std::string openai_api_key_env;
    std::string azure_deployment;
    std::string azure_api_version;
    int openai_concurrency = 4;
    int openai_timeout_ms = 120000;
    std::filesystem::path whisper_model;  // "" when none: recordings are refused
    int whisper_threads = 0;              // 0 = whisper's default
    std::string whisper_language;
    std::int64_t max_input_bytes = 0;
    // `borough serve`
    std::string host;
    int port = 8080;
    int workers = 1;
    int http_threads = 128;
    int session_hours = 12;
    std::int64_t max_request_bytes = 0;
    int submissions_per_minute = 30;
    std::filesystem::path tls_cert;  // "" = plain HTTP
    std::filesystem::path tls_key;
    std::string log_level;
    bool log_json = false;

    [[nodiscard]] std::filesystem::path database_path() const { return data_dir / "borough.db"; }
    [[nodiscard]] std::filesystem::path models_dir() const { return data_dir / "models"; }
    // actions_dir, or <data_dir>/actions when it is not set (the admin pages install actions there).
    [[nodiscard]] std::filesystem::path actions_folder() const {
        return actions_dir.empty() ? data_dir / "actions" : actions_dir;
    }
};

using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;
EnvLookup process_env();

// Builds the Config. `flags` holds the settings given on the command line (setting name -> text).
// The TOML file is config_file from flags/env (BOROUGH_CONFIG) when set. Every problem is reported at
// once: the error message lists each "setting (source): problem" on its own line.
[[nodiscard]] Result<Config> load_config(const std::map<std::string, std::string>& flags, const EnvLookup& env);

// docs/config.md, generated from the table.
std::string settings_markdown();

}  // namespace borough::app
