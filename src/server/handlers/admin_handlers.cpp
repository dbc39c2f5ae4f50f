// Administration and oversight: time saved, the audit log, users, teams, models, settings,
// retention and custom actions.
#include <fmt/format.h>

#include <array>
#include <fstream>
#include <map>
#include <system_error>
#include <tuple>

#include "actions/action_loader.h"
#include "actions/registry.h"
#include "core/password_hash.h"
#include "core/sha256.h"
#include "server/call.h"
#include "server/handlers/handlers.h"
#include "server/retention.h"
#include "server/views.h"

namespace borough::server::handlers {

namespace {

constexpr std::array<std::string_view, 7> kServiceAreas{"Adults",  "Children", "HR", "Housing", "Democratic Services",
                                                        "Insight", "Corporate"};

Json problems_json(const std::vector<actions::Problem>& problems) {
    Json list = Json::array();
    for (const auto& p : problems) list.push_back({{"message", p.message}, {"field", p.field}, {"line", p.line}});
    return list;
}

Status check_team_for_role(Call& call, store::Role role, const std::string& team) {
    if (team.empty()) {
        if (role == store::Role::Staff || role == store::Role::Reviewer) {
            return fail(ErrorCode::InvalidInput, "staff and reviewers need a team", "team");
        }
        return {};
    }
    BOROUGH_TRY(std::vector<store::TeamRecord> teams, call.state.deps.accounts.list_teams());
    for (const auto& t : teams) {
        if (t.name == team) return {};
    }
    return fail(ErrorCode::InvalidInput, fmt::format("no team named '{}'; create it first", team), "team");
}

}  // namespace

Status time_saved(Call& call) {
    const store::UserRecord& user = call.who().user;
    BOROUGH_TRY(store::JobStore * jobs, job_store(call));
    BOROUGH_TRY(const actions::Registry* registry, call.state.deps.services.registry());
    std::optional<std::string> team;
    if (!sees_every_team(user.role)) team = user.team;
    BOROUGH_TRY(std::vector<store::MonthlyRuns> counted, jobs->succeeded_by_month(team));
    // (month desc, service area, action) → runs; an action no longer installed counts under "Other".
    std::map<std::tuple<std::string, std::string, std::string>, std::int64_t> runs;
    for (const auto& c : counted) {
        const actions::ActionDefinition* action = registry->find(c.action_id);
        runs[{c.month, action != nullptr ? action->category : "Other", c.action_id}] += c.runs;
    }
    Json rows = Json::array();
    // Newest month first; service areas and actions alphabetical within it.
    std::vector<decltype(runs)::const_iterator> ordered;
    for (auto it = runs.begin(); it != runs.end(); ++it) ordered.push_back(it);
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const auto& a, const auto& b) { return std::get<0>(a->first) > std::get<0>(b->first); });
    for (const auto& it : ordered) {
        const auto& [month, area, action_id] = it->first;
        const actions::ActionDefinition* action = registry->find(action_id);
        const double baseline = action != nullptr ? action->baseline_minutes : 0.0;
        rows.push_back({{"month", month},
                        {"service_area", area},
                        {"action", action_id},
                        {"runs", it->second},
                        {"minutes_saved", baseline * static_cast<double>(it->second)}});
    }
    reply_json(call, 200, Json{{"rows", std::move(rows)}});
    return {};
}

Status list_audit(Call& call) {
    BOROUGH_TRY(std::int64_t after, query_int(call, "after", 0, 0, INT64_MAX));
    BOROUGH_TRY(std::int64_t limit, query_int(call, "limit", 100, 1, 1000));
    BOROUGH_TRY(store::JobStore * jobs, job_store(call));
    BOROUGH_TRY(std::vector<store::AuditEntry> entries, jobs->audit_entries(after, static_cast<int>(limit)));
    Json list = Json::array();
    for (const auto& e : entries) {
        list.push_back({{"seq", e.seq},
                        {"at", e.at},
                        {"actor", e.actor},
                        {"action", e.action},
                        {"subject", e.subject},
                        {"detail", e.detail},
                        {"prev_hash", e.prev_hash},
                        {"hash", e.hash}});
    }
    reply_json(call, 200, Json{{"entries", std::move(list)}});
    return {};
}

