-- The trigram index moves out of this database into a file of its own
-- beside it (`passeur.db-search`, see `db::search_index`), which a thread of
-- its own fills. Tokenising a text costs FTS5 about a hundred
-- microseconds, a third of what the one writer spent on a submission: in a
-- file of its own the index has its own write lock, and the writer no
-- longer waits for it.
--
-- Triggers cannot reach an attached file, so every change of a text now
-- waits here as the key of the text it changes, in the order it was made
-- (`seq`, never given twice): a new text, a changed one, or a deleted
-- application. The indexing thread takes the keys changed since its last
-- batch, puts each key's text as it now stands into the index (none if
-- its application is gone), and commits, in the index's file, the last
-- `seq` it took; the writers then delete the rows up to there. The text
-- itself is never copied here: this table holds no personal data.
-- Meanwhile the search reads the changed applications beside the index
-- (`backend::term_match`).
DROP TRIGGER application_search_insert;
DROP TRIGGER application_search_update;
DROP TRIGGER application_search_delete;
DROP TABLE application_search;
DROP TABLE application_search_pending;

CREATE TABLE application_search_pending (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    key INTEGER NOT NULL
);

CREATE TRIGGER application_search_insert AFTER INSERT ON applications
BEGIN
    INSERT INTO application_search_keys (application_id) VALUES (NEW.id);
    -- Inside a trigger, the rowid of the trigger's own last insert.
    INSERT INTO application_search_pending (key) VALUES (last_insert_rowid());
END;

CREATE TRIGGER application_search_update AFTER UPDATE OF search_text ON applications
    WHEN OLD.search_text <> NEW.search_text
BEGIN
    INSERT INTO application_search_pending (key)
        SELECT key FROM application_search_keys WHERE application_id = NEW.id;
END;

-- The key may be given again once its row is gone; either way the index
-- then gets what the key names when the thread takes the change.
CREATE TRIGGER application_search_delete AFTER DELETE ON applications
BEGIN
    INSERT INTO application_search_pending (key)
        SELECT key FROM application_search_keys WHERE application_id = OLD.id;
    DELETE FROM application_search_keys WHERE application_id = OLD.id;
END;
