// JobRunner: the server's persisted job queue. Jobs are rows in the JobStore (status queued/running/...),
// so a crash or restart loses nothing: start() re-queues what was queued or running (running jobs
// resume from their checkpoints) and audits each. A fixed pool of worker threads takes jobs in
// submission order; progress is kept per job as numbered events that SSE handlers wait on.
// Thread-safety: every public method is thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "jobs/services.h"
#include "store/job_store.h"

namespace borough::jobs {

struct JobRunnerOptions {
    int workers = 1;            // concurrent jobs; the engine itself parallelises inside a job
    int max_queued = 1000;      // submit() beyond this is ResourceExhausted
    std::size_t max_events = 256;  // events kept per job (older ones are dropped; the snapshot stays)
};

// What a person asked to run. The input is either bytes (stored in the job store) or a file already
// saved under the data directory (a recording: stored as a reference with its sha256).
struct JobRequest {
    std::string action_id;
    std::string input_name;                 // original file name, already reduced to a safe base name
    std::string input_bytes;                // used when input_path is empty
    std::filesystem::path input_path;       // a recording saved on disk
    std::vector<std::pair<std::string, std::string>> params;  // NAME=VALUE text, typed by the action
    std::string engine;                     // JobServices::open_engine choice ("" = configured)
    std::string created_by;                 // user name
    std::string team;                       // the user's team
};

// One event of a job, numbered from 1 per job. type: "status" (status changed: queued, running,
// succeeded, failed, cancelled; message = error text when failed), "progress" (stage, done, total) or
// "partial" (a finished unit's result: stage = its key, message = its compact JSON, or "" when it is
// over kMaxPartialBytes and only its size is given in `done`).
inline constexpr std::size_t kMaxPartialBytes = 256 * 1024;
struct JobEvent {
    std::uint64_t seq = 0;
    std::string type;
    store::JobStatus status = store::JobStatus::Queued;
    std::string stage;
    std::size_t done = 0;
    std::size_t total = 0;
    std::string message;
};

// Counters for /metrics (since this process started, except the gauges).
struct JobStats {
    std::int64_t queued = 0;   // gauge
    std::int64_t running = 0;  // gauge
    std::int64_t succeeded = 0;
    std::int64_t failed = 0;
    std::int64_t cancelled = 0;
    double run_seconds_sum = 0;       // wall time of finished jobs
    std::int64_t prompt_tokens = 0;   // from the jobs' timings
    std::int64_t completion_tokens = 0;
};

// What start() did with jobs found unfinished in the store.
struct RecoveryReport {
    std::vector<std::string> requeued;  // were queued or running; will run (running ones resume)
    std::vector<std::string> failed;    // could not be resumed (action changed, input gone): marked failed
};

class JobRunner {
public:
    [[nodiscard]] static Result<std::unique_ptr<JobRunner>> create(JobServices& services, JobRunnerOptions options);
    ~JobRunner();  // stop()s
    JobRunner(const JobRunner&) = delete;
    JobRunner& operator=(const JobRunner&) = delete;
    JobRunner(JobRunner&&) = delete;
    JobRunner& operator=(JobRunner&&) = delete;

    // Recovers unfinished jobs (audit "job.recovered" or "job.failed" with reason "restart") and
    // starts the workers. Call once.
    [[nodiscard]] Result<RecoveryReport> start();
    // Stops taking jobs and asks running ones to stop; they are left queued (audit "job.interrupted")
    // so the next start() resumes them. Blocks until the workers have exited. Idempotent.
    void stop();

    // Validates (action exists, params, input format and size) before anything is stored: InvalidInput
    // naming the field, NotFound for an unknown action, ResourceExhausted when the queue is full.
    // Then creates the job (queued), stores its input, audits "job.created" and queues it.
    [[nodiscard]] Result<store::JobRecord> submit(const JobRequest& request);
    // A queued job is cancelled at once; a running one at its next step. Conflict when it has already
    // finished; NotFound when absent. Audits "job.cancel_requested".
    [[nodiscard]] Status cancel(const std::string& job_id, const std::string& actor);
    // A new job with the same action, input and parameters on another engine (`engine` as in
    // JobServices::open_engine). The new job's parameters record "rerun_of".
    [[nodiscard]] Result<store::JobRecord> rerun(const std::string& job_id, const std::string& engine,
                                                 const std::string& actor, const std::string& team);

    // Events of the job with seq > after_seq. When there are none yet, waits up to `timeout` for one
    // (returns empty on timeout or stop). A job this process has not seen yields one synthetic status
    // event from the store, so a client always learns the current state. NotFound when absent.
    [[nodiscard]] Result<std::vector<JobEvent>> wait_events(const std::string& job_id, std::uint64_t after_seq,
                                                            std::chrono::milliseconds timeout);

    [[nodiscard]] JobStats stats() const;

private:
    struct State;
    explicit JobRunner(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

}  // namespace borough::jobs