Status verify_audit(Call& call) {
    BOROUGH_TRY(store::JobStore * jobs, job_store(call));
    BOROUGH_TRY(store::AuditVerification v, jobs->verify_audit());
    reply_json(call, 200,
               Json{{"ok", v.ok},
                    {"entries_checked", v.entries_checked},
                    {"first_bad_seq", v.first_bad_seq ? Json(*v.first_bad_seq) : Json()},
                    {"problem", v.problem}});
    return {};
}

Status list_users(Call& call) {
    BOROUGH_TRY(std::vector<store::UserRecord> users, call.state.deps.accounts.list_users());
    Json list = Json::array();
    for (const auto& u : users) list.push_back(user_json(u, true));
    reply_json(call, 200, Json{{"users", std::move(list)}});
    return {};
}

Status create_user(Call& call) {
    BOROUGH_TRY(Json body, read_json_object(call));
    store::UserRecord user;
    BOROUGH_TRY(user.name, string_field(body, "name", true));
    BOROUGH_TRY(user.display_name, string_field(body, "display_name", true));
    BOROUGH_TRY(std::string password, string_field(body, "password", true));
    BOROUGH_TRY(std::string role, string_field(body, "role", true));
    BOROUGH_TRY(user.team, string_field(body, "team", false));
    auto parsed = store::parse_role(role);
    if (!parsed) return fail(ErrorCode::InvalidInput, parsed.error().message, "role");
    user.role = *parsed;
    BOROUGH_TRY_STATUS(check_team_for_role(call, user.role, user.team));
    BOROUGH_TRY_STATUS(check_password_rules(password));
    BOROUGH_TRY(user.password_hash, hash_password(password));
    user.created_at = format_utc(call.state.deps.services.clock().now());
    BOROUGH_TRY_STATUS(call.state.deps.accounts.create_user(user));
    BOROUGH_TRY_STATUS(audit(call, "user.created", user.name,
                             Json{{"role", std::string(store::to_string(user.role))}, {"team", user.team}}));
    reply_json(call, 201, Json{{"user", user_json(user, true)}});
    return {};
}

Status update_user(Call& call) {
    BOROUGH_TRY(Json body, read_json_object(call));
    auto found = call.state.deps.accounts.user(call.args.at(0));
    if (!found) {
        if (found.error().code == ErrorCode::NotFound) return fail(ErrorCode::NotFound, "no such user", "name");
        return fail(found.error());
    }
    store::UserRecord user = std::move(*found);
    Json changed = Json::array();
    bool sign_out = false;
    if (body.contains("display_name")) {
        BOROUGH_TRY(user.display_name, string_field(body, "display_name", true));
        changed.push_back("display_name");
    }
    if (body.contains("role")) {
        BOROUGH_TRY(std::string role, string_field(body, "role", true));
        auto parsed = store::parse_role(role);
        if (!parsed) return fail(ErrorCode::InvalidInput, parsed.error().message, "role");
        user.role = *parsed;
        changed.push_back("role");
    }
    if (body.contains("team")) {
        BOROUGH_TRY(user.team, string_field(body, "team", false));
        changed.push_back("team");
    }
    BOROUGH_TRY(std::optional<bool> disabled, bool_field(body, "disabled"));
    if (disabled) {
        if (*disabled && user.name == call.who().user.name) {
            return fail(ErrorCode::InvalidInput, "you cannot disable your own account", "disabled");
        }
        user.disabled = *disabled;
        sign_out = sign_out || *disabled;
        changed.push_back("disabled");
    }
    if (body.contains("password")) {
        BOROUGH_TRY(std::string password, string_field(body, "password", true));
        BOROUGH_TRY_STATUS(check_password_rules(password));
        BOROUGH_TRY(user.password_hash, hash_password(password));
        sign_out = true;
        changed.push_back("password");
    }
    if (changed.empty()) {
        return fail(ErrorCode::InvalidInput, "nothing to change: send display_name, role, team, disabled or password",
                    "");
    }
    BOROUGH_TRY_STATUS(check_team_for_role(call, user.role, user.team));
    BOROUGH_TRY_STATUS(call.state.deps.accounts.update_user(user));
    if (sign_out) {
        BOROUGH_TRY(int ended, call.state.deps.accounts.delete_sessions_of(user.name));
        (void)ended;
    }
    BOROUGH_TRY_STATUS(audit(call, "user.updated", user.name, Json{{"changed", changed}}));
    reply_json(call, 200, Json{{"user", user_json(user, true)}});
    return {};
}

