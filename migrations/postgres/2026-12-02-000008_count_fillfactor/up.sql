-- The count tables see the same few rows rewritten at every change. Room
-- left in each page lets PostgreSQL put a row's new version beside the old
-- one without a new index entry (a HOT update), and prune the old versions
-- as it reads the page, between autovacuum's visits: without it the
-- index grows by an entry at every count moved and a sum reads them all.
ALTER TABLE statistic_counts SET (fillfactor = 50);
ALTER TABLE decision_counts SET (fillfactor = 50);
ALTER TABLE status_counts SET (fillfactor = 50);
