#include "server/retention.h"

#include <fmt/format.h>

#include <charconv>

#include "core/log.h"
#include "server/server_state.h"

namespace borough::server {

Result<std::optional<int>> retention_days(store::AccountStore& accounts) {
    BOROUGH_TRY(std::optional<std::string> text, accounts.setting("retention_days"));
    if (!text) return std::optional<int>();
    int days = 0;
    auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), days);
    if (ec != std::errc() || ptr != text->data() + text->size() || days < kMinRetentionDays ||
        days > kMaxRetentionDays) {
        return fail(ErrorCode::Internal, fmt::format("stored retention_days '{}' is not 1-3650", *text),
                    "retention_days");
    }
    return std::optional<int>(days);
}

Result<int> purge_expired_inputs(store::AccountStore& accounts, store::JobStore& jobs, const Clock& clock) {
    BOROUGH_TRY(std::optional<int> days, retention_days(accounts));
    if (!days) return 0;
    const std::string before = format_utc(clock.now() - std::chrono::hours(24) * *days);
    BOROUGH_TRY(int purged, jobs.purge_inputs(before));
    if (purged > 0) {
        BOROUGH_TRY(store::AuditEntry entry,
                    jobs.append_audit("system", "retention.purged", "", Json{{"count", purged}, {"before", before}}));
        (void)entry;
    }
    return purged;
}

void run_retention(ServerState& state) {
    while (!state.stopping.load()) {
        auto jobs = state.deps.services.job_store();
        if (!jobs) {
            BOROUGH_LOG_WARN("retention", "no job store: {}", jobs.error().describe());
        } else if (auto purged = purge_expired_inputs(state.deps.accounts, **jobs, state.deps.services.clock());
                   !purged) {
            BOROUGH_LOG_WARN("retention", "purge failed: {}", purged.error().describe());
        } else if (*purged > 0) {
            BOROUGH_LOG_INFO("retention", "purged the inputs of {} finished jobs", *purged);
        }
        std::unique_lock lock(state.retention_mu);
        state.retention_cv.wait_for(lock, std::chrono::hours(1), [&] { return state.stopping.load(); });
    }
}

}  // namespace borough::server
