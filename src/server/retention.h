// Retention of job inputs: the administrator's "retention_days" setting (AccountStore) decides how
// long the uploaded content of finished jobs is kept; a purge pass runs at start-up and then hourly.
#pragma once

#include <chrono>
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

// One purge pass: clears inputs of finished jobs created more than retention_days ago and audits
// "retention.purged" (actor "system", detail {count, before}) when any were. Returns the count
// (0 when no retention is set).
[[nodiscard]] Result<int> purge_expired_inputs(store::AccountStore& accounts, store::JobStore& jobs,
                                               const Clock& clock);

// The background loop: a pass now, then hourly, until state.stopping. Logs failures, never throws.
void run_retention(ServerState& state);

}  // namespace borough::server
