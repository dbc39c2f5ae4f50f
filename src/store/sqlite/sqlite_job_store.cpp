#include "store/sqlite/sqlite_job_store.h"

#include <fmt/format.h>

#include <iterator>
#include <limits>
#include <utility>

#include "store/audit_chain.h"
#include "store/sqlite/database.h"
#include "store/sqlite/store_database.h"

namespace borough::store::sqlite {
namespace {

constexpr std::string_view kJobColumns =
    "id, action_id, action_version, action_hash, engine, model, model_sha256, parameters, status, error,"
    " created_by, created_at, started_at, finished_at, timings, team";

Result<JobRecord> read_job(const Statement& st) {
    JobRecord job;
    job.id = st.text(0);
    job.action_id = st.text(1);
    job.action_version = st.text(2);
    job.action_hash = st.text(3);
    job.engine = st.text(4);
    job.model = st.text(5);
    job.model_sha256 = st.text(6);
    BOROUGH_TRY(job.parameters, parse_json(st.text(7), "jobs.parameters of job " + job.id));
    BOROUGH_TRY(job.status, parse_job_status(st.text(8)));
    job.error = st.text(9);
    job.created_by = st.text(10);
    job.created_at = st.text(11);
    job.started_at = st.text(12);
    job.finished_at = st.text(13);
    BOROUGH_TRY(job.timings, parse_json(st.text(14), "jobs.timings of job " + job.id));
    job.team = st.text(15);
    return job;
}

// Binds every mutable job column to ?2..?13 in the order used by create_job and update_job.
void bind_job_fields(Statement& st, const JobRecord& job) {
    st.bind(2, job.action_id)
        .bind(3, job.action_version)
        .bind(4, job.action_hash)
        .bind(5, job.engine)
        .bind(6, job.model)
        .bind(7, job.model_sha256)
        .bind(8, dump_json(job.parameters))
        .bind(9, to_string(job.status))
        .bind(10, job.error)
        .bind(11, job.started_at)
        .bind(12, job.finished_at)
        .bind(13, dump_json(job.timings));
}

InputRecord read_input(const Statement& st) {
    return InputRecord{st.text(0), st.text(1), st.text(2), st.text(3), st.blob(4)};
}

OutputRecord read_output(const Statement& st) {
    return OutputRecord{st.text(0), static_cast<int>(st.int64(1)), st.text(2), st.text(3), st.blob(4), st.text(5),
                        st.text(6)};
}

ReviewRecord read_review(const Statement& st) {
    return ReviewRecord{st.int64(0), st.text(1), static_cast<int>(st.int64(2)), st.text(3), st.text(4),
                        st.text(5),  st.text(6)};
}

Status require_job(Database& db, const std::string& job_id) {
    BOROUGH_TRY(Statement st, db.prepare("SELECT 1 FROM jobs WHERE id = ?1", "find job"));
    BOROUGH_TRY(const bool found, st.bind(1, job_id).has_row());
    if (!found) return fail(ErrorCode::NotFound, fmt::format("job '{}' not found", job_id), "job_id");
    return {};
}

Result<AuditEntry> read_audit(const Statement& st) {
    AuditEntry e;
    e.seq = st.int64(0);
    e.at = st.text(1);
    e.actor = st.text(2);
    e.action = st.text(3);
    e.subject = st.text(4);
    BOROUGH_TRY(e.detail, parse_json(st.text(5), fmt::format("audit.detail of entry {}", e.seq)));
    e.prev_hash = st.text(6);
    e.hash = st.text(7);
    return e;
}

Status check_limit(int limit) {
    if (limit < 1) {
        return fail(ErrorCode::InvalidInput, fmt::format("limit must be at least 1, got {}", limit), "limit");
    }
    return {};
}

}  // namespace

SqliteJobStore::SqliteJobStore(std::unique_ptr<Database> db, Clock& clock) : db_(std::move(db)), clock_(clock) {}

SqliteJobStore::~SqliteJobStore() = default;

Result<std::unique_ptr<SqliteJobStore>> SqliteJobStore::open(const std::string& path, Clock& clock) {
    BOROUGH_TRY(std::unique_ptr<Database> db, open_store_database(path, kBusyTimeoutMs, clock));
    return std::unique_ptr<SqliteJobStore>(new SqliteJobStore(std::move(db), clock));
}

Status SqliteJobStore::create_job(const JobRecord& job) {
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Statement st,
                db_->prepare("INSERT INTO jobs (id, action_id, action_version, action_hash, engine, model,"
                             " model_sha256, parameters, status, error, started_at, finished_at, timings,"
                             " created_by, created_at, team)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                             "create_job"));
    st.bind(1, job.id);
    bind_job_fields(st, job);
    st.bind(14, job.created_by).bind(15, job.created_at).bind(16, job.team);
    if (Status s = st.run(); !s) {
        Error e = std::move(s).error();
        if (e.code == ErrorCode::Conflict) {
            e.message = fmt::format("job '{}' already exists ({})", job.id, e.message);
            e.field = "id";
        }
        return fail(std::move(e));
    }
    return {};
}

Status SqliteJobStore::update_job(const JobRecord& job) {
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Statement st, db_->prepare("UPDATE jobs SET action_id = ?2, action_version = ?3, action_hash = ?4,"
                                           " engine = ?5, model = ?6, model_sha256 = ?7, parameters = ?8, status = ?9,"
                                           " error = ?10, started_at = ?11, finished_at = ?12, timings = ?13"
                                           " WHERE id = ?1",
                                           "update_job"));
    st.bind(1, job.id);
    bind_job_fields(st, job);
    BOROUGH_TRY_STATUS(st.run());
    if (st.changes() == 0) return fail(ErrorCode::NotFound, fmt::format("job '{}' not found", job.id), "id");
    return {};
}

Result<JobRecord> SqliteJobStore::job(const std::string& id) const {
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Statement st, db_->prepare(fmt::format("SELECT {} FROM jobs WHERE id = ?1", kJobColumns), "read job"));
    st.bind(1, id);
    BOROUGH_TRY(const bool found, st.step());
    if (!found) return fail(ErrorCode::NotFound, fmt::format("job '{}' not found", id), "id");
    return read_job(st);
}

