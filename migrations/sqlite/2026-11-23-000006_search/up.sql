-- The moderators' search looks for any part of a word (accent- and
-- case-blind text is already folded into search_text). A trigram index
-- finds those parts without reading every application: FTS5's trigram
-- tokenizer matches any substring of three characters or more.
--
-- FTS5 keys its rows by an integer; an application's rowid is not stable
-- (VACUUM may renumber a table whose key is text), so each application
-- gets its own number here.
CREATE TABLE application_search_keys (
    key INTEGER PRIMARY KEY,
    application_id TEXT NOT NULL UNIQUE
);
CREATE VIRTUAL TABLE application_search USING fts5(search_text, tokenize = 'trigram');

INSERT INTO application_search_keys (application_id) SELECT id FROM applications;
INSERT INTO application_search (rowid, search_text)
    SELECT k.key, a.search_text
    FROM application_search_keys k JOIN applications a ON a.id = k.application_id;

CREATE TRIGGER application_search_insert AFTER INSERT ON applications
BEGIN
    INSERT INTO application_search_keys (application_id) VALUES (NEW.id);
    INSERT INTO application_search (rowid, search_text)
        VALUES ((SELECT key FROM application_search_keys WHERE application_id = NEW.id),
                NEW.search_text);
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
