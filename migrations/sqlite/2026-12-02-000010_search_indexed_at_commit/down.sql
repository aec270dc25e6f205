INSERT INTO application_search (rowid, search_text)
    SELECT p.key, a.search_text
    FROM application_search_pending p
    CROSS JOIN application_search_keys k ON k.key = p.key
    CROSS JOIN applications a ON a.id = k.application_id;
DROP TABLE application_search_pending;

DROP TRIGGER application_search_insert;
CREATE TRIGGER application_search_insert AFTER INSERT ON applications
BEGIN
    INSERT INTO application_search_keys (application_id) VALUES (NEW.id);
    INSERT INTO application_search (rowid, search_text)
        VALUES ((SELECT key FROM application_search_keys WHERE application_id = NEW.id),
                NEW.search_text);
END;
