// The whole HTTP API on one screen (STYLE.md §8). Handlers live in handlers/; docs/api.md explains
// each body. Order matters only between routes of one method whose paths both match.
#include "server/routes.h"

#include <array>

#include "server/handlers/handlers.h"

namespace borough::server {

namespace {
using P = Permission;
namespace h = handlers;

// One aligned line per route is the point of this file.
// clang-format off
const std::array kRoutes{
    //    method   path                                 permission         handler               summary
    Route{"GET",    "/healthz",                          P::Public,         h::healthz,           "Liveness and database check"},
    Route{"GET",    "/metrics",                          P::Public,         h::metrics,           "Prometheus metrics"},
    Route{"GET",    "/api/v1/openapi.json",              P::Public,         h::openapi,           "This API as OpenAPI 3.0"},
    Route{"POST",   "/api/v1/session",                   P::Public,         h::sign_in,           "Sign in (sets the session cookie)"},
    Route{"DELETE", "/api/v1/session",                   P::SignedIn,       h::sign_out,          "Sign out"},
    Route{"GET",    "/api/v1/me",                        P::SignedIn,       h::me,                "The signed-in user, permissions and CSRF token"},
    Route{"GET",    "/api/v1/actions",                   P::JobsRead,       h::list_actions,      "Actions with inputs and parameters"},
    Route{"POST",   "/api/v1/actions/validate",          P::Admin,          h::validate_action,   "Check an action definition (YAML)"},
    Route{"GET",    "/api/v1/actions/{id}",              P::JobsRead,       h::get_action,        "One action (with its YAML for admins)"},
    Route{"PUT",    "/api/v1/actions/{id}",              P::Admin,          h::install_action,    "Install an action definition"},
    Route{"POST",   "/api/v1/jobs",                      P::JobsCreate,     h::submit_job,        "Submit a job (JSON or multipart upload)"},
    Route{"GET",    "/api/v1/jobs",                      P::JobsRead,       h::list_jobs,         "Jobs, newest first, team-scoped"},
    Route{"GET",    "/api/v1/jobs/{id}",                 P::JobsRead,       h::get_job,           "One job with its review state"},
    Route{"GET",    "/api/v1/jobs/{id}/events",          P::JobsRead,       h::job_events,        "Job status and progress (Server-Sent Events)"},
    Route{"POST",   "/api/v1/jobs/{id}/cancel",          P::JobsCancel,     h::cancel_job,        "Cancel a queued or running job"},
    Route{"POST",   "/api/v1/jobs/{id}/rerun",           P::JobsCreate,     h::rerun_job,         "Run the job again, optionally on another engine"},
    Route{"GET",    "/api/v1/jobs/{id}/source",          P::JobsRead,       h::job_source,        "The job's input as text"},
    Route{"GET",    "/api/v1/jobs/{id}/result",          P::JobsRead,       h::job_result,        "The latest draft with its result"},
    Route{"GET",    "/api/v1/jobs/{id}/versions",        P::JobsRead,       h::list_versions,     "Output versions of the job"},
    Route{"POST",   "/api/v1/jobs/{id}/versions",        P::OutputsEdit,    h::add_version,       "Save an edited Markdown draft"},
    Route{"GET",    "/api/v1/jobs/{id}/versions/{n}",    P::JobsRead,       h::get_version,       "One output version"},
    Route{"POST",   "/api/v1/jobs/{id}/review",          P::OutputsReview,  h::review,            "Approve or reject the latest draft"},
    Route{"GET",    "/api/v1/jobs/{id}/export",          P::OutputsExport,  h::export_job,        "Download as md, docx or xlsx"},
    Route{"GET",    "/api/v1/stats/time-saved",          P::JobsRead,       h::time_saved,        "Time saved by month, service area and action"},
    Route{"GET",    "/api/v1/audit",                     P::AuditRead,      h::list_audit,        "Audit log entries"},
    Route{"GET",    "/api/v1/audit/verify",              P::AuditRead,      h::verify_audit,      "Check the audit hash chain"},
    Route{"GET",    "/api/v1/tokens",                    P::SignedIn,       h::list_tokens,       "Your API tokens"},
    Route{"POST",   "/api/v1/tokens",                    P::SignedIn,       h::create_token,      "Create an API token (shown once)"},
    Route{"DELETE", "/api/v1/tokens/{id}",               P::SignedIn,       h::revoke_token,      "Revoke an API token"},
    Route{"GET",    "/api/v1/users",                     P::Admin,          h::list_users,        "User accounts"},
    Route{"POST",   "/api/v1/users",                     P::Admin,          h::create_user,       "Create a user"},
    Route{"PATCH",  "/api/v1/users/{name}",              P::Admin,          h::update_user,       "Change a user"},
    Route{"GET",    "/api/v1/teams",                     P::Admin,          h::list_teams,        "Teams"},
    Route{"POST",   "/api/v1/teams",                     P::Admin,          h::create_team,       "Create a team"},
    Route{"GET",    "/api/v1/models",                    P::JobsRead,       h::list_models,       "Engines and catalogued models"},
    Route{"POST",   "/api/v1/models",                    P::Admin,          h::add_model,         "Add a model from a path or URL"},
    Route{"GET",    "/api/v1/settings",                  P::Admin,          h::settings,          "Server settings with current values"},
    Route{"GET",    "/api/v1/settings/retention",        P::Admin,          h::get_retention,     "Input retention in days"},
    Route{"PUT",    "/api/v1/settings/retention",        P::Admin,          h::put_retention,     "Set input retention in days"},
};
// clang-format on
}  // namespace

std::span<const Route> routes() { return kRoutes; }

std::optional<std::vector<std::string>> match_path(std::string_view pattern, std::string_view path) {
    std::vector<std::string> args;
    while (!pattern.empty() || !path.empty()) {
        if (pattern.empty() || path.empty() || pattern.front() != '/' || path.front() != '/') return std::nullopt;
        pattern.remove_prefix(1);
        path.remove_prefix(1);
        const std::size_t pe = pattern.find('/');
        const std::size_t se = path.find('/');
        const std::string_view pseg = pattern.substr(0, pe);
        const std::string_view seg = path.substr(0, se);
        if (pseg.size() >= 2 && pseg.front() == '{' && pseg.back() == '}') {
            if (seg.empty()) return std::nullopt;
            args.emplace_back(seg);
        } else if (pseg != seg) {
            return std::nullopt;
        }
        pattern = pe == std::string_view::npos ? std::string_view{} : pattern.substr(pe);
        path = se == std::string_view::npos ? std::string_view{} : path.substr(se);
    }
    return args;
}

}  // namespace borough::server
