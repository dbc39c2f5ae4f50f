#include "jobs/job_runner.h"

#include <fmt/format.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <set>
#include <stop_token>
#include <string_view>
#include <system_error>
#include <thread>
#include <unordered_map>

#include "actions/pipeline.h"
#include "actions/registry.h"
#include "core/ids.h"
#include "core/log.h"
#include "core/sha256.h"
#include "core/strings.h"
#include "jobs/job_execution.h"

namespace borough::jobs {
namespace {

namespace fs = std::filesystem;

// Progress events closer together than this (per stage) are dropped, except a stage's last one.
constexpr auto kProgressInterval = std::chrono::milliseconds(100);
// Event logs of finished jobs kept for late SSE readers; older ones fall back to the store snapshot.
constexpr std::size_t kFinishedLogsKept = 1024;

bool is_final(store::JobStatus s) {
    return s == store::JobStatus::Succeeded || s == store::JobStatus::Failed || s == store::JobStatus::Cancelled;
}

// The engine choice a job was submitted with (see submit()): the record holds it until a worker
// replaces it with the engine actually opened.
std::string submitted_choice(const store::JobRecord& job) {
    if (job.engine.empty() || job.engine == "extractive") return job.engine;
    return job.model;
}

// Size and file-type checks against the server limit and the action's first input.
Status check_request_input(const actions::ActionDefinition& action, const JobRequest& request,
                           std::int64_t max_input_bytes) {
    if (action.inputs.empty()) {
        return fail(ErrorCode::InvalidInput, fmt::format("action '{}' declares no input", action.id), "file");
    }
    const actions::InputSpec& spec = action.inputs.front();
    std::uint64_t size = request.input_bytes.size();
    if (!request.input_path.empty()) {
        std::error_code ec;
        size = fs::file_size(request.input_path, ec);
        if (ec) {
            return fail(ErrorCode::InvalidInput,
                        fmt::format("{}: the uploaded file cannot be read: {}", request.input_name, ec.message()),
                        "file");
        }
    }
    if (size > static_cast<std::uint64_t>(std::max<std::int64_t>(max_input_bytes, 0))) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("{} is {} bytes; the largest input accepted is {} bytes (max_input_bytes)",
                                request.input_name, size, max_input_bytes),
                    "file");
    }
    if (size > spec.max_bytes) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("{} is {} bytes; action '{}' accepts at most {} bytes", request.input_name, size,
                                action.id, spec.max_bytes),
                    "file");
    }
    std::string ext = lower_extension(request.input_name);
    if (!ext.empty()) ext.erase(0, 1);  // formats are listed without the dot
    if (!spec.formats.empty() && std::find(spec.formats.begin(), spec.formats.end(), ext) == spec.formats.end()) {
        std::string allowed;
        for (const auto& f : spec.formats) allowed += (allowed.empty() ? "." : ", .") + f;
        return fail(ErrorCode::InvalidInput,
                    fmt::format("{}: action '{}' accepts {} files", request.input_name, action.id, allowed), "file");
    }
    return {};
}

}  // namespace

struct JobRunner::State {
    struct Running {
        std::stop_source stop;      // fires for cancel and shutdown alike: the action stops
        std::stop_source shutdown;  // fires only for stop(): the job is queued again, not cancelled
        bool cancel_requested = false;
    };
    struct EventLog {
        std::deque<JobEvent> events;
        std::uint64_t next_seq = 1;
        JobEvent last_status;  // kept even when the ring drops it: the snapshot a late reader needs
        bool finished = false;
    };

    State(JobServices& s, JobRunnerOptions o) : services(s), options(o) {}

    JobServices& services;
    const JobRunnerOptions options;

    mutable std::mutex mu;
    std::condition_variable queue_cv;
    std::condition_variable events_cv;
    std::deque<std::string> queue;                                   // guarded by mu
    std::unordered_map<std::string, std::shared_ptr<Running>> running;  // guarded by mu
    std::unordered_map<std::string, EventLog> logs;                  // guarded by mu
    std::deque<std::string> finished_logs;                           // guarded by mu: oldest first
    JobStats counters;                                               // guarded by mu (gauges unused)
    bool started = false;                                            // guarded by mu
    bool stopping = false;                                           // guarded by mu
    std::vector<std::jthread> workers;  // written by start() and stop() only, under start_stop_mu
    std::mutex start_stop_mu;

