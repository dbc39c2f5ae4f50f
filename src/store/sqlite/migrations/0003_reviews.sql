-- 0003: jobs belong to a team (who may see them), and reviewers approve or reject draft versions.
-- Existing rows (CLI jobs) get team '' which only admins and auditors see.
ALTER TABLE jobs ADD COLUMN team TEXT NOT NULL DEFAULT '';
CREATE INDEX jobs_team_created_at ON jobs (team, created_at);

-- One row per decision, append-only in practice: the latest row for a version is its state.
-- (job_id, version) must name an existing output; the store also checks it to report NotFound.
CREATE TABLE reviews (
    id       INTEGER PRIMARY KEY,
    job_id   TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    version  INTEGER NOT NULL CHECK (version >= 1),
    decision TEXT NOT NULL CHECK (decision IN ('approved', 'rejected')),
    comment  TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    at       TEXT NOT NULL,
    FOREIGN KEY (job_id, version) REFERENCES outputs (job_id, version) ON DELETE CASCADE
);
CREATE INDEX reviews_job_id ON reviews (job_id, id);