Result<std::vector<JobRecord>> SqliteJobStore::list_jobs(int limit) const {
    BOROUGH_TRY_STATUS(check_limit(limit));
    std::lock_guard lock(mu_);
    // rowid breaks ties between jobs created in the same millisecond: later insert first.
    BOROUGH_TRY(Statement st, db_->prepare(fmt::format("SELECT {} FROM jobs ORDER BY created_at DESC, rowid DESC"
                                                       " LIMIT ?1",
                                                       kJobColumns),
                                           "list_jobs"));
    st.bind(1, static_cast<std::int64_t>(limit));
    return collect_rows(st, read_job);
}

Result<std::vector<JobRecord>> SqliteJobStore::list_jobs(const JobQuery& query) const {
    BOROUGH_TRY_STATUS(check_limit(query.limit));
    if (query.limit > kMaxListLimit) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("limit must be at most {}, got {}", kMaxListLimit, query.limit), "limit");
    }
    // Fixed placeholders (?1 team, ?2 status, ?3 created_by, ?4 before, ?5 limit) keep the SQL text
    // to a few shapes; unused filters are switched off in SQL rather than by building strings of values.
    std::string sql = fmt::format("SELECT {} FROM jobs WHERE 1", kJobColumns);
    if (query.team) sql += " AND team = ?1";
    if (query.status) sql += " AND status = ?2";
    if (query.created_by) sql += " AND created_by = ?3";
    if (!query.before.empty()) sql += " AND created_at < ?4";
    sql += " ORDER BY created_at DESC, rowid DESC LIMIT ?5";
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Statement st, db_->prepare(sql, "list_jobs"));
    if (query.team) st.bind(1, *query.team);
    if (query.status) st.bind(2, to_string(*query.status));
    if (query.created_by) st.bind(3, *query.created_by);
    if (!query.before.empty()) st.bind(4, query.before);
    st.bind(5, static_cast<std::int64_t>(query.limit));
    return collect_rows(st, read_job);
}

Result<std::vector<MonthlyRuns>> SqliteJobStore::succeeded_by_month(const std::optional<std::string>& team) const {
    std::string sql =
        "SELECT substr(CASE WHEN finished_at = '' THEN created_at ELSE finished_at END, 1, 7) AS month, action_id,"
        " COUNT(*) FROM jobs WHERE status = 'succeeded'";
    if (team) sql += " AND team = ?1";
    sql += " GROUP BY month, action_id ORDER BY month DESC, action_id";
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Statement st, db_->prepare(sql, "succeeded_by_month"));
    if (team) st.bind(1, *team);
    return collect_rows(st, [](const Statement& row) { return MonthlyRuns{row.text(0), row.text(1), row.int64(2)}; });
}