    // Appends an event to the job's log and wakes readers. Caller holds mu.
    void push_event_locked(const std::string& job_id, JobEvent e) {
        EventLog& log = logs[job_id];
        e.seq = log.next_seq++;
        if (e.type == "status") {
            log.last_status = e;
            if (is_final(e.status) && !log.finished) {
                log.finished = true;
                finished_logs.push_back(job_id);
                while (finished_logs.size() > kFinishedLogsKept) {
                    logs.erase(finished_logs.front());
                    finished_logs.pop_front();
                }
            }
        }
        log.events.push_back(std::move(e));
        while (log.events.size() > std::max<std::size_t>(options.max_events, 1)) log.events.pop_front();
        events_cv.notify_all();
    }
    void push_status(const std::string& job_id, store::JobStatus status, std::string message = {}) {
        std::lock_guard lock(mu);
        push_status_locked(job_id, status, std::move(message));
    }
    void push_status_locked(const std::string& job_id, store::JobStatus status, std::string message = {}) {
        JobEvent e;
        e.type = "status";
        e.status = status;
        e.message = std::move(message);
        push_event_locked(job_id, std::move(e));
    }

    void count_finished_locked(const store::JobRecord& job) {
        if (job.status == store::JobStatus::Succeeded) ++counters.succeeded;
        if (job.status == store::JobStatus::Failed) ++counters.failed;
        if (job.status == store::JobStatus::Cancelled) ++counters.cancelled;
        if (!job.timings.is_object()) return;
        for (auto [key, total] : {std::pair{"prompt_tokens", &counters.prompt_tokens},
                                  std::pair{"completion_tokens", &counters.completion_tokens}}) {
            auto it = job.timings.find(key);
            if (it != job.timings.end() && it->is_number()) *total += it->get<std::int64_t>();
        }
    }

    void audit(const std::string& actor, const std::string& action, const std::string& job_id, const Json& detail) {
        auto store = services.job_store();
        if (!store) return;
        if (auto a = (*store)->append_audit(actor, action, job_id, detail); !a) {
            BOROUGH_LOG_ERROR("jobs", "[{}] could not append audit {}: {}", job_id, action, a.error().describe());
        }
    }

    // Marks a job Failed outside execute_job (it never started), with its audit entry and event.
    void fail_job(store::JobRecord& job, const std::string& message, const Json& detail) {
        job.status = store::JobStatus::Failed;
        job.error = message;
        job.finished_at = format_utc(services.clock().now());
        if (auto store = services.job_store()) {
            if (auto st = (*store)->update_job(job); !st) {
                BOROUGH_LOG_ERROR("jobs", "[{}] could not record the failure: {}", job.id, st.error().describe());
            }
        }
        audit(job.created_by, "job.failed", job.id, detail);
        std::lock_guard lock(mu);
        count_finished_locked(job);
        push_status_locked(job.id, job.status, message);
    }

    class ProgressEvents final : public actions::ProgressSink {
    public:
        ProgressEvents(State& state, std::string job_id) : state_(state), job_id_(std::move(job_id)) {}
        void on_progress(std::string_view stage, std::size_t done, std::size_t total) override;
        void on_partial(std::string_view key, std::string_view value) override;

    private:
        State& state_;
        std::string job_id_;
        std::map<std::string, std::chrono::steady_clock::time_point, std::less<>> last_;  // guarded by state_.mu
    };

    Result<store::JobRecord> create_queued(const actions::ActionDefinition& action, const actions::Params& params,
                                           const Json& extra_params, const JobRequest& request,
                                           const std::string& input_sha256, std::uint64_t input_size);
    Result<EngineHandle> open_engine_for(const store::JobRecord& job);
    void run_job(const std::string& job_id, const std::shared_ptr<Running>& run);
    void worker_loop();
};

// Throttled progress → events: at most one event per stage per kProgressInterval, but always a
// stage's last one. Called from engine threads, so it only takes the runner's mutex.
void JobRunner::State::ProgressEvents::on_progress(std::string_view stage, std::size_t done, std::size_t total) {
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(state_.mu);
    auto it = last_.find(stage);
    if (it != last_.end() && done != total && now - it->second < kProgressInterval) return;
    if (it == last_.end()) {
        last_.emplace(std::string(stage), now);
    } else {
        it->second = now;
    }
    JobEvent e;
    e.type = "progress";
    e.status = store::JobStatus::Running;
    e.stage = std::string(stage);
    e.done = done;
    e.total = total;
    state_.push_event_locked(job_id_, std::move(e));
}

