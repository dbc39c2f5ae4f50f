-- 0001: jobs, their inputs and versioned outputs, the model catalogue and the audit hash chain.
-- Timestamps are RFC 3339 UTC text with milliseconds, so they sort as text. JSON columns hold compact
-- JSON text. created_by holds a user name for now; a later migration adds users, teams and reviews
-- (reviews will reference outputs.id) without changing these tables.

CREATE TABLE jobs (
    id             TEXT PRIMARY KEY,
    action_id      TEXT NOT NULL,
    action_version TEXT NOT NULL,
    action_hash    TEXT NOT NULL,
    engine         TEXT NOT NULL,
    model          TEXT NOT NULL,
    model_sha256   TEXT NOT NULL,
    parameters     TEXT NOT NULL CHECK (json_valid(parameters)),
    status         TEXT NOT NULL
                   CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    error          TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    started_at     TEXT NOT NULL,
    finished_at    TEXT NOT NULL,
    timings        TEXT NOT NULL CHECK (json_valid(timings))
);
CREATE INDEX jobs_created_at ON jobs (created_at);
CREATE INDEX jobs_status ON jobs (status);

-- content is NULL once retention has purged it; sha256 stays as evidence of what was processed.
CREATE TABLE inputs (
    id         INTEGER PRIMARY KEY,
    job_id     TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    media_type TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    content    BLOB
);
CREATE INDEX inputs_job_id ON inputs (job_id);

CREATE TABLE outputs (
    id         INTEGER PRIMARY KEY,
    job_id     TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    version    INTEGER NOT NULL CHECK (version >= 1),
    kind       TEXT NOT NULL CHECK (kind IN ('generated', 'edited', 'regenerated')),
    format     TEXT NOT NULL,
    content    TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (job_id, version)
);

CREATE TABLE models (
    name       TEXT PRIMARY KEY,
    path       TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
    source     TEXT NOT NULL,
    added_at   TEXT NOT NULL
);

-- Append-only hash chain: hash = sha256 of the canonical text of (seq, at, actor, action, subject,
-- detail, prev_hash); see src/store/audit_chain.h. detail is stored exactly as it was hashed.
CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_subject ON audit (subject);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit log is append-only: UPDATE is not allowed');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit log is append-only: DELETE is not allowed');
END;