Status SqliteJobStore::add_input(const InputRecord& input) {
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Transaction tx, Transaction::begin(*db_, "add_input"));
    BOROUGH_TRY_STATUS(require_job(*db_, input.job_id));
    BOROUGH_TRY(Statement st, db_->prepare("INSERT INTO inputs (job_id, name, media_type, sha256, content)"
                                           " VALUES (?1, ?2, ?3, ?4, ?5)",
                                           "add_input"));
    st.bind(1, input.job_id).bind(2, input.name).bind(3, input.media_type).bind(4, input.sha256);
    st.bind_blob(5, input.content);
    BOROUGH_TRY_STATUS(st.run());
    return tx.commit();
}

Result<PurgedInputs> SqliteJobStore::purge_inputs(const std::string& created_before) {
    static constexpr std::string_view kExpired =
        " content IS NOT NULL AND job_id IN (SELECT id FROM jobs WHERE created_at < ?1"
        " AND status IN ('succeeded', 'failed', 'cancelled'))";
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Transaction tx, Transaction::begin(*db_, "purge_inputs"));
    PurgedInputs purged;
    {
        BOROUGH_TRY(Statement files,
                    db_->prepare(fmt::format("SELECT DISTINCT content FROM inputs WHERE media_type = ?2"
                                             " AND{} ORDER BY content",
                                             kExpired),
                                 "purged files"));
        files.bind(1, created_before).bind(2, std::string(kFileReferenceMediaType));
        BOROUGH_TRY(purged.released_files, collect_rows(files, [](const Statement& row) { return row.blob(0); }));
    }
    BOROUGH_TRY(Statement st,
                db_->prepare(fmt::format("UPDATE inputs SET content = NULL WHERE{}", kExpired), "purge_inputs"));
    st.bind(1, created_before);
    BOROUGH_TRY_STATUS(st.run());
    purged.count = static_cast<int>(st.changes());
    // A rerun refers to the same recording as its job; the file stays while any input still holds it.
    BOROUGH_TRY(Statement held,
                db_->prepare("SELECT 1 FROM inputs WHERE media_type = ?1 AND content = ?2 LIMIT 1", "held files"));
    std::vector<std::string> released;
    for (auto& path : purged.released_files) {
        held.bind(1, std::string(kFileReferenceMediaType)).bind_blob(2, path);
        BOROUGH_TRY(const bool still_held, held.has_row());
        if (!still_held) released.push_back(std::move(path));
    }
    purged.released_files = std::move(released);
    BOROUGH_TRY_STATUS(tx.commit());
    return purged;
}

Result<std::vector<InputRecord>> SqliteJobStore::inputs(const std::string& job_id) const {
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Statement st, db_->prepare("SELECT job_id, name, media_type, sha256, content FROM inputs"
                                           " WHERE job_id = ?1 ORDER BY id",
                                           "read inputs"));
    st.bind(1, job_id);
    return collect_rows(st, read_input);
}

Result<int> SqliteJobStore::add_output(const OutputRecord& output) {
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Transaction tx, Transaction::begin(*db_, "add_output"));
    BOROUGH_TRY_STATUS(require_job(*db_, output.job_id));
    BOROUGH_TRY(Statement next, db_->prepare("SELECT COALESCE(MAX(version), 0) + 1 FROM outputs WHERE job_id = ?1",
                                             "next output version"));
    next.bind(1, output.job_id);
    BOROUGH_TRY(const bool row, next.step());
    BOROUGH_ASSERT(row, "an aggregate query returns one row");
    const std::int64_t version = next.int64(0);
    next.reset();
    if (version > std::numeric_limits<int>::max()) {
        return fail(ErrorCode::ResourceExhausted, fmt::format("job '{}' has too many output versions", output.job_id),
                    "version");
    }
    BOROUGH_TRY(Statement st,
                db_->prepare("INSERT INTO outputs (job_id, version, kind, format, content, created_by, created_at)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                             "add_output"));
    st.bind(1, output.job_id).bind(2, version).bind(3, output.kind).bind(4, output.format);
    // Reports such as XLSX are binary: stored as a BLOB so no text conversion can touch them.
    if (output.content.find('\0') != std::string::npos || output.format == "xlsx" || output.format == "docx") {
        st.bind_blob(5, output.content);
    } else {
        st.bind(5, output.content);
    }
    st.bind(6, output.created_by).bind(7, output.created_at);
    BOROUGH_TRY_STATUS(st.run());
    BOROUGH_TRY_STATUS(tx.commit());
    return static_cast<int>(version);
}

Result<std::vector<OutputRecord>> SqliteJobStore::outputs(const std::string& job_id) const {
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Statement st,
                db_->prepare("SELECT job_id, version, kind, format, content, created_by, created_at FROM outputs"
                             " WHERE job_id = ?1 ORDER BY version",
                             "read outputs"));
    st.bind(1, job_id);
    return collect_rows(st, read_output);
}

