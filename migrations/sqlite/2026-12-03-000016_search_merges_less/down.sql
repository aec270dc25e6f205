-- FTS5's defaults.
INSERT INTO application_search (application_search, rank) VALUES ('automerge', 4);
INSERT INTO application_search (application_search, rank) VALUES ('pgsz', 1000);
