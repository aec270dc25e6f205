DROP TRIGGER application_search_insert;
DROP TRIGGER application_search_update;
DROP TRIGGER application_search_delete;
DROP TABLE application_search_pending;

CREATE VIRTUAL TABLE application_search
    USING fts5(search_text, tokenize = 'trigram', detail = 'none');
INSERT INTO application_search (application_search, rank) VALUES ('automerge', 8);
INSERT INTO application_search (application_search, rank) VALUES ('pgsz', 4000);
INSERT INTO application_search (rowid, search_text)
    SELECT k.key, a.search_text
    FROM application_search_keys k JOIN applications a ON a.id = k.application_id;

CREATE TABLE application_search_pending (
    key INTEGER PRIMARY KEY,
    application_id TEXT NOT NULL,
    search_text TEXT NOT NULL
);
CREATE TRIGGER application_search_insert AFTER INSERT ON applications
BEGIN
    INSERT INTO application_search_keys (application_id) VALUES (NEW.id);
    INSERT INTO application_search_pending (key, application_id, search_text)
        VALUES (last_insert_rowid(), NEW.id, NEW.search_text);
END;
CREATE TRIGGER application_search_update AFTER UPDATE OF search_text ON applications
    WHEN OLD.search_text <> NEW.search_text
BEGIN
    UPDATE application_search SET search_text = NEW.search_text
        WHERE rowid = (SELECT key FROM application_search_keys WHERE application_id = NEW.id);
    UPDATE application_search_pending SET search_text = NEW.search_text
        WHERE key = (SELECT key FROM application_search_keys WHERE application_id = NEW.id);
END;
CREATE TRIGGER application_search_delete AFTER DELETE ON applications
BEGIN
    DELETE FROM application_search
        WHERE rowid = (SELECT key FROM application_search_keys WHERE application_id = OLD.id);
    DELETE FROM application_search_pending
        WHERE key = (SELECT key FROM application_search_keys WHERE application_id = OLD.id);
    DELETE FROM application_search_keys WHERE application_id = OLD.id;
END;
