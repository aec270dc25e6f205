DROP TRIGGER application_search_insert;
DROP TRIGGER application_search_update;
DROP TRIGGER application_search_delete;

INSERT INTO application_search (rowid, search_text)
    SELECT key, search_text FROM application_search_pending;
DROP TABLE application_search_pending;
CREATE TABLE application_search_pending (key INTEGER PRIMARY KEY);

CREATE TRIGGER application_search_insert AFTER INSERT ON applications
BEGIN
    INSERT INTO application_search_keys (application_id) VALUES (NEW.id);
    INSERT INTO application_search_pending (key) VALUES (last_insert_rowid());
END;
CREATE TRIGGER application_search_update AFTER UPDATE OF search_text ON applications
    WHEN OLD.search_text <> NEW.search_text
BEGIN
    UPDATE application_search SET search_text = NEW.search_text
        WHERE rowid = (SELECT key FROM application_search_keys WHERE application_id = NEW.id);
END;
CREATE TRIGGER application_search_delete AFTER DELETE ON applications
BEGIN
    DELETE FROM application_search
        WHERE rowid = (SELECT key FROM application_search_keys WHERE application_id = OLD.id);
    DELETE FROM application_search_keys WHERE application_id = OLD.id;
END;
