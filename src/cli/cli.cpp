#include "cli/cli.h"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <optional>
#include <stop_token>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/exit_code.h"

namespace borough::cli {

int run_cli(int argc, char** argv, std::span<const SettingFlag> settings, const ServicesFactory& make_services) {
    CLI::App app{"borough: on-premise GenAI workbench for council staff. Every output is a draft for a person to check.",
                 "borough"};
    app.require_subcommand(1);
    app.fallthrough();
    app.set_help_all_flag("--help-all", "Show help for every command");

    std::map<std::string, std::string> flag_values;
    std::map<std::string, std::string> raw;  // setting name -> text given
    for (const auto& s : settings) {
        if (s.is_bool) {
            app.add_flag_callback(s.flag, [&raw, name = s.name] { raw[name] = "true"; }, s.help)->group("Settings");
        } else {
            app.add_option_function<std::string>(s.flag, [&raw, name = s.name](const std::string& v) { raw[name] = v; },
                                                 s.help)
                ->group("Settings");
        }
    }

    CommandLine cmd;
    add_commands(app, cmd);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? kExitOk : kExitUsage;
    }

    auto services = make_services(raw);
    if (!services) {
        std::fprintf(stderr, "borough: %s\n", services.error().message.c_str());
        return kExitUsage;
    }
    return execute(cmd, **services);
}

}  // namespace borough::cli