// Every partial result is an event (they are the job's own results, not throttled like progress);
// a very large one (a long transcript) is announced by size only — the result has it all at the end.
void JobRunner::State::ProgressEvents::on_partial(std::string_view key, std::string_view value) {
    JobEvent e;
    e.type = "partial";
    e.status = store::JobStatus::Running;
    e.stage = std::string(key);
    e.done = value.size();
    if (value.size() <= kMaxPartialBytes) e.message = std::string(value);
    std::lock_guard lock(state_.mu);
    state_.push_event_locked(job_id_, std::move(e));
}

Result<EngineHandle> JobRunner::State::open_engine_for(const store::JobRecord& job) {
    if (job.started_at.empty()) return services.open_engine(submitted_choice(job));
    // It ran before (interrupted): resume only on the same engine and model, or checkpoints would mix
    // two models' work. The model may be a catalogue name or the configured engine's file.
    std::vector<std::string> choices;
    if (job.engine == "extractive") {
        choices.emplace_back("extractive");
    } else {
        if (job.engine == "llama" && !job.model.empty()) choices.push_back(job.model);
        choices.emplace_back("");
    }
    for (const auto& choice : choices) {
        auto h = services.open_engine(choice);
        if (!h) {
            if (h.error().code == ErrorCode::NotFound) continue;
            return h;
        }
        if (h->engine == job.engine && h->model == job.model && h->model_sha256 == job.model_sha256) return h;
    }
    return fail(ErrorCode::Conflict,
                fmt::format("interrupted by a restart and cannot resume: it ran on {} {}, which is no longer the "
                            "configured engine or a catalogue model",
                            job.engine, job.model.empty() ? std::string() : job.model),
                "engine");
}

void JobRunner::State::run_job(const std::string& job_id, const std::shared_ptr<Running>& run) {
    auto store_result = services.job_store();
    if (!store_result) {
        BOROUGH_LOG_ERROR("jobs", "[{}] job store unavailable: {}", job_id, store_result.error().describe());
        return;
    }
    store::JobStore& store = **store_result;
    auto loaded = store.job(job_id);
    if (!loaded) {
        BOROUGH_LOG_ERROR("jobs", "[{}] cannot read the job: {}", job_id, loaded.error().describe());
        return;
    }
    store::JobRecord job = std::move(loaded).value();
    if (job.status != store::JobStatus::Queued) return;  // cancelled while queued, or taken elsewhere

    auto reg = services.registry();
    const actions::ActionDefinition* action = reg ? (*reg)->find(job.action_id) : nullptr;
    if (action == nullptr || action->content_hash != job.action_hash) {
        fail_job(job,
                 fmt::format("action '{}' with content hash {} is no longer installed", job.action_id,
                             job.action_hash),
                 Json{{"code", "Conflict"}});
        return;
    }
    auto input = load_job_input(store, job.id);
    if (!input) {
        fail_job(job, input.error().message, Json{{"code", std::string(to_string(input.error().code))}});
        return;
    }
    auto engine = open_engine_for(job);
    if (!engine) {
        fail_job(job, engine.error().message, Json{{"code", std::string(to_string(engine.error().code))}});
        return;
    }

    const auto run_began = std::chrono::steady_clock::now();
    job.status = store::JobStatus::Running;
    job.error.clear();
    if (job.started_at.empty()) job.started_at = format_utc(services.clock().now());
    job.engine = engine->engine;
    job.model = engine->model;
    job.model_sha256 = engine->model_sha256;
    if (auto st = store.update_job(job); !st) {
        fail_job(job, st.error().message, Json{{"code", std::string(to_string(st.error().code))}});
        return;
    }
    push_status(job.id, store::JobStatus::Running);
    BOROUGH_LOG_INFO("jobs", "[{}] running {} on {}", job.id, job.action_id, job.engine);

    ProgressEvents sink(*this, job.id);
    auto done = execute_job(services, *action, job, *input, job_params(*action, job), *engine, sink,
                            run->stop.get_token(), "generated", run->shutdown.get_token());
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - run_began).count();

    if (!done && job.status == store::JobStatus::Running) {
        // Interrupted by stop(): back to the queue for the next start(), unless someone cancelled it.
        bool cancelled = false;
        {
            std::lock_guard lock(mu);
            cancelled = run->cancel_requested;
        }
        if (cancelled) {
            job.status = store::JobStatus::Cancelled;
            job.error = done.error().message;
            job.finished_at = format_utc(services.clock().now());
            if (auto st = store.update_job(job); !st) {
                BOROUGH_LOG_ERROR("jobs", "[{}] could not record the cancellation: {}", job.id, st.error().describe());
            }
            audit(job.created_by, "job.cancelled", job.id, Json{{"code", "Cancelled"}});
        } else {
            job.status = store::JobStatus::Queued;
            if (auto st = store.update_job(job); !st) {
                BOROUGH_LOG_ERROR("jobs", "[{}] could not re-queue the job: {}", job.id, st.error().describe());
            }
            audit("system", "job.interrupted", job.id, Json{{"reason", "shutdown"}});
            push_status(job.id, store::JobStatus::Queued);
            return;
        }
    }
    std::lock_guard lock(mu);
    count_finished_locked(job);
    counters.run_seconds_sum += seconds;
    push_status_locked(job.id, job.status, job.status == store::JobStatus::Succeeded ? std::string() : job.error);
}

