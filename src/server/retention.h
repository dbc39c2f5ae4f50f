// Retention of job inputs: the administrator's "retention_days" setting (AccountStore) decides how
// long the uploaded content of finished jobs is kept; a purge pass runs at start-up and then hourly.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>

#include "core/clock.h"
#include "core/result.h"
#include "store/account_store.h"
#include "store/job_store.h"

namespace borough::server {

struct ServerState;

inline constexpr int kMinRetentionDays = 1;
inline constexpr int kMaxRetentionDays = 3650;

// The configured retention in days; nullopt when never set (inputs are then kept).
[[nodiscard]] Result<std::optional<int>> retention_days(store::AccountStore& accounts);

struct RetentionPass {
    int inputs_purged = 0;
    int files_deleted = 0;  // recordings removed from the upload folder
};

// One purge pass: clears inputs of finished jobs created more than retention_days ago, deletes the
// recordings they released that lie inside `upload_dir` (with their per-upload folder once empty; a
// file elsewhere was not uploaded to the server and is never touched), and audits "retention.purged"
// (actor "system", detail {count, files_deleted, before}) when any input was purged. A file that
// cannot be deleted is logged by its error only and counted as not deleted; the purge still stands.
[[nodiscard]] Result<RetentionPass> purge_expired_inputs(store::AccountStore& accounts, store::JobStore& jobs,
                                                         const Clock& clock, const std::filesystem::path& upload_dir);

// The background loop: a pass now, then hourly, until state.stopping. Logs failures, never throws.
void run_retention(ServerState& state);

}  // namespace borough::server
