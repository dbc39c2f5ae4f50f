#include "server/retention.h"

#include <fmt/format.h>

#include <charconv>
#include <filesystem>

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

namespace {

// Whether `path` lies strictly inside `dir` (already canonical) once made absolute and normalised
// (symbolic links resolved where they exist), so "uploads/../elsewhere" does not count.
bool inside(const std::filesystem::path& path, const std::filesystem::path& dir) {
    std::error_code ec;
    const auto rel = std::filesystem::weakly_canonical(path, ec).lexically_relative(dir);
    return !ec && !rel.empty() && *rel.begin() != ".." && rel != ".";
}

// Deletes a released recording and its per-upload folder (upload_dir/<random>/) when that is left empty.
bool delete_recording(const std::filesystem::path& file, const std::filesystem::path& upload_dir) {
    if (!inside(file, upload_dir)) return false;
    std::error_code ec;
    const bool removed = std::filesystem::remove(file, ec);
    if (ec) {
        // The path names the council's file, so only the error is logged.
        BOROUGH_LOG_WARN("retention", "a purged recording could not be deleted: {}", ec.message());
        return false;
    }
    const auto folder = file.parent_path();
    if (inside(folder, upload_dir) && std::filesystem::is_empty(folder, ec) && !ec) {
        std::filesystem::remove(folder, ec);
    }
    return removed;
}

}  // namespace

Result<RetentionPass> purge_expired_inputs(store::AccountStore& accounts, store::JobStore& jobs, const Clock& clock,
                                           const std::filesystem::path& upload_dir) {
    BOROUGH_TRY(std::optional<int> days, retention_days(accounts));
    RetentionPass pass;
    if (!days) return pass;
    const std::string before = format_utc(clock.now() - std::chrono::hours(24) * *days);
    BOROUGH_TRY(store::PurgedInputs purged, jobs.purge_inputs(before));
    pass.inputs_purged = purged.count;
    if (!purged.released_files.empty()) {
        std::error_code ec;
        const auto uploads = std::filesystem::weakly_canonical(upload_dir, ec);
        for (const auto& file : purged.released_files) {
            pass.files_deleted += !ec && delete_recording(file, uploads) ? 1 : 0;
        }
    }
    if (purged.count > 0) {
        BOROUGH_TRY(store::AuditEntry entry,
                    jobs.append_audit(
                        "system", "retention.purged", "",
                        Json{{"count", purged.count}, {"files_deleted", pass.files_deleted}, {"before", before}}));
        (void)entry;
    }
    return pass;
}

void run_retention(ServerState& state) {
    while (!state.stopping.load()) {
        auto jobs = state.deps.services.job_store();
        if (!jobs) {
            BOROUGH_LOG_WARN("retention", "no job store: {}", jobs.error().describe());
        } else if (auto pass = purge_expired_inputs(state.deps.accounts, **jobs, state.deps.services.clock(),
                                                    state.config.upload_dir);
                   !pass) {
            BOROUGH_LOG_WARN("retention", "purge failed: {}", pass.error().describe());
        } else if (pass->inputs_purged > 0) {
            BOROUGH_LOG_INFO("retention", "purged {} inputs of finished jobs and deleted {} recordings",
                             pass->inputs_purged, pass->files_deleted);
        }
        std::unique_lock lock(state.retention_mu);
        state.retention_cv.wait_for(lock, std::chrono::hours(1), [&] { return state.stopping.load(); });
    }
}

}  // namespace borough::server
