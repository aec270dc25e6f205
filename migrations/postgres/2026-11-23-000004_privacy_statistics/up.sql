-- Statistics, capacity and privacy: when an application was first decided
-- (for the time-to-decision figures), when it was anonymised, the indexes
-- the statistics read through, and the waiting list of a closed intake.

ALTER TABLE applications ADD COLUMN decided_at TIMESTAMP;
ALTER TABLE applications ADD COLUMN anonymised_at TIMESTAMP;
UPDATE applications SET decided_at = (
    SELECT MIN(d.created_at) FROM decisions d
    WHERE d.application_id = applications.id AND d.kind IN ('approve', 'refuse')
);
-- Every figure of the dashboard filters on a status and a confirmation date.
CREATE INDEX applications_status_confirmed ON applications (status, confirmed_at);
-- Retention finds refusals and withdrawals by their last change.
CREATE INDEX applications_status_updated ON applications (status, updated_at);
CREATE INDEX decisions_kind_created ON decisions (kind, created_at);

-- Associations waiting for sign-ups to reopen. Only the address and the
-- language are kept, and only until the e-mail saying they reopened is sent.
CREATE TABLE waiting_list (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL,
    language TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    queued_at TIMESTAMP
);
CREATE UNIQUE INDEX waiting_list_email ON waiting_list (email);
