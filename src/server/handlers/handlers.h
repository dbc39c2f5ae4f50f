// Every route handler (see routes.cpp). Each is thin: parse the request into typed values, call the
// jobs/store/actions layer, format the response. Errors are returned; the dispatcher writes them.
#pragma once

#include "core/result.h"

namespace borough::server {
struct Call;
}

namespace borough::server::handlers {

// system_handlers.cpp
[[nodiscard]] Status healthz(Call& call);
[[nodiscard]] Status metrics(Call& call);
[[nodiscard]] Status openapi(Call& call);

// session_handlers.cpp
[[nodiscard]] Status sign_in(Call& call);
[[nodiscard]] Status sign_out(Call& call);
[[nodiscard]] Status me(Call& call);
[[nodiscard]] Status list_tokens(Call& call);
[[nodiscard]] Status create_token(Call& call);
[[nodiscard]] Status revoke_token(Call& call);

// job_handlers.cpp
[[nodiscard]] Status list_actions(Call& call);
[[nodiscard]] Status get_action(Call& call);
[[nodiscard]] Status submit_job(Call& call);
[[nodiscard]] Status list_jobs(Call& call);
[[nodiscard]] Status get_job(Call& call);
[[nodiscard]] Status job_events(Call& call);
[[nodiscard]] Status cancel_job(Call& call);
[[nodiscard]] Status rerun_job(Call& call);
[[nodiscard]] Status job_source(Call& call);

// review_handlers.cpp
[[nodiscard]] Status job_result(Call& call);
[[nodiscard]] Status list_versions(Call& call);
[[nodiscard]] Status get_version(Call& call);
[[nodiscard]] Status add_version(Call& call);
[[nodiscard]] Status review(Call& call);
[[nodiscard]] Status export_job(Call& call);

// admin_handlers.cpp
[[nodiscard]] Status time_saved(Call& call);
[[nodiscard]] Status list_audit(Call& call);
[[nodiscard]] Status verify_audit(Call& call);
[[nodiscard]] Status list_users(Call& call);
[[nodiscard]] Status create_user(Call& call);
[[nodiscard]] Status update_user(Call& call);
[[nodiscard]] Status list_teams(Call& call);
[[nodiscard]] Status create_team(Call& call);
[[nodiscard]] Status list_models(Call& call);
[[nodiscard]] Status add_model(Call& call);
[[nodiscard]] Status settings(Call& call);
[[nodiscard]] Status get_retention(Call& call);
[[nodiscard]] Status put_retention(Call& call);
[[nodiscard]] Status validate_action(Call& call);
[[nodiscard]] Status install_action(Call& call);

}  // namespace borough::server::handlers
