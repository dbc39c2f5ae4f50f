-- 0002: per-job checkpoints, so a long job (per-row model coding of a survey) resumes after a crash or
-- kill without losing or redoing finished units. One row per finished unit; written once, never updated.
CREATE TABLE checkpoints (
    job_id     TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    value      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (job_id, key)
) WITHOUT ROWID;