void JobRunner::State::worker_loop() {
    for (;;) {
        std::string job_id;
        std::shared_ptr<Running> run;
        {
            std::unique_lock lock(mu);
            queue_cv.wait(lock, [&] { return stopping || !queue.empty(); });
            if (stopping) return;
            job_id = std::move(queue.front());
            queue.pop_front();
            run = std::make_shared<Running>();
            running.emplace(job_id, run);
        }
        try {
            run_job(job_id, run);
        } catch (const std::exception& e) {
            // Last-resort boundary (STYLE.md §3): a throwing library must not take the server down.
            BOROUGH_LOG_ERROR("jobs", "[{}] internal error: {}", job_id, e.what());
            if (auto store = services.job_store()) {
                if (auto job = (*store)->job(job_id); job && !is_final(job->status)) {
                    fail_job(*job, fmt::format("internal error: {}", e.what()), Json{{"code", "Internal"}});
                }
            }
        }
        std::lock_guard lock(mu);
        running.erase(job_id);
    }
}

Result<store::JobRecord> JobRunner::State::create_queued(const actions::ActionDefinition& action,
                                                         const actions::Params& params, const Json& extra_params,
                                                         const JobRequest& request, const std::string& input_sha256,
                                                         std::uint64_t input_size) {
    if (auto resolved = actions::resolve_params(action, params); !resolved) return fail(resolved.error());
    BOROUGH_TRY(store::JobStore * store, services.job_store());
    // The engine is opened by the worker (a model load takes seconds); the record keeps the choice
    // until then: "" = configured, "extractive", or engine llama with the catalogue model's name.
    std::string engine_kind = request.engine;
    if (!request.engine.empty() && request.engine != "extractive") {
        if (auto m = store->model(request.engine); !m) {
            if (m.error().code == ErrorCode::NotFound) {
                return fail(ErrorCode::NotFound,
                            fmt::format("engine '{}' is neither 'extractive' nor a model in the catalogue",
                                        request.engine),
                            "engine");
            }
            return fail(m.error());
        }
        engine_kind = "llama";
    }
    {
        std::lock_guard lock(mu);
        if (queue.size() >= static_cast<std::size_t>(std::max(options.max_queued, 0))) {
            return fail(ErrorCode::ResourceExhausted,
                        fmt::format("the job queue is full ({} jobs waiting); try again later", queue.size()),
                        "queue");
        }
    }

    store::JobRecord job;
    job.id = new_id();
    job.action_id = action.id;
    job.action_version = action.version;
    job.action_hash = action.content_hash;
    job.engine = engine_kind;
    job.model = engine_kind == "llama" ? request.engine : std::string();
    job.parameters = Json::object();
    for (const auto& [k, v] : params) job.parameters[k] = v;
    if (extra_params.is_object()) {
        for (const auto& [k, v] : extra_params.items()) job.parameters[k] = v;
    }
    job.status = store::JobStatus::Queued;
    job.created_by = request.created_by;
    job.team = request.team;
    job.created_at = format_utc(services.clock().now());
    BOROUGH_TRY_STATUS(store->create_job(job));
    const bool on_disk = !request.input_path.empty();
    const store::InputRecord stored =
        on_disk ? store::InputRecord{job.id, request.input_name, std::string(kFileReference), input_sha256,
                                     fs::absolute(request.input_path).string()}
                : store::InputRecord{job.id, request.input_name, "text/plain", input_sha256, request.input_bytes};
    if (auto st = store->add_input(stored); !st) {
        job.status = store::JobStatus::Failed;
        job.error = st.error().message;
        job.finished_at = job.created_at;
        (void)store->update_job(job);
        return fail(st.error());
    }
    audit(job.created_by, "job.created", job.id,
          Json{{"action", action.id},
               {"action_hash", action.content_hash},
               {"engine", request.engine},
               {"team", job.team},
               {"input_sha256", input_sha256},
               {"input_bytes", input_size}});
    {
        std::lock_guard lock(mu);
        push_status_locked(job.id, store::JobStatus::Queued);
        queue.push_back(job.id);
        queue_cv.notify_one();
    }
    BOROUGH_LOG_INFO("jobs", "[{}] queued {} ({} bytes)", job.id, action.id, input_size);
    return job;
}

