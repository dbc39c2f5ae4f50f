// SqliteJobStore: the default JobStore, one SQLite file (WAL mode) holding jobs, inputs, versioned
// outputs, models and the hash-chained audit log. The schema comes from embedded, versioned migrations.
// SQLite headers stay inside this folder; callers see only store::JobStore.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "core/clock.h"
#include "store/job_store.h"

namespace borough::store::sqlite {

class Database;

class SqliteJobStore final : public JobStore {
public:
    // Opens or creates the database at `path` (":memory:" for a private in-memory one), sets WAL,
    // foreign_keys=ON, synchronous=NORMAL and busy_timeout, and applies pending migrations.
    // Errors: Unavailable when the file cannot be opened, is damaged or not SQLite, is locked past the
    // busy timeout, or has a schema newer than this build. `clock` must outlive the store.
    [[nodiscard]] static Result<std::unique_ptr<SqliteJobStore>> open(const std::string& path, Clock& clock);

    ~SqliteJobStore() override;
    SqliteJobStore(const SqliteJobStore&) = delete;
    SqliteJobStore& operator=(const SqliteJobStore&) = delete;
    SqliteJobStore(SqliteJobStore&&) = delete;
    SqliteJobStore& operator=(SqliteJobStore&&) = delete;

    // How long a statement waits for another connection's write lock before reporting Unavailable.
    static constexpr int kBusyTimeoutMs = 5000;

    // All methods are thread-safe: one connection, serialised by a mutex. Writes that read first
    // (add_output, append_audit) use BEGIN IMMEDIATE so other processes cannot interleave.
    [[nodiscard]] Status create_job(const JobRecord& job) override;
    // Replaces every field except id, created_by, team and created_at, which never change.
    [[nodiscard]] Status update_job(const JobRecord& job) override;
    [[nodiscard]] Result<JobRecord> job(const std::string& id) const override;
    [[nodiscard]] Result<std::vector<JobRecord>> list_jobs(int limit) const override;
    // InvalidInput when query.limit is outside 1..kMaxListLimit.
    [[nodiscard]] Result<std::vector<JobRecord>> list_jobs(const JobQuery& query) const override;
    [[nodiscard]] Result<std::vector<MonthlyRuns>> succeeded_by_month(
        const std::optional<std::string>& team) const override;
    static constexpr int kMaxListLimit = 1000;

    // NotFound when the job does not exist.
    [[nodiscard]] Status add_input(const InputRecord& input) override;
    // Sets content to NULL (read back as ""); name, media_type and sha256 stay.
    [[nodiscard]] Result<PurgedInputs> purge_inputs(const std::string& created_before) override;
    [[nodiscard]] Result<std::vector<InputRecord>> inputs(const std::string& job_id) const override;

    // Ignores output.version and assigns max+1 (1 for the first). NotFound when the job does not exist.
    [[nodiscard]] Result<int> add_output(const OutputRecord& output) override;
    // Oldest version first.
    [[nodiscard]] Result<std::vector<OutputRecord>> outputs(const std::string& job_id) const override;

    [[nodiscard]] Status save_checkpoint(const std::string& job_id, const std::string& key,
                                         const std::string& value) override;
    [[nodiscard]] Result<std::map<std::string, std::string>> checkpoints(const std::string& job_id) const override;
    // NotFound (field "version") unless the job has an output with that version, checked in the same
    // transaction as the insert; InvalidInput (field "decision") for a decision other than
    // approved/rejected. review.id is ignored.
    [[nodiscard]] Result<std::int64_t> add_review(const ReviewRecord& review) override;
    [[nodiscard]] Result<std::vector<ReviewRecord>> reviews(const std::string& job_id) const override;
    [[nodiscard]] Status upsert_model(const ModelRecord& model) override;
    // Sorted by name.
    [[nodiscard]] Result<std::vector<ModelRecord>> list_models() const override;
    [[nodiscard]] Result<ModelRecord> model(const std::string& name) const override;

    [[nodiscard]] Result<AuditEntry> append_audit(const std::string& actor, const std::string& action,
                                                  const std::string& subject, const Json& detail) override;
    // Entries with seq > after_seq, ascending, at most `limit`.
    [[nodiscard]] Result<std::vector<AuditEntry>> audit_entries(std::int64_t after_seq, int limit) const override;
    // Streams the whole log through store::AuditChainVerifier. A truncated tail is not detectable.
    [[nodiscard]] Result<AuditVerification> verify_audit() const override;

private:
    SqliteJobStore(std::unique_ptr<Database> db, Clock& clock);

    mutable std::mutex mu_;
    std::unique_ptr<Database> db_;  // guarded by mu_
    Clock& clock_;
};

}  // namespace borough::store::sqlite
