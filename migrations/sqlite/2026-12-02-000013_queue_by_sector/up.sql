-- The queue filtered on a sector (with a status, with or without a
-- structure type) reads the application's sectors from these indexes, in
-- the queue's order, instead of looking each application up in
-- application_sectors: counting the matches of a filter then reads one
-- stretch of one index and no row at all, however large the table.
DROP INDEX applications_status_type_created;
CREATE INDEX applications_status_type_created
    ON applications (status, structure_type, created_at, id, sectors);
DROP INDEX applications_status_created;
CREATE INDEX applications_status_created
    ON applications (status, created_at, id, sectors);
