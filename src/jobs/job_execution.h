// Runs one created job to its end, the same way for the CLI (`borough run`, `borough resume`) and the
// server's workers: builds the ActionContext (checkpoints over the job store, OCR and speech engines
// only when the input needs them), runs the action, then stores the outputs as draft version(s),
// updates the job record and appends the audit entry. Nothing here prints or knows about HTTP.
#pragma once

#include <stop_token>
#include <string>
#include <vector>

#include "actions/action.h"
#include "actions/context.h"
#include "actions/pipeline.h"
#include "core/result.h"
#include "jobs/services.h"
#include "store/job_store.h"

namespace borough::jobs {

// The drafts a finished job stored (also returned so the CLI can write them to files).
struct ExecutedJob {
    std::string json_text;  // {"job","action","action_version","action_hash","method","draft","warnings","result"}
    std::string markdown;   // begins with the DRAFT banner
    std::vector<actions::Artifact> artifacts;
    std::vector<std::string> warnings;
    std::string method;
};

// `job` must already exist in the store with status Running. On success the job is Succeeded with
// outputs json, md and one per artifact (one new version each, kind `kind`: generated or regenerated);
// on failure it is Failed (or Cancelled when `stop` fired) with the error message, and the error is
// returned. Either way one audit entry (job.succeeded / job.failed / job.cancelled) is appended.
// Exception: when `shutdown` has fired and the action stopped (Cancelled), the job is left Running
// with no audit entry, so the caller (the server stopping) can queue it again to resume later.
// Thread-compatible: one call per job at a time.
[[nodiscard]] Result<ExecutedJob> execute_job(JobServices& services, const actions::ActionDefinition& action,
                                              store::JobRecord& job, const actions::ActionInput& input,
                                              const actions::Params& params, const EngineHandle& engine,
                                              actions::ProgressSink& progress, std::stop_token stop,
                                              const std::string& kind = "generated", std::stop_token shutdown = {});

// The job's stored parameters as typed Params for `action`: only the parameters the action declares
// (bookkeeping entries such as "rerun_of" are left out).
[[nodiscard]] actions::Params job_params(const actions::ActionDefinition& action, const store::JobRecord& job);

// The stored input of a job as an ActionInput: bytes from the store, or a recording still on disk
// (media type kFileReference) after checking its sha256. Conflict when the recording has been moved
// or changed; NotFound when the job has no input or its content was purged by retention.
[[nodiscard]] Result<actions::ActionInput> load_job_input(store::JobStore& jobs, const std::string& job_id);

// Media type of an input stored as a path on disk instead of its bytes (recordings).
inline constexpr std::string_view kFileReference = store::kFileReferenceMediaType;

}  // namespace borough::jobs
