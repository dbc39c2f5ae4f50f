// /metrics in the Prometheus text format: the job runner's counters plus HTTP responses by status
// class. Counters only (ids, counts, durations), never content.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

#include "jobs/job_runner.h"

namespace borough::server {

// Responses by status class (1xx..5xx). Thread-safe (relaxed atomics).
class HttpCounters {
public:
    void count(int status);
    [[nodiscard]] std::int64_t of_class(int hundreds) const;  // 1..5; 0 for anything else

private:
    std::array<std::atomic<std::int64_t>, 6> by_class_{};
};

// borough_jobs_total{status}, borough_jobs_queued, borough_jobs_running,
// borough_job_duration_seconds_sum/_count, borough_tokens_total{kind}, borough_http_requests_total{code}.
[[nodiscard]] std::string render_metrics(const jobs::JobStats& jobs, const HttpCounters& http);

}  // namespace borough::server
