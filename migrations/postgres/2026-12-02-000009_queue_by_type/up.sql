-- The queue filtered on a status and a structure type (with or without a
-- sector) walks this index in the queue's order: the type is read from the
-- index rather than from each application's row, and counting the matches
-- needs no row at all.
CREATE INDEX applications_status_type_created
    ON applications (status, structure_type, created_at, id);
