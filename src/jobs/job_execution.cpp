#include "jobs/job_execution.h"

#include <fmt/format.h>

#include <map>
#include <utility>

#include "actions/common/recording.h"
#include "core/log.h"
#include "core/sha256.h"

namespace borough::jobs {
namespace {

// Saves checkpoints of a running job in the job store (actions::Checkpoints over store::JobStore).
class JobCheckpoints final : public actions::Checkpoints {
public:
    JobCheckpoints(store::JobStore& jobs, std::string job_id, actions::ProgressSink& progress)
        : jobs_(jobs), job_id_(std::move(job_id)), progress_(progress) {}
    Result<std::map<std::string, std::string>> load() override { return jobs_.checkpoints(job_id_); }
    // Durable first, then shown: a partial result a viewer saw is never lost by a crash.
    Status save(const std::string& key, const std::string& value) override {
        BOROUGH_TRY_STATUS(jobs_.save_checkpoint(job_id_, key, value));
        progress_.on_partial(key, value);
        return {};
    }

private:
    store::JobStore& jobs_;
    std::string job_id_;
    actions::ProgressSink& progress_;
};

// Records a failed or cancelled run: status, error text, audit entry. Store errors here are logged,
// not returned: the action's own error is what the caller needs to see.
Error finish_unsuccessful(JobServices& services, store::JobStore& jobs, store::JobRecord& job, Error error) {
    const bool cancelled = error.code == ErrorCode::Cancelled;
    job.status = cancelled ? store::JobStatus::Cancelled : store::JobStatus::Failed;
    job.error = error.message;
    job.finished_at = format_utc(services.clock().now());
    if (auto st = jobs.update_job(job); !st) {
        BOROUGH_LOG_ERROR("jobs", "[{}] could not record the job as {}: {}", job.id, to_string(job.status),
                          st.error().describe());
    }
    if (auto a = jobs.append_audit(job.created_by, cancelled ? "job.cancelled" : "job.failed", job.id,
                                   Json{{"code", std::string(to_string(error.code))}});
        !a) {
        BOROUGH_LOG_ERROR("jobs", "[{}] could not append the audit entry: {}", job.id, a.error().describe());
    }
    BOROUGH_LOG_INFO("jobs", "[{}] {} ({})", job.id, to_string(job.status), to_string(error.code));
    return error;
}

}  // namespace

actions::Params job_params(const actions::ActionDefinition& action, const store::JobRecord& job) {
    actions::Params params;
    if (!job.parameters.is_object()) return params;
    for (const auto& spec : action.parameters) {
        if (auto it = job.parameters.find(spec.name); it != job.parameters.end()) params[spec.name] = *it;
    }
    return params;
}

Result<ExecutedJob> execute_job(JobServices& services, const actions::ActionDefinition& action, store::JobRecord& job,
                                const actions::ActionInput& input, const actions::Params& params,
                                const EngineHandle& engine, actions::ProgressSink& progress, std::stop_token stop,
                                const std::string& kind, std::stop_token shutdown) {
    BOROUGH_TRY(store::JobStore * jobs, services.job_store());
    actions::ActionContext ctx{engine.generator.get(), services.clock(), progress, std::move(stop)};
    JobCheckpoints checkpoints(*jobs, job.id, progress);
    ctx.checkpoints = &checkpoints;
    if (!action.inputs.empty() && action.inputs[0].kind == actions::InputKind::Table) {
        // Only survey-style actions read scanned forms; the OCR engine is opened only for them, and a
        // build without one still runs CSV and XLSX input.
        if (auto ocr = services.ocr_reader()) ctx.ocr = *ocr;
    }
    if (actions::is_recording(input.name)) {
        // Only recordings need the speech model; it is loaded here, once, for them.
        auto transcriber = services.transcriber();
        if (!transcriber) return fail(finish_unsuccessful(services, *jobs, job, transcriber.error()));
        ctx.transcriber = *transcriber;
    }

    auto out = actions::run_action(action, input, params, ctx);
    if (!out) {
        if (out.error().code == ErrorCode::Cancelled && shutdown.stop_requested()) {
            BOROUGH_LOG_INFO("jobs", "[{}] interrupted by shutdown", job.id);
            return fail(out.error());
        }
        return fail(finish_unsuccessful(services, *jobs, job, out.error()));
    }

    job.finished_at = format_utc(services.clock().now());
    job.status = store::JobStatus::Succeeded;
    job.error.clear();
    job.timings = out->timings;
    ExecutedJob done;
    done.json_text = dump_json(Json{{"job", job.id},
                                    {"action", action.id},
                                    {"action_version", action.version},
                                    {"action_hash", action.content_hash},
                                    {"method", out->method},
                                    {"draft", true},
                                    {"warnings", out->warnings},
                                    {"result", out->result}},
                               2);
    done.markdown = fmt::format("> **DRAFT** prepared with AI assistance ({}) — check before use. Job {}.\n\n{}",
                                out->method, job.id, out->markdown);
    done.artifacts = std::move(out->artifacts);
    done.warnings = std::move(out->warnings);
    done.method = std::move(out->method);

    // Outputs first, then the status: a reader that sees Succeeded always finds the drafts.
    auto store_output = [&](const std::string& format, const std::string& content) -> Status {
        BOROUGH_TRY(const int version,
                    jobs->add_output({job.id, 0, kind, format, content, job.created_by, job.finished_at}));
        (void)version;
        return {};
    };
    Status stored = store_output("json", done.json_text);
    if (stored) stored = store_output("md", done.markdown);
    for (const auto& artifact : done.artifacts) {
        if (!stored) break;
        stored = store_output(artifact.format, artifact.content);
    }
    if (stored) stored = jobs->update_job(job);
    if (!stored) {
        Error e = stored.error();
        e.message = fmt::format("job {} finished but its outputs could not be stored: {}", job.id, e.message);
        return fail(finish_unsuccessful(services, *jobs, job, std::move(e)));
    }
    if (auto a = jobs->append_audit(job.created_by, "job.succeeded", job.id,
                                    Json{{"method", done.method},
                                         {"kind", kind},
                                         {"output_sha256", sha256_hex(done.json_text)}});
        !a) {
        BOROUGH_LOG_ERROR("jobs", "[{}] could not append the audit entry: {}", job.id, a.error().describe());
    }
    BOROUGH_LOG_INFO("jobs", "[{}] succeeded ({}, {} warnings)", job.id, done.method, done.warnings.size());
    return done;
}

Result<actions::ActionInput> load_job_input(store::JobStore& jobs, const std::string& job_id) {
    BOROUGH_TRY(const std::vector<store::InputRecord> inputs, jobs.inputs(job_id));
    if (inputs.empty()) {
        return fail(ErrorCode::NotFound, fmt::format("job {} has no stored input", job_id), "input");
    }
    const store::InputRecord& stored = inputs.front();
    if (stored.media_type == kFileReference) {
        // A recording left on disk: it must still be there, unchanged.
        auto sha = sha256_file_hex(stored.content);
        if (!sha || *sha != stored.sha256) {
            return fail(ErrorCode::Conflict,
                        fmt::format("job {} read the recording {}, which has since been {}", job_id, stored.content,
                                    sha ? "changed" : "moved or deleted"),
                        stored.name);
        }
        return actions::ActionInput::from_file(stored.name, stored.content);
    }
    // Retention sets the content to NULL (read back as ""); the checksum shows it was not empty.
    if (stored.content.empty() && stored.sha256 != sha256_hex("")) {
        return fail(ErrorCode::NotFound,
                    fmt::format("the input {} of job {} was deleted by the retention policy", stored.name, job_id),
                    "input");
    }
    return actions::ActionInput::from_bytes(stored.name, stored.content);
}

}  // namespace borough::jobs
