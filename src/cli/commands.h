// The subcommands of `borough`: their options (filled by CLI11) and how each runs against Services.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/services.h"

namespace borough::cli {

// Everything the parsed command line says. Exactly one `which` is set after parsing.
struct CommandLine {
    std::string which;  // e.g. "run", "models add", "audit verify"
    // run
    std::string action;
    std::string input;
    std::vector<std::string> params;  // k=v
    std::string format = "md";
    std::string out;
    // actions show / validate; show JOB
    std::string target;
    // models add
    std::string source;
    std::string sha256;
    std::string name;
    // history
    int limit = 20;
    bool markdown = false;
};

void add_commands(CLI::App& app, CommandLine& cmd);

// Runs the chosen subcommand; prints results to stdout and one clear error line to stderr.
int execute(const CommandLine& cmd, Services& services);

}  // namespace borough::cli
