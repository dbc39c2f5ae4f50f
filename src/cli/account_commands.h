// `borough users|teams|tokens ...`: the in-process admin tasks for accounts (first run creates the admin
// from here, before any web sign-in exists). Passwords come from BOROUGH_PASSWORD or stdin, never argv.
#pragma once

#include <optional>

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/services.h"

namespace borough::cli {

void add_account_commands(CLI::App& app, CommandLine& cmd);

// The exit code when cmd.which is an account command; nullopt otherwise.
std::optional<int> execute_account_command(const CommandLine& cmd, Services& services);

}  // namespace borough::cli
