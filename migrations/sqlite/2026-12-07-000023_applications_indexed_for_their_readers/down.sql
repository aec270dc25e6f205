DROP INDEX applications_status_updated;
CREATE INDEX applications_status_updated ON applications (status, updated_at);
DROP INDEX applications_status_confirmed;
CREATE INDEX applications_status_confirmed ON applications (status, confirmed_at);