JobRunner::JobRunner(std::unique_ptr<State> state) : state_(std::move(state)) {}

JobRunner::~JobRunner() { stop(); }

Result<std::unique_ptr<JobRunner>> JobRunner::create(JobServices& services, JobRunnerOptions options) {
    if (options.workers < 1) {
        return fail(ErrorCode::InvalidInput, fmt::format("workers must be at least 1, got {}", options.workers),
                    "workers");
    }
    if (options.max_queued < 1) {
        return fail(ErrorCode::InvalidInput, fmt::format("max_queued must be at least 1, got {}", options.max_queued),
                    "max_queued");
    }
    return std::unique_ptr<JobRunner>(new JobRunner(std::make_unique<State>(services, options)));
}

Result<RecoveryReport> JobRunner::start() {
    State& s = *state_;
    std::lock_guard start_lock(s.start_stop_mu);
    {
        std::lock_guard lock(s.mu);
        if (s.started) return fail(ErrorCode::Conflict, "the job runner was already started");
        if (s.stopping) return fail(ErrorCode::Conflict, "the job runner was stopped; create a new one");
        s.started = true;
    }
    BOROUGH_TRY(store::JobStore * store, s.services.job_store());
    BOROUGH_TRY(const actions::Registry* reg, s.services.registry());

    // Every unfinished job, in pages of the store's largest limit. `before` is strict, so each next
    // page starts just after the last created_at seen ("\x01" sorts above nothing a timestamp holds)
    // and ids already seen are skipped: jobs sharing one millisecond are not lost at a page edge.
    std::vector<store::JobRecord> unfinished;
    std::set<std::string> seen;
    for (store::JobStatus status : {store::JobStatus::Running, store::JobStatus::Queued}) {
        store::JobQuery q;
        q.status = status;
        q.limit = 1000;
        for (;;) {
            BOROUGH_TRY(std::vector<store::JobRecord> page, store->list_jobs(q));
            bool progressed = false;
            for (auto& job : page) {
                if (seen.insert(job.id).second) {
                    progressed = true;
                    unfinished.push_back(std::move(job));
                }
            }
            if (page.size() < static_cast<std::size_t>(q.limit) || !progressed) break;
            q.before = unfinished.back().created_at + "\x01";
        }
    }
    // Submission order: oldest first (stable, so equal times keep the store's order).
    std::stable_sort(unfinished.begin(), unfinished.end(),
                     [](const store::JobRecord& a, const store::JobRecord& b) { return a.created_at < b.created_at; });

    RecoveryReport report;
    for (auto& job : unfinished) {
        const std::string was(to_string(job.status));
        const actions::ActionDefinition* action = reg->find(job.action_id);
        std::string problem;
        std::string_view reason;  // for the log: never the message, which may name a council's file
        if (action == nullptr) {
            problem = fmt::format("action '{}' is no longer installed", job.action_id);
            reason = "action removed";
        } else if (action->content_hash != job.action_hash) {
            problem = fmt::format("action '{}' has changed since the job was created (content hash {} is now {})",
                                  job.action_id, job.action_hash, action->content_hash);
            reason = "action changed";
        } else if (auto input = load_job_input(*store, job.id); !input) {
            problem = input.error().message;
            reason = to_string(input.error().code);
        }
        if (!problem.empty()) {
            const std::string message = "interrupted by a restart and cannot resume: " + problem;
            BOROUGH_LOG_WARN("jobs", "[{}] interrupted by a restart and cannot resume ({})", job.id, reason);
            s.fail_job(job, message, Json{{"reason", "restart"}, {"was", was}});
            report.failed.push_back(job.id);
            continue;
        }
        if (job.status == store::JobStatus::Running) {
            job.status = store::JobStatus::Queued;
            BOROUGH_TRY_STATUS(store->update_job(job));
        }
        s.audit("system", "job.recovered", job.id, Json{{"reason", "restart"}, {"was", was}});
        report.requeued.push_back(job.id);
        std::lock_guard lock(s.mu);
        s.push_status_locked(job.id, store::JobStatus::Queued);
        s.queue.push_back(job.id);
    }
    BOROUGH_LOG_INFO("jobs", "job runner starting {} workers ({} jobs re-queued, {} failed)", s.options.workers,
                     report.requeued.size(), report.failed.size());
    for (int i = 0; i < s.options.workers; ++i) {
        s.workers.emplace_back([&s] { s.worker_loop(); });
    }
    return report;
}

