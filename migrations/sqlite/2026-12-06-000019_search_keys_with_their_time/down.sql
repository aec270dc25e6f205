DROP TRIGGER application_search_insert;

CREATE TRIGGER application_search_insert AFTER INSERT ON applications
BEGIN
    INSERT INTO application_search_keys (application_id) VALUES (NEW.id);
    INSERT INTO application_search_pending (key) VALUES (last_insert_rowid());
END;

ALTER TABLE application_search_keys DROP COLUMN created_at;
