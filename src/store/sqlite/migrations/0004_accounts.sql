-- 0004: who may use borough: local users (argon2id PHC hashes, never passwords), teams, browser
-- sessions and API tokens (only the sha256 of each secret), and settings an administrator edits.
-- Names are 1-64 chars of [a-z0-9._-]; the store checks them first to name the problem, these CHECKs
-- are the backstop. users.team is NULL for a user without a team (admins and auditors only).

CREATE TABLE teams (
    name         TEXT PRIMARY KEY
                 CHECK (length(name) BETWEEN 1 AND 64 AND name NOT GLOB '*[^a-z0-9._-]*'),
    service_area TEXT NOT NULL,
    created_at   TEXT NOT NULL
);

CREATE TABLE users (
    name          TEXT PRIMARY KEY
                  CHECK (length(name) BETWEEN 1 AND 64 AND name NOT GLOB '*[^a-z0-9._-]*'),
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'reviewer', 'auditor')),
    team          TEXT REFERENCES teams (name),
    password_hash TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    TEXT NOT NULL,
    CHECK (team IS NOT NULL OR role IN ('admin', 'auditor'))
);
CREATE INDEX users_team ON users (team);

-- id_sha256: sha256 hex of the cookie value. expires_at is RFC 3339 UTC, so it compares as text.
CREATE TABLE sessions (
    id_sha256  TEXT PRIMARY KEY,
    user       TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

-- last_used_at is '' until the token is first used. Revoked tokens stay, so their use can be
-- reported as revoked rather than unknown.
CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    user         TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_sha256 TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_used_at TEXT NOT NULL DEFAULT '',
    revoked      INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
);
CREATE UNIQUE INDEX api_tokens_token_sha256 ON api_tokens (token_sha256);
CREATE INDEX api_tokens_user ON api_tokens (user, created_at);

CREATE TABLE settings (
    key        TEXT PRIMARY KEY CHECK (length(key) >= 1),
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
) WITHOUT ROWID;
