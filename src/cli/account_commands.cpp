#include "cli/account_commands.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include <fmt/format.h>

#include "cli/exit_code.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/password_hash.h"
#include "core/sha256.h"
#include "store/account_store.h"

namespace borough::cli {
namespace {

// BOROUGH_PASSWORD, else the first line of stdin with --password-stdin. Never a flag: argv is visible
// to every user of the machine in `ps`.
Result<std::string> read_password(const CommandLine& cmd) {
    if (cmd.password_stdin) {
        std::string line;
        if (!std::getline(std::cin, line)) {
            return fail(ErrorCode::InvalidInput, "--password-stdin: no password on standard input", "password");
        }
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return line;
    }
    const char* env = std::getenv("BOROUGH_PASSWORD");  // NOLINT(concurrency-mt-unsafe): read once at start
    if (env == nullptr) {
        return fail(ErrorCode::InvalidInput,
                    "give the password in the environment variable BOROUGH_PASSWORD or on stdin with --password-stdin",
                    "password");
    }
    return std::string(env);
}

int cmd_users_add(const CommandLine& cmd, Services& s) {
    auto accounts = s.account_store();
    if (!accounts) return report(accounts.error());
    auto role = store::parse_role(cmd.role);
    if (!role) return report(role.error());
    if ((*role == store::Role::Staff || *role == store::Role::Reviewer) && cmd.team.empty()) {
        return report({ErrorCode::InvalidInput, fmt::format("a {} belongs to a team: add --team NAME", cmd.role),
                       "--team"});
    }
    if (!cmd.team.empty()) {
        auto teams = (*accounts)->list_teams();
        if (!teams) return report(teams.error());
        const bool known = std::any_of(teams->begin(), teams->end(), [&](const auto& t) { return t.name == cmd.team; });
        if (!known) {
            return report({ErrorCode::NotFound,
                           fmt::format("no team '{}': create it first with `borough teams add {} --service-area AREA`",
                                       cmd.team, cmd.team),
                           "--team"});
        }
    }
    auto password = read_password(cmd);
    if (!password) return report(password.error());
    if (auto st = check_password_rules(*password); !st) return report(st.error());
    auto hash = hash_password(*password);
    if (!hash) return report(hash.error());
    store::UserRecord user;
    user.name = cmd.name;
    user.display_name = cmd.display_name.empty() ? cmd.name : cmd.display_name;
    user.role = *role;
    user.team = cmd.team;
    user.password_hash = *hash;
    user.created_at = format_utc(s.clock().now());
    if (auto st = (*accounts)->create_user(user); !st) return report(st.error());
    if (auto store = s.job_store()) {
        (void)(*store)->append_audit("cli:admin", "user.created", user.name,
                                     Json{{"role", std::string(store::to_string(user.role))}, {"team", user.team}});
    }
    std::printf("added user %s (%s%s)\n", user.name.c_str(), std::string(store::to_string(user.role)).c_str(),
                user.team.empty() ? "" : (", team " + user.team).c_str());
    return kExitOk;
}

int cmd_users_list(Services& s) {
    auto accounts = s.account_store();
    if (!accounts) return report(accounts.error());
    auto users = (*accounts)->list_users();
    if (!users) return report(users.error());
    std::printf("%-24s %-10s %-20s %-8s %s\n", "NAME", "ROLE", "TEAM", "STATE", "DISPLAY NAME");
    for (const auto& u : *users) {
        std::printf("%-24s %-10s %-20s %-8s %s\n", u.name.c_str(), std::string(store::to_string(u.role)).c_str(),
                    u.team.c_str(), u.disabled ? "disabled" : "active", u.display_name.c_str());
    }
    return kExitOk;
}

int cmd_teams_add(const CommandLine& cmd, Services& s) {
    auto accounts = s.account_store();
    if (!accounts) return report(accounts.error());
    store::TeamRecord team{cmd.name, cmd.service_area, format_utc(s.clock().now())};
    if (auto st = (*accounts)->create_team(team); !st) return report(st.error());
    std::printf("added team %s (%s)\n", team.name.c_str(), team.service_area.c_str());
    return kExitOk;
}

// Prints the clear token once on stdout (so scripts can capture it); only its sha256 is stored.
int cmd_tokens_add(const CommandLine& cmd, Services& s) {
    auto accounts = s.account_store();
    if (!accounts) return report(accounts.error());
    auto user = (*accounts)->user(cmd.user);
    if (!user) return report(user.error());
    const std::string clear = "brg_" + random_token(32);
    store::ApiTokenRecord token;
    token.id = "tok_" + random_hex(8);
    token.user = user->name;
    token.name = cmd.name;
    token.token_sha256 = sha256_hex(clear);
    token.created_at = format_utc(s.clock().now());
    if (auto st = (*accounts)->create_api_token(token); !st) return report(st.error());
    if (auto store = s.job_store()) {
        (void)(*store)->append_audit("cli:admin", "token.created", token.id, Json{{"user", token.user}});
    }
    std::fprintf(stderr, "borough: token %s for %s (shown once; store it safely)\n", token.id.c_str(),
                 token.user.c_str());
    std::printf("%s\n", clear.c_str());
    return kExitOk;
}

}  // namespace

void add_account_commands(CLI::App& app, CommandLine& cmd) {
    auto* users = app.add_subcommand("users", "Local user accounts (the first admin is created here)");
    users->require_subcommand(1);
    auto* add = users->add_subcommand(
        "add", "Create a user; the password comes from BOROUGH_PASSWORD or --password-stdin (12+ characters)");
    add->add_option("NAME", cmd.name, "Login name: a-z, 0-9, '.', '_' or '-'")->required();
    add->add_option("--role", cmd.role, "admin, staff, reviewer or auditor")
        ->required()
        ->check(CLI::IsMember({"admin", "staff", "reviewer", "auditor"}));
    add->add_option("--team", cmd.team, "Team (required for staff and reviewers)");
    add->add_option("--display-name", cmd.display_name, "Name shown on approvals, e.g. \"Lisa Ward\"");
    add->add_flag("--password-stdin", cmd.password_stdin, "Read the password from the first line of stdin");
    add->callback([&cmd] { cmd.which = "users add"; });
    users->add_subcommand("list", "List users")->callback([&cmd] { cmd.which = "users list"; });

    auto* teams = app.add_subcommand("teams", "Teams: a user sees only their team's jobs");
    teams->require_subcommand(1);
    auto* team_add = teams->add_subcommand("add", "Create a team");
    team_add->add_option("NAME", cmd.name, "Team name, e.g. adults-north")->required();
    team_add->add_option("--service-area", cmd.service_area,
                         "Adults, Children, HR, Housing, Democratic Services, Insight or Corporate")
        ->required();
    team_add->callback([&cmd] { cmd.which = "teams add"; });

    auto* tokens = app.add_subcommand("tokens", "API tokens for scripts (Authorization: Bearer ...)");
    tokens->require_subcommand(1);
    auto* token_add = tokens->add_subcommand("add", "Create a token for a user; prints it once on stdout");
    token_add->add_option("--user", cmd.user, "The user the token acts as")->required();
    token_add->add_option("--name", cmd.name, "What the token is for")->required();
    token_add->callback([&cmd] { cmd.which = "tokens add"; });
}

std::optional<int> execute_account_command(const CommandLine& cmd, Services& services) {
    if (cmd.which == "users add") return cmd_users_add(cmd, services);
    if (cmd.which == "users list") return cmd_users_list(services);
    if (cmd.which == "teams add") return cmd_teams_add(cmd, services);
    if (cmd.which == "tokens add") return cmd_tokens_add(cmd, services);
    return std::nullopt;
}

}  // namespace borough::cli
