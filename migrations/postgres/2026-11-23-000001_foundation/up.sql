-- Foundation: applications, their sectors, the audit log, the job queue and
-- instance settings. Timestamps are UTC without zone, written by the
-- application (never CURRENT_TIMESTAMP) so both backends compare alike.

CREATE TABLE settings (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
-- The key that derives confirmation and status links, made once per database
-- so that several instances on one database agree on it.
INSERT INTO settings (key, value) VALUES ('secret_key', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));

CREATE TABLE applications (
    id TEXT PRIMARY KEY NOT NULL,
    status TEXT NOT NULL,
    organisation_name TEXT NOT NULL,
    structure_type TEXT NOT NULL,
    sectors TEXT NOT NULL,
    creation_year INTEGER NOT NULL,
    employees INTEGER NOT NULL,
    members INTEGER NOT NULL,
    beneficiaries INTEGER NOT NULL,
    annual_budget_eur BIGINT,
    description TEXT NOT NULL,
    website TEXT,
    postal_code TEXT NOT NULL,
    city TEXT NOT NULL,
    country TEXT NOT NULL,
    contact_name TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    space_name TEXT NOT NULL,
    office_suite TEXT NOT NULL,
    language TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    confirmed_at TIMESTAMP,
    expires_at TIMESTAMP
);
-- A space name belongs to one live application; refusal or withdrawal frees it.
CREATE UNIQUE INDEX applications_live_space_name
    ON applications (space_name) WHERE status NOT IN ('refused', 'withdrawn');
CREATE INDEX applications_status_created ON applications (status, created_at, id);
CREATE INDEX applications_expiry ON applications (expires_at) WHERE status = 'unconfirmed';
CREATE INDEX applications_contact_email ON applications (contact_email);

CREATE TABLE application_sectors (
    application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    sector TEXT NOT NULL,
    PRIMARY KEY (application_id, sector)
);
CREATE INDEX application_sectors_sector ON application_sectors (sector, application_id);

CREATE TABLE audit_log (
    id TEXT PRIMARY KEY NOT NULL,
    application_id TEXT,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX audit_log_application ON audit_log (application_id, created_at);

CREATE TABLE jobs (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    run_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP,
    locked_by TEXT,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    outcome TEXT
);
CREATE INDEX jobs_pending ON jobs (run_at) WHERE finished_at IS NULL;
