-- The moderators' search looks for any part of a word (accent- and
-- case-blind text is already folded into search_text): a trigram index
-- serves `search_text LIKE '%part%'` for parts of three characters or more
-- without reading every application. pg_trgm ships with PostgreSQL and is
-- a trusted extension: the database's owner may create it.
-- New entries wait in a pending list that every search reads through until
-- (auto)vacuum or the list's limit merges them: 4 MB by default, tens of
-- milliseconds per search; 256 kB keeps it to a few.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX applications_search_trigrams ON applications
    USING gin (search_text gin_trgm_ops) WITH (gin_pending_list_limit = 256);
