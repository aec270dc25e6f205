DROP TABLE application_search;
CREATE VIRTUAL TABLE application_search USING fts5(search_text, tokenize = 'trigram');
INSERT INTO application_search (rowid, search_text)
    SELECT k.key, a.search_text
    FROM application_search_keys k JOIN applications a ON a.id = k.application_id;
DELETE FROM application_search_pending;
