-- The moderators' search looks for any part of a word (accent- and
-- case-blind text is already folded into search_text): a trigram index
-- serves `search_text LIKE '%part%'` for parts of three characters or more
-- without reading every application. pg_trgm ships with PostgreSQL and is
-- a trusted extension: the database's owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX applications_search_trigrams ON applications USING gin (search_text gin_trgm_ops);
