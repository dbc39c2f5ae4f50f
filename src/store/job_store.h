// JobStore: persistence for jobs, their inputs and versioned outputs, the model catalogue and the
// append-only, hash-chained audit log. Implementations: sqlite/ (default), postgres/ (later).
// All methods are thread-safe. Errors: NotFound, Conflict, Unavailable (database I/O), Internal.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/result.h"

namespace borough::store {

enum class JobStatus { Queued, Running, Succeeded, Failed, Cancelled };
std::string_view to_string(JobStatus status);
[[nodiscard]] Result<JobStatus> parse_job_status(std::string_view text);

struct JobRecord {
    std::string id;
    std::string action_id;
    std::string action_version;
    std::string action_hash;   // sha256 of the action definition that ran
    std::string engine;        // extractive | llama | openai | scripted
    std::string model;         // model name or path ("" for extractive)
    std::string model_sha256;  // "" when not a local file
    Json parameters = Json::object();
    JobStatus status = JobStatus::Queued;
    std::string error;       // message when Failed
    std::string created_by;  // user name ("cli:<unix user>" from the CLI)
    std::string team;        // team of the user who created it ("" from the CLI); scopes who sees it
    std::string created_at;  // RFC 3339 UTC
    std::string started_at;
    std::string finished_at;
    Json timings = Json::object();  // stage -> milliseconds, token counts
};

// Media type of an input whose content is the absolute path of a file kept on disk (a recording
// streamed to the server's upload folder) rather than the bytes themselves.
inline constexpr std::string_view kFileReferenceMediaType = "application/vnd.borough.file-reference";

struct InputRecord {
    std::string job_id;
    std::string name;        // original file name
    std::string media_type;  // e.g. text/plain, or kFileReferenceMediaType
    std::string sha256;
    std::string content;  // the input bytes, or the file's path (purged by retention later)
};

struct OutputRecord {
    std::string job_id;
    int version = 0;     // 1 = generated; later versions are edits or regenerations
    std::string kind;    // generated | edited | regenerated
    std::string format;  // json | md
    std::string content;
    std::string created_by;
    std::string created_at;
};

// A reviewer's decision on one draft version (the Markdown output of that version).
struct ReviewRecord {
    std::int64_t id = 0;  // assigned by add_review
    std::string job_id;
    int version = 0;       // the outputs.version reviewed
    std::string decision;  // approved | rejected
    std::string comment;
    std::string reviewer;  // user name
    std::string at;        // RFC 3339 UTC
};

// Which jobs list_jobs returns. Newest first (created_at, then id, descending).
struct JobQuery {
    std::optional<std::string> team;        // nullopt = every team
    std::optional<JobStatus> status;        // nullopt = any status
    std::optional<std::string> created_by;  // nullopt = anyone
    std::string before;                     // created_at strictly before this ("" = no bound): paging
    int limit = 50;                         // 1..1000
};

// Succeeded jobs of one action in one month (of finishing; of creation for a job without a finish time).
struct MonthlyRuns {
    std::string month;  // "2026-11"
    std::string action_id;
    std::int64_t runs = 0;
};

struct ModelRecord {
    std::string name;  // unique, e.g. file stem
    std::string path;  // absolute path on disk
    std::string sha256;
    std::uint64_t size_bytes = 0;
    std::string source;  // path or URL it was added from
    std::string added_at;
};

// What one retention pass cleared.
struct PurgedInputs {
    int count = 0;  // inputs whose content was cleared
    // Paths held by purged kFileReferenceMediaType inputs that no input with content still holds,
    // ascending. The store deletes no file: the caller decides what it owns.
    std::vector<std::string> released_files;
};

struct AuditEntry {
    std::int64_t seq = 0;
    std::string at;
    std::string actor;
    std::string action;            // e.g. job.created, job.finished, output.exported, model.added
    std::string subject;           // e.g. a job id
    Json detail = Json::object();  // ids, counts, hashes: never council content
    std::string prev_hash;
    std::string hash;  // sha256 over (seq, at, actor, action, subject, detail, prev_hash)
};

struct AuditVerification {
    bool ok = true;
    std::int64_t entries_checked = 0;
    std::optional<std::int64_t> first_bad_seq;  // first entry whose hash or link does not hold
    std::string problem;                        // e.g. "entry 7 was edited", "entry 4 is missing"
};

class JobStore {
public:
    virtual ~JobStore() = default;

