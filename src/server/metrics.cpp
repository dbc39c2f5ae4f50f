#include "server/metrics.h"

#include <fmt/format.h>

namespace borough::server {

void HttpCounters::count(int status) {
    const int cls = status / 100;
    if (cls >= 1 && cls <= 5) by_class_[static_cast<std::size_t>(cls)].fetch_add(1, std::memory_order_relaxed);
}

std::int64_t HttpCounters::of_class(int hundreds) const {
    if (hundreds < 1 || hundreds > 5) return 0;
    return by_class_[static_cast<std::size_t>(hundreds)].load(std::memory_order_relaxed);
}

std::string render_metrics(const jobs::JobStats& jobs, const HttpCounters& http) {
    std::string out;
    out.reserve(1536);
    auto add = [&out](std::string_view text) { out.append(text); };
    add("# HELP borough_jobs_total Jobs finished since the server started, by final status.\n");
    add("# TYPE borough_jobs_total counter\n");
    add(fmt::format("borough_jobs_total{{status=\"succeeded\"}} {}\n", jobs.succeeded));
    add(fmt::format("borough_jobs_total{{status=\"failed\"}} {}\n", jobs.failed));
    add(fmt::format("borough_jobs_total{{status=\"cancelled\"}} {}\n", jobs.cancelled));
    add("# HELP borough_jobs_queued Jobs waiting for a worker.\n# TYPE borough_jobs_queued gauge\n");
    add(fmt::format("borough_jobs_queued {}\n", jobs.queued));
    add("# HELP borough_jobs_running Jobs running now.\n# TYPE borough_jobs_running gauge\n");
    add(fmt::format("borough_jobs_running {}\n", jobs.running));
    add("# HELP borough_job_duration_seconds Wall time of finished jobs.\n");
    add("# TYPE borough_job_duration_seconds summary\n");
    add(fmt::format("borough_job_duration_seconds_sum {:.3f}\n", jobs.run_seconds_sum));
    add(fmt::format("borough_job_duration_seconds_count {}\n", jobs.succeeded + jobs.failed + jobs.cancelled));
    add("# HELP borough_tokens_total Model tokens of finished jobs.\n# TYPE borough_tokens_total counter\n");
    add(fmt::format("borough_tokens_total{{kind=\"prompt\"}} {}\n", jobs.prompt_tokens));
    add(fmt::format("borough_tokens_total{{kind=\"completion\"}} {}\n", jobs.completion_tokens));
    add("# HELP borough_http_requests_total HTTP responses by status class.\n");
    add("# TYPE borough_http_requests_total counter\n");
    for (int cls = 1; cls <= 5; ++cls) {
        add(fmt::format("borough_http_requests_total{{code=\"{}xx\"}} {}\n", cls, http.of_class(cls)));
    }
    return out;
}

}  // namespace borough::server
