-- Moderation: accounts, sessions, API tokens, notes, decisions and flags.

CREATE TABLE moderators (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    notify TEXT NOT NULL DEFAULT 'none',
    language TEXT NOT NULL DEFAULT 'fr',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    last_login_at TIMESTAMP
);
CREATE UNIQUE INDEX moderators_email ON moderators (email);

-- Only a hash of the session id is kept: a copy of the database does not
-- let anyone take over a session.
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY NOT NULL,
    moderator_id TEXT NOT NULL REFERENCES moderators (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_moderator ON sessions (moderator_id);

CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE UNIQUE INDEX api_tokens_hash ON api_tokens (token_hash);

CREATE TABLE notes (
    id TEXT PRIMARY KEY NOT NULL,
    application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    moderator_id TEXT NOT NULL,
    author_name TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX notes_application ON notes (application_id, created_at);

-- Every decision, kept: a reopened refusal does not erase the refusal.
CREATE TABLE decisions (
    id TEXT PRIMARY KEY NOT NULL,
    application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    reason TEXT,
    message TEXT,
    actor TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX decisions_application ON decisions (application_id, created_at);
CREATE INDEX decisions_actor ON decisions (actor, created_at);

-- Flags explain themselves: what was noticed and, for a duplicate, which
-- other application it resembles.
CREATE TABLE application_flags (
    application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL,
    related_id TEXT,
    PRIMARY KEY (application_id, kind, detail)
);
CREATE INDEX application_flags_kind ON application_flags (kind, application_id);

ALTER TABLE applications ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
ALTER TABLE applications ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE applications ADD COLUMN assigned_to TEXT;
CREATE INDEX applications_name_key ON applications (name_key);
CREATE INDEX applications_website ON applications (website);

ALTER TABLE audit_log ADD COLUMN actor_name TEXT;
