-- The trigram index takes the texts of new applications five hundred at a
-- time (`backend::SEARCH_BATCH`) instead of at every commit. FTS5 writes a
-- segment for each batch it is given, and its cost per text falls with the
-- size of the batch: about 66 µs a text in batches of 30 (a group commit
-- under load), 31 µs in batches of 500, 26 µs in batches of 1 000, on the
-- machine of the benchmark. Until then the texts wait here, with the
-- application they belong to, and the search reads them beside the index
-- (`backend::term_match`): a scan of at most 500 short rows.
DROP TRIGGER application_search_insert;
DROP TRIGGER application_search_update;
DROP TRIGGER application_search_delete;

-- Nothing waits between two transactions, but should anything, it is
-- indexed before the table changes.
INSERT INTO application_search (rowid, search_text)
    SELECT p.key, a.search_text
    FROM application_search_pending p
    CROSS JOIN application_search_keys k ON k.key = p.key
    CROSS JOIN applications a ON a.id = k.application_id;
DROP TABLE application_search_pending;

CREATE TABLE application_search_pending (
    key INTEGER PRIMARY KEY,
    application_id TEXT NOT NULL,
    search_text TEXT NOT NULL
);

CREATE TRIGGER application_search_insert AFTER INSERT ON applications
BEGIN
    INSERT INTO application_search_keys (application_id) VALUES (NEW.id);
    -- Inside a trigger, the rowid of the trigger's own last insert.
    INSERT INTO application_search_pending (key, application_id, search_text)
        VALUES (last_insert_rowid(), NEW.id, NEW.search_text);
END;

-- A text is either in the index or waiting: each place gets the new text
-- (an update that finds no row there changes nothing).
CREATE TRIGGER application_search_update AFTER UPDATE OF search_text ON applications
    WHEN OLD.search_text <> NEW.search_text
BEGIN
    UPDATE application_search SET search_text = NEW.search_text
        WHERE rowid = (SELECT key FROM application_search_keys WHERE application_id = NEW.id);
    UPDATE application_search_pending SET search_text = NEW.search_text
        WHERE key = (SELECT key FROM application_search_keys WHERE application_id = NEW.id);
END;

-- A waiting text goes with its application: its key may be given again.
CREATE TRIGGER application_search_delete AFTER DELETE ON applications
BEGIN
    DELETE FROM application_search
        WHERE rowid = (SELECT key FROM application_search_keys WHERE application_id = OLD.id);
    DELETE FROM application_search_pending
        WHERE key = (SELECT key FROM application_search_keys WHERE application_id = OLD.id);
    DELETE FROM application_search_keys WHERE application_id = OLD.id;
END;
