// JSON shapes the API returns for users, jobs, reviews and versions (docs/api.md), in one place so
// every route formats a job the same way.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "actions/registry.h"
#include "core/json.h"
#include "core/result.h"
#include "store/account_store.h"
#include "store/job_store.h"

namespace borough::server {

// {"name","display_name","role","team"}; with_admin_fields adds "disabled","created_at".
[[nodiscard]] Json user_json(const store::UserRecord& user, bool with_admin_fields = false);

// Where a job's draft stands: the latest Markdown version and the decision on it, if any.
struct ReviewState {
    std::string state = "draft";  // draft | approved | rejected
    int version = 0;              // latest md version (0 when the job has no output yet)
    std::string reviewer;         // user name
    std::string comment;
    std::string at;
};

// From the job's outputs and reviews: a decision counts only for the latest md version (an edit
// after an approval makes the job a draft again).
[[nodiscard]] ReviewState review_state(const std::vector<store::OutputRecord>& outputs,
                                       const std::vector<store::ReviewRecord>& reviews);
[[nodiscard]] Result<ReviewState> load_review_state(store::JobStore& jobs, const std::string& job_id);
[[nodiscard]] Json review_json(const ReviewState& review);

// The latest output of the given format, or nullptr.
[[nodiscard]] const store::OutputRecord* latest_output(const std::vector<store::OutputRecord>& outputs,
                                                       std::string_view format);

// docs/api.md job object. `registry` (may be null) supplies action_title and category.
[[nodiscard]] Json job_json(const store::JobRecord& job, const actions::Registry* registry,
                            const std::optional<ReviewState>& review);

// One action for GET /actions: id, title, category, description, version, baseline_minutes, inputs,
// parameters.
[[nodiscard]] Json action_json(const actions::ActionDefinition& action);

}  // namespace borough::server
