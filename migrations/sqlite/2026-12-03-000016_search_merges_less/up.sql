-- The trigram index writes each group commit's texts as a new segment and
-- merges segments as they pile up. By default FTS5 merges four segments of
-- a level into one (`automerge`) in leaves of 1 000 bytes (`pgsz`): at a
-- million applications that merging was a third of the one writer's time
-- under intake, every text rewritten once per level, about seven times.
-- Merging eight at a time rewrites each text on fewer levels, and leaves
-- that fill a database page take one row of the index's table instead of
-- four. Segments written before keep their leaves until they are merged.
INSERT INTO application_search (application_search, rank) VALUES ('automerge', 8);
INSERT INTO application_search (application_search, rank) VALUES ('pgsz', 4000);
