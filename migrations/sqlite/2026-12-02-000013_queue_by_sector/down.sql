DROP INDEX applications_status_type_created;
CREATE INDEX applications_status_type_created
    ON applications (status, structure_type, created_at, id);
DROP INDEX applications_status_created;
CREATE INDEX applications_status_created ON applications (status, created_at, id);