void JobRunner::stop() {
    State& s = *state_;
    std::lock_guard start_lock(s.start_stop_mu);
    {
        std::lock_guard lock(s.mu);
        s.stopping = true;
        for (auto& [id, run] : s.running) {
            if (!run->cancel_requested) run->shutdown.request_stop();
            run->stop.request_stop();
        }
        s.queue_cv.notify_all();
        s.events_cv.notify_all();
    }
    for (auto& w : s.workers) {
        if (w.joinable()) w.join();
    }
    s.workers.clear();
}

Result<store::JobRecord> JobRunner::submit(const JobRequest& request) {
    State& s = *state_;
    BOROUGH_TRY(const actions::Registry* reg, s.services.registry());
    const actions::ActionDefinition* action = reg->find(request.action_id);
    if (action == nullptr) {
        return fail(ErrorCode::NotFound, fmt::format("unknown action '{}'", request.action_id), "action");
    }
    BOROUGH_TRY(actions::Params params, actions::parse_param_strings(*action, request.params));
    BOROUGH_TRY_STATUS(check_request_input(*action, request, s.services.max_input_bytes()));
    std::string input_sha256;
    std::uint64_t input_size = request.input_bytes.size();
    if (!request.input_path.empty()) {
        BOROUGH_TRY(input_sha256, sha256_file_hex(request.input_path));
        std::error_code ec;
        input_size = fs::file_size(request.input_path, ec);
    } else {
        input_sha256 = sha256_hex(request.input_bytes);
    }
    return s.create_queued(*action, params, Json::object(), request, input_sha256, input_size);
}

Status JobRunner::cancel(const std::string& job_id, const std::string& actor) {
    State& s = *state_;
    BOROUGH_TRY(store::JobStore * store, s.services.job_store());
    std::unique_lock lock(s.mu);
    if (auto it = s.running.find(job_id); it != s.running.end()) {
        // The worker may have stored the final status and not yet let go of the job.
        BOROUGH_TRY(const store::JobRecord stored, store->job(job_id));
        if (is_final(stored.status)) {
            return fail(ErrorCode::Conflict,
                        fmt::format("job {} has already finished ({})", job_id, to_string(stored.status)), "status");
        }
        it->second->cancel_requested = true;
        it->second->stop.request_stop();
        lock.unlock();
        s.audit(actor, "job.cancel_requested", job_id, Json{{"was", "running"}});
        return {};
    }
    // Not running here: decide from the store while holding mu, so no worker takes it meanwhile.
    BOROUGH_TRY(store::JobRecord job, store->job(job_id));
    if (is_final(job.status)) {
        return fail(ErrorCode::Conflict, fmt::format("job {} has already finished ({})", job_id, to_string(job.status)),
                    "status");
    }
    if (job.status == store::JobStatus::Running) {
        // Running in another process (or about to be recovered): nothing here can stop it.
        return fail(ErrorCode::Conflict, fmt::format("job {} is running in another process", job_id), "status");
    }
    s.queue.erase(std::remove(s.queue.begin(), s.queue.end(), job_id), s.queue.end());
    job.status = store::JobStatus::Cancelled;
    job.error = "cancelled before it started";
    job.finished_at = format_utc(s.services.clock().now());
    BOROUGH_TRY_STATUS(store->update_job(job));
    s.count_finished_locked(job);
    s.push_status_locked(job_id, job.status, job.error);
    lock.unlock();
    s.audit(actor, "job.cancel_requested", job_id, Json{{"was", "queued"}});
    s.audit(job.created_by, "job.cancelled", job_id, Json{{"code", "Cancelled"}});
    return {};
}