Status SqliteJobStore::save_checkpoint(const std::string& job_id, const std::string& key, const std::string& value) {
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Statement st,
                db_->prepare("INSERT INTO checkpoints (job_id, key, value, created_at) VALUES (?1, ?2, ?3, ?4)",
                             "save_checkpoint"));
    st.bind(1, job_id).bind(2, key).bind(3, value).bind(4, format_utc(clock_.now()));
    return st.run();
}

Result<std::map<std::string, std::string>> SqliteJobStore::checkpoints(const std::string& job_id) const {
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Statement st, db_->prepare("SELECT key, value FROM checkpoints WHERE job_id = ?1", "read checkpoints"));
    st.bind(1, job_id);
    BOROUGH_TRY(auto pairs, collect_rows(st, [](const Statement& row) { return std::pair(row.text(0), row.text(1)); }));
    // (job_id, key) is the primary key, so no two rows share a key.
    return std::map<std::string, std::string>(std::make_move_iterator(pairs.begin()),
                                              std::make_move_iterator(pairs.end()));
}

Result<std::int64_t> SqliteJobStore::add_review(const ReviewRecord& review) {
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Transaction tx, Transaction::begin(*db_, "add_review"));
    BOROUGH_TRY_STATUS(require_job(*db_, review.job_id));
    BOROUGH_TRY(Statement find,
                db_->prepare("SELECT 1 FROM outputs WHERE job_id = ?1 AND version = ?2", "find output version"));
    find.bind(1, review.job_id).bind(2, static_cast<std::int64_t>(review.version));
    BOROUGH_TRY(const bool found, find.has_row());
    if (!found) {
        return fail(ErrorCode::NotFound,
                    fmt::format("job '{}' has no output version {}", review.job_id, review.version), "version");
    }
    BOROUGH_TRY(Statement st, db_->prepare("INSERT INTO reviews (job_id, version, decision, comment, reviewer, at)"
                                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                           "add_review"));
    st.bind(1, review.job_id).bind(2, static_cast<std::int64_t>(review.version)).bind(3, review.decision);
    st.bind(4, review.comment).bind(5, review.reviewer).bind(6, review.at);
    if (Status s = st.run(); !s) {
        Error e = std::move(s).error();
        // The only constraint left to fail here is the decision CHECK.
        if (e.code == ErrorCode::Conflict) {
            return fail(ErrorCode::InvalidInput,
                        fmt::format("review decision must be 'approved' or 'rejected', got '{}'", review.decision),
                        "decision");
        }
        return fail(std::move(e));
    }
    const std::int64_t id = sqlite3_last_insert_rowid(db_->handle());
    BOROUGH_TRY_STATUS(tx.commit());
    return id;
}

Result<std::vector<ReviewRecord>> SqliteJobStore::reviews(const std::string& job_id) const {
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Statement st, db_->prepare("SELECT id, job_id, version, decision, comment, reviewer, at FROM reviews"
                                           " WHERE job_id = ?1 ORDER BY id",
                                           "read reviews"));
    st.bind(1, job_id);
    return collect_rows(st, read_review);
}

Status SqliteJobStore::upsert_model(const ModelRecord& model) {
    if (model.size_bytes > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return fail(ErrorCode::InvalidInput, fmt::format("model '{}' size is out of range", model.name), "size_bytes");
    }
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Statement st,
                db_->prepare("INSERT INTO models (name, path, sha256, size_bytes, source, added_at)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                             " ON CONFLICT (name) DO UPDATE SET path = excluded.path, sha256 = excluded.sha256,"
                             " size_bytes = excluded.size_bytes, source = excluded.source,"
                             " added_at = excluded.added_at",
                             "upsert_model"));
    st.bind(1, model.name).bind(2, model.path).bind(3, model.sha256);
    st.bind(4, static_cast<std::int64_t>(model.size_bytes)).bind(5, model.source).bind(6, model.added_at);
    return st.run();
}

