// GET /api/v1/jobs/{id}/events as Server-Sent Events: numbered status and progress events from
// JobRunner::wait_events, ": keep-alive" comments every 15 s, Last-Event-ID resumption, and an end
// after a final status, a client disconnect or server stop.
#pragma once

#include <cstdint>
#include <string>

#include "jobs/job_runner.h"

namespace borough::server {

struct Call;

// "id: <seq>\nevent: status|progress\ndata: {...}\n\n". Status data: {"status"} plus "error" when
// failed; progress data: {"stage","done","total"}.
[[nodiscard]] std::string format_sse_event(const jobs::JobEvent& event);
[[nodiscard]] bool is_final_status(store::JobStatus status);

// Streams events with seq > after_seq as the response of `call` (a job the caller may see).
void stream_job_events(Call& call, const std::string& job_id, std::uint64_t after_seq);

}  // namespace borough::server