    [[nodiscard]] virtual Status create_job(const JobRecord& job) = 0;  // Conflict if the id exists
    [[nodiscard]] virtual Status update_job(const JobRecord& job) = 0;  // NotFound if absent
    [[nodiscard]] virtual Result<JobRecord> job(const std::string& id) const = 0;
    // Newest first.
    [[nodiscard]] virtual Result<std::vector<JobRecord>> list_jobs(int limit) const = 0;
    [[nodiscard]] virtual Result<std::vector<JobRecord>> list_jobs(const JobQuery& query) const = 0;
    // Succeeded jobs counted by month and action, for one team or (nullopt) every team; newest month
    // first, then action id. Counted by the store, so the time-saved report reads no job records.
    [[nodiscard]] virtual Result<std::vector<MonthlyRuns>> succeeded_by_month(
        const std::optional<std::string>& team) const = 0;

    [[nodiscard]] virtual Status add_input(const InputRecord& input) = 0;
    // Retention: clears the stored content of inputs of finished jobs created before `created_before`
    // (RFC 3339), keeping name and sha256. The files of purged file-reference inputs that no other
    // input still refers to (a rerun shares its job's recording) are returned for the caller to delete.
    [[nodiscard]] virtual Result<PurgedInputs> purge_inputs(const std::string& created_before) = 0;
    [[nodiscard]] virtual Result<std::vector<InputRecord>> inputs(const std::string& job_id) const = 0;

    // Assigns the next version number for the job and returns it.
    [[nodiscard]] virtual Result<int> add_output(const OutputRecord& output) = 0;
    [[nodiscard]] virtual Result<std::vector<OutputRecord>> outputs(const std::string& job_id) const = 0;

    // Checkpoints of a running job: finished units by key (e.g. "row:Q1:P-0042"), so a job that is
    // killed resumes without redoing them. A key is written once: saving it again is a Conflict.
    [[nodiscard]] virtual Status save_checkpoint(const std::string& job_id, const std::string& key,
                                                 const std::string& value) = 0;
    [[nodiscard]] virtual Result<std::map<std::string, std::string>> checkpoints(const std::string& job_id) const = 0;

    // Reviews of a job's drafts. add_review assigns id and returns it; NotFound when the job or the
    // version does not exist. reviews() is oldest first.
    [[nodiscard]] virtual Result<std::int64_t> add_review(const ReviewRecord& review) = 0;
    [[nodiscard]] virtual Result<std::vector<ReviewRecord>> reviews(const std::string& job_id) const = 0;

    [[nodiscard]] virtual Status upsert_model(const ModelRecord& model) = 0;
    [[nodiscard]] virtual Result<std::vector<ModelRecord>> list_models() const = 0;
    [[nodiscard]] virtual Result<ModelRecord> model(const std::string& name) const = 0;

    // Appends with the next seq, the clock's time and the previous entry's hash.
    [[nodiscard]] virtual Result<AuditEntry> append_audit(const std::string& actor, const std::string& action,
                                                          const std::string& subject, const Json& detail) = 0;
    [[nodiscard]] virtual Result<std::vector<AuditEntry>> audit_entries(std::int64_t after_seq, int limit) const = 0;
    // Recomputes every hash and link; reports the first edited, inserted or deleted entry.
    [[nodiscard]] virtual Result<AuditVerification> verify_audit() const = 0;
};

}  // namespace borough::store
