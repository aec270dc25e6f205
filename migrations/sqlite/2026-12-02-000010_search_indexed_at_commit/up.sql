-- FTS5 writes the terms it holds to disk at every savepoint, and SQLite
-- opens one for each statement that fires triggers inside a transaction.
-- Indexed from the insert trigger, every submission of a group commit
-- therefore wrote its own small segment of the trigram index, which FTS5
-- then merged again and again: over half of each submission's write.
--
-- The insert trigger now only notes the new application's key; the write
-- transaction indexes every noted key in one statement just before it
-- commits (`backend::write_transaction`), so a group's texts go into the
-- index together, in the same transaction as their applications.
CREATE TABLE application_search_pending (key INTEGER PRIMARY KEY);

DROP TRIGGER application_search_insert;
CREATE TRIGGER application_search_insert AFTER INSERT ON applications
BEGIN
    INSERT INTO application_search_keys (application_id) VALUES (NEW.id);
    -- Inside a trigger, the rowid of the trigger's own last insert.
    INSERT INTO application_search_pending (key) VALUES (last_insert_rowid());
END;
