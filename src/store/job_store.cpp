#include "store/job_store.h"

#include <array>
#include <utility>

namespace borough::store {
namespace {

constexpr std::array<std::pair<JobStatus, std::string_view>, 5> kStatusNames{{
    {JobStatus::Queued, "queued"},
    {JobStatus::Running, "running"},
    {JobStatus::Succeeded, "succeeded"},
    {JobStatus::Failed, "failed"},
    {JobStatus::Cancelled, "cancelled"},
}};

}  // namespace

std::string_view to_string(JobStatus status) {
    for (const auto& [value, name] : kStatusNames) {
        if (value == status) return name;
    }
    return "unknown";
}

Result<JobStatus> parse_job_status(std::string_view text) {
    for (const auto& [value, name] : kStatusNames) {
        if (name == text) return value;
    }
    return fail(
        ErrorCode::InvalidInput,
        "unknown job status '" + std::string(text) + "' (expected queued, running, succeeded, failed or cancelled)",
        "status");
}

}  // namespace borough::store
