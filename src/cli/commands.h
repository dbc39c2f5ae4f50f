// The subcommands of `borough`: their options (filled by CLI11) and how each runs against Services.
#pragma once

#include <cstdint>
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
    std::string out_dir;                // every output: <input stem>.md/.json and the action's reports
    std::vector<std::string> columns;   // survey actions: question columns
    std::vector<std::string> segments;  // survey actions: segment columns
    std::string id_column;
    std::string sheet;
    std::string codebook;  // path of a codebook CSV
    std::string previous;  // minutes: path of the previous minutes' JSON result
    std::string form;      // needs-assessment: path of a YAML form template
    // actions show / validate; show JOB
    std::string target;
    // models add
    std::string source;
    std::string sha256;
    std::string name;
    // eval
    std::string eval_dir = "../shared/eval";
    std::string gold_dir = "tests/eval/minutes_gold";  // meeting-minutes structured recall
    std::uint64_t seed = 42;
    // users / teams / tokens (name above is the user, team or token name)
    std::string role;
    std::string team;
    std::string display_name;
    std::string service_area;
    std::string user;
    bool password_stdin = false;
    // history
    int limit = 20;
    bool markdown = false;
};

void add_commands(CLI::App& app, CommandLine& cmd);

// Runs the chosen subcommand; prints results to stdout and one clear error line to stderr.
int execute(const CommandLine& cmd, Services& services);

}  // namespace borough::cli