Status list_teams(Call& call) {
    BOROUGH_TRY(std::vector<store::TeamRecord> teams, call.state.deps.accounts.list_teams());
    Json list = Json::array();
    for (const auto& t : teams) list.push_back({{"name", t.name}, {"service_area", t.service_area}});
    reply_json(call, 200, Json{{"teams", std::move(list)}});
    return {};
}

Status create_team(Call& call) {
    BOROUGH_TRY(Json body, read_json_object(call));
    store::TeamRecord team;
    BOROUGH_TRY(team.name, string_field(body, "name", true));
    BOROUGH_TRY(team.service_area, string_field(body, "service_area", true));
    if (std::find(kServiceAreas.begin(), kServiceAreas.end(), team.service_area) == kServiceAreas.end()) {
        return fail(
            ErrorCode::InvalidInput,
            "'service_area' must be one of Adults, Children, HR, Housing, Democratic Services, Insight, Corporate",
            "service_area");
    }
    team.created_at = format_utc(call.state.deps.services.clock().now());
    BOROUGH_TRY_STATUS(call.state.deps.accounts.create_team(team));
    BOROUGH_TRY_STATUS(audit(call, "team.created", team.name, Json{{"service_area", team.service_area}}));
    reply_json(call, 201, Json{{"team", {{"name", team.name}, {"service_area", team.service_area}}}});
    return {};
}

Status list_models(Call& call) {
    BOROUGH_TRY(store::JobStore * jobs, job_store(call));
    BOROUGH_TRY(std::vector<store::ModelRecord> models, jobs->list_models());
    Json list = Json::array();
    for (const auto& m : models) {
        list.push_back(
            {{"name", m.name}, {"size_bytes", m.size_bytes}, {"sha256", m.sha256}, {"added_at", m.added_at}});
    }
    reply_json(call, 200,
               Json{{"engines", call.state.config.engines},
                    {"default", call.state.config.default_engine},
                    {"models", std::move(list)}});
    return {};
}

Status add_model(Call& call) {
    BOROUGH_TRY(Json body, read_json_object(call));
    BOROUGH_TRY(std::string source, string_field(body, "source", true));
    BOROUGH_TRY(std::string sha256, string_field(body, "sha256", false));
    BOROUGH_TRY(std::string name, string_field(body, "name", false));
    if (!call.state.config.add_model) {
        return fail(ErrorCode::Unavailable, "this server cannot add models (no model catalogue configured)", "source");
    }
    BOROUGH_TRY(store::ModelRecord model, call.state.config.add_model(source, sha256, name));
    reply_json(call, 201,
               Json{{"model",
                     {{"name", model.name},
                      {"size_bytes", model.size_bytes},
                      {"sha256", model.sha256},
                      {"added_at", model.added_at}}}});
    return {};
}

Status settings(Call& call) {
    call.res.status = 200;
    call.res.set_content(call.state.config.settings_json, "application/json");
    return {};
}

