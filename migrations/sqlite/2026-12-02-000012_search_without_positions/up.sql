-- The trigram index no longer keeps where in a text each trigram is: only
-- which texts hold it (FTS5's `detail = 'none'`). Positions made the index
-- more than twice the size and its writes about twice the work, and the
-- search had only one use for them: telling that a term's trigrams follow
-- one another. It now asks the index for the texts holding every trigram
-- of the term and checks the term itself with `LIKE` on those texts
-- (`backend::TermMatch`), which finds the same applications.
DROP TABLE application_search;
CREATE VIRTUAL TABLE application_search
    USING fts5(search_text, tokenize = 'trigram', detail = 'none');
INSERT INTO application_search (rowid, search_text)
    SELECT k.key, a.search_text
    FROM application_search_keys k JOIN applications a ON a.id = k.application_id;
-- Every text is in the index now.
DELETE FROM application_search_pending;
