// The `borough` command line: parses argv (CLI11), asks app/ for Services built from the settings
// flags, runs one subcommand and returns its exit code (cli/exit_code.h, docs/cli.md).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>

#include "cli/services.h"
#include "core/result.h"

namespace borough::cli {

struct SettingFlag {
    std::string name;  // setting name, e.g. "llama_threads"
    std::string flag;  // e.g. "--llama-threads"
    std::string help;
    bool is_bool = false;
};

// Given the settings named on the command line, builds Services or returns the configuration error.
using ServicesFactory =
    std::function<Result<std::unique_ptr<Services>>(const std::map<std::string, std::string>& flags)>;

int run_cli(int argc, char** argv, std::span<const SettingFlag> settings, const ServicesFactory& make_services);

}  // namespace borough::cli