Status get_retention(Call& call) {
    BOROUGH_TRY(std::optional<int> days, retention_days(call.state.deps.accounts));
    reply_json(call, 200, Json{{"retention_days", days ? Json(*days) : Json()}});
    return {};
}

Status put_retention(Call& call) {
    BOROUGH_TRY(Json body, read_json_object(call));
    BOROUGH_TRY(std::optional<std::int64_t> days, int_field(body, "retention_days"));
    if (!days || *days < kMinRetentionDays || *days > kMaxRetentionDays) {
        return fail(ErrorCode::InvalidInput, "'retention_days' must be a whole number from 1 to 3650",
                    "retention_days");
    }
    BOROUGH_TRY_STATUS(call.state.deps.accounts.set_setting("retention_days", std::to_string(*days)));
    BOROUGH_TRY_STATUS(audit(call, "settings.retention", "retention_days", Json{{"retention_days", *days}}));
    reply_json(call, 200, Json{{"retention_days", *days}});
    return {};
}

Status validate_action(Call& call) {
    BOROUGH_TRY(Json body, read_json_object(call));
    BOROUGH_TRY(std::string yaml, string_field(body, "yaml", true));
    const actions::LoadOutcome outcome = actions::parse_action(yaml, "action.yaml");
    reply_json(call, 200, Json{{"ok", outcome.problems.empty()}, {"problems", problems_json(outcome.problems)}});
    return {};
}

Status install_action(Call& call) {
    BOROUGH_TRY(Json body, read_json_object(call));
    BOROUGH_TRY(std::string yaml, string_field(body, "yaml", true));
    const std::string& id = call.args.at(0);
    const std::filesystem::path& dir = call.state.config.actions_dir;
    if (dir.empty())
        return fail(ErrorCode::Unavailable, "no actions_dir is configured; actions cannot be installed", "actions_dir");
    actions::LoadOutcome outcome = actions::parse_action(yaml, id + ".yaml");
    if (outcome.problems.empty() && outcome.definition.id != id) {
        outcome.problems.push_back(
            {id + ".yaml", 0, 0, "id",
             fmt::format("the definition's id '{}' is not the id in the URL '{}'", outcome.definition.id, id)});
    }
    if (!outcome.problems.empty()) {
        call.res.status = 400;
        call.res.set_content(
            dump_json(
                Json{{"error",
                      {{"code", "InvalidInput"}, {"message", actions::describe(outcome.problems)}, {"field", "yaml"}}},
                     {"problems", problems_json(outcome.problems)}}),
            "application/json");
        return {};
    }
    BOROUGH_TRY(const actions::Registry* registry, call.state.deps.services.registry());
    if (const auto* existing = registry->find(id); existing != nullptr && existing->is_builtin) {
        return fail(ErrorCode::Conflict, fmt::format("'{}' is a built-in action; choose another id", id), "id");
    }
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    const std::filesystem::path target = dir / (id + ".yaml");
    const std::filesystem::path part = dir / (id + ".yaml.part");
    {
        std::ofstream out(part, std::ios::binary | std::ios::trunc);
        out << yaml;
        if (!out) return fail(ErrorCode::Unavailable, "the action file could not be written", "actions_dir");
    }
    std::filesystem::rename(part, target, ec);
    if (ec)
        return fail(ErrorCode::Unavailable, fmt::format("the action file could not be installed: {}", ec.message()),
                    "actions_dir");
    BOROUGH_TRY_STATUS(audit(call, "action.installed", id, Json{{"sha256", sha256_hex(yaml)}}));
    // New jobs use it from now on; a job already running keeps the definition it started with.
    BOROUGH_TRY_STATUS(call.state.deps.services.reload_registry());
    reply_json(call, 200, Json{{"ok", true}, {"action", action_json(outcome.definition)}});
    return {};
}

}  // namespace borough::server::handlers