namespace {
constexpr std::string_view kModelSelect = "SELECT name, path, sha256, size_bytes, source, added_at FROM models";

ModelRecord read_model(const Statement& st) {
    return ModelRecord{st.text(0), st.text(1), st.text(2), static_cast<std::uint64_t>(st.int64(3)),
                       st.text(4), st.text(5)};
}
}  // namespace

Result<std::vector<ModelRecord>> SqliteJobStore::list_models() const {
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Statement st, db_->prepare(fmt::format("{} ORDER BY name", kModelSelect), "list_models"));
    return collect_rows(st, read_model);
}

Result<ModelRecord> SqliteJobStore::model(const std::string& name) const {
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Statement st, db_->prepare(fmt::format("{} WHERE name = ?1", kModelSelect), "read model"));
    st.bind(1, name);
    BOROUGH_TRY(const bool found, st.step());
    if (!found) return fail(ErrorCode::NotFound, fmt::format("model '{}' not found", name), "name");
    return read_model(st);
}

Result<AuditEntry> SqliteJobStore::append_audit(const std::string& actor, const std::string& action,
                                                const std::string& subject, const Json& detail) {
    std::lock_guard lock(mu_);
    // BEGIN IMMEDIATE takes the write lock before reading the tail, so no other connection can append
    // between our read and our insert: the chain cannot fork.
    BOROUGH_TRY(Transaction tx, Transaction::begin(*db_, "append_audit"));
    BOROUGH_TRY(Statement last,
                db_->prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", "read audit tail"));
    BOROUGH_TRY(const bool has_last, last.step());
    AuditEntry e;
    e.seq = has_last ? last.int64(0) + 1 : 1;
    e.prev_hash = has_last ? last.text(1) : std::string(kAuditGenesisHash);
    last.reset();
    e.at = format_utc(clock_.now());
    e.actor = actor;
    e.action = action;
    e.subject = subject;
    const std::string detail_json = dump_json(detail);
    // Store what was hashed and return the same value a reader would get back.
    BOROUGH_TRY(e.detail, parse_json(detail_json, "audit detail"));
    e.hash = audit_hash({e.seq, e.at, e.actor, e.action, e.subject, detail_json, e.prev_hash});
    BOROUGH_TRY(Statement st,
                db_->prepare("INSERT INTO audit (seq, at, actor, action, subject, detail, prev_hash, hash)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                             "append_audit"));
    st.bind(1, e.seq).bind(2, e.at).bind(3, e.actor).bind(4, e.action).bind(5, e.subject);
    st.bind(6, detail_json).bind(7, e.prev_hash).bind(8, e.hash);
    BOROUGH_TRY_STATUS(st.run());
    BOROUGH_TRY_STATUS(tx.commit());
    return e;
}

Result<std::vector<AuditEntry>> SqliteJobStore::audit_entries(std::int64_t after_seq, int limit) const {
    BOROUGH_TRY_STATUS(check_limit(limit));
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Statement st, db_->prepare("SELECT seq, at, actor, action, subject, detail, prev_hash, hash FROM audit"
                                           " WHERE seq > ?1 ORDER BY seq LIMIT ?2",
                                           "read audit"));
    st.bind(1, after_seq).bind(2, static_cast<std::int64_t>(limit));
    return collect_rows(st, read_audit);
}

Result<AuditVerification> SqliteJobStore::verify_audit() const {
    std::lock_guard lock(mu_);
    // One SELECT reads one consistent snapshot, even while other connections append.
    BOROUGH_TRY(Statement st, db_->prepare("SELECT seq, at, actor, action, subject, detail, prev_hash, hash FROM audit"
                                           " ORDER BY seq",
                                           "verify_audit"));
    AuditChainVerifier verifier;
    for (;;) {
        BOROUGH_TRY(const bool row, st.step());
        if (!row) break;
        const std::string at = st.text(1), actor = st.text(2), action = st.text(3), subject = st.text(4),
                          detail = st.text(5), prev_hash = st.text(6), hash = st.text(7);
        if (!verifier.add({st.int64(0), at, actor, action, subject, detail, prev_hash}, hash)) break;
    }
    return verifier.result();
}

}  // namespace borough::store::sqlite