Result<store::JobRecord> JobRunner::rerun(const std::string& job_id, const std::string& engine,
                                          const std::string& actor, const std::string& team) {
    State& s = *state_;
    BOROUGH_TRY(store::JobStore * store, s.services.job_store());
    BOROUGH_TRY(const store::JobRecord old, store->job(job_id));
    BOROUGH_TRY(const actions::Registry* reg, s.services.registry());
    const actions::ActionDefinition* action = reg->find(old.action_id);
    if (action == nullptr) {
        return fail(ErrorCode::NotFound, fmt::format("job {} ran action '{}', which is no longer installed", job_id,
                                                     old.action_id),
                    "action");
    }
    BOROUGH_TRY(actions::ActionInput input, load_job_input(*store, job_id));
    BOROUGH_TRY(const std::vector<store::InputRecord> inputs, store->inputs(job_id));
    JobRequest request;
    request.action_id = old.action_id;
    request.input_name = input.name;
    if (input.path.empty()) {
        request.input_bytes = std::move(input.content);
    } else {
        request.input_path = input.path;
    }
    request.engine = engine;
    request.created_by = actor;
    request.team = team;
    BOROUGH_TRY_STATUS(check_request_input(*action, request, s.services.max_input_bytes()));
    std::error_code ec;
    const std::uint64_t size = request.input_path.empty() ? request.input_bytes.size()
                                                          : static_cast<std::uint64_t>(fs::file_size(request.input_path, ec));
    return s.create_queued(*action, job_params(*action, old), Json{{"rerun_of", job_id}}, request,
                           inputs.front().sha256, size);
}

Result<std::vector<JobEvent>> JobRunner::wait_events(const std::string& job_id, std::uint64_t after_seq,
                                                     std::chrono::milliseconds timeout) {
    State& s = *state_;
    std::unique_lock lock(s.mu);
    auto collect = [&]() -> std::vector<JobEvent> {
        std::vector<JobEvent> out;
        const State::EventLog& log = s.logs.at(job_id);
        // The ring may have dropped events this reader missed; it still gets the latest status first.
        if (!log.events.empty() && log.events.front().seq > after_seq + 1 && log.last_status.seq > after_seq &&
            log.last_status.seq < log.events.front().seq) {
            out.push_back(log.last_status);
        }
        for (const auto& e : log.events) {
            if (e.seq > after_seq) out.push_back(e);
        }
        return out;
    };
    if (s.logs.find(job_id) == s.logs.end()) {
        lock.unlock();
        BOROUGH_TRY(store::JobStore * store, s.services.job_store());
        BOROUGH_TRY(const store::JobRecord job, store->job(job_id));
        lock.lock();
        if (s.logs.find(job_id) == s.logs.end()) {
            if (after_seq >= 1) {
                // The reader already has the snapshot: nothing new will come from this process.
                s.events_cv.wait_for(lock, timeout, [&] { return s.stopping || s.logs.count(job_id) > 0; });
                if (s.logs.count(job_id) == 0) return std::vector<JobEvent>{};
                return collect();
            }
            JobEvent e;
            e.seq = 1;
            e.type = "status";
            e.status = job.status;
            e.message = job.status == store::JobStatus::Failed ? job.error : std::string();
            return std::vector<JobEvent>{e};
        }
    }
    s.events_cv.wait_for(lock, timeout, [&] {
        if (s.stopping) return true;
        auto it = s.logs.find(job_id);
        return it == s.logs.end() || (!it->second.events.empty() && it->second.events.back().seq > after_seq);
    });
    if (s.logs.find(job_id) == s.logs.end()) return std::vector<JobEvent>{};  // pruned meanwhile
    return collect();
}

JobStats JobRunner::stats() const {
    const State& s = *state_;
    std::lock_guard lock(s.mu);
    JobStats out = s.counters;
    out.queued = static_cast<std::int64_t>(s.queue.size());
    out.running = static_cast<std::int64_t>(s.running.size());
    return out;
}

}  // namespace borough::jobs
