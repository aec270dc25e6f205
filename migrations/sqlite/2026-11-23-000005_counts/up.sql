-- How many applications are in each status, kept by triggers in the very
-- transaction that inserts, moves or deletes an application: the queue's
-- tabs read a handful of rows instead of counting the whole table.
CREATE TABLE status_counts (
    status TEXT NOT NULL,
    shard INTEGER NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (status, shard)
);
INSERT INTO status_counts (status, shard, n)
    SELECT status, 0, COUNT(*) FROM applications GROUP BY status;

-- SQLite has one writer at a time: one shard is enough.
CREATE TRIGGER applications_counted_insert AFTER INSERT ON applications
BEGIN
    INSERT INTO status_counts (status, shard, n) VALUES (NEW.status, 0, 1)
        ON CONFLICT (status, shard) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER applications_counted_delete AFTER DELETE ON applications
BEGIN
    UPDATE status_counts SET n = n - 1 WHERE status = OLD.status AND shard = 0;
END;
CREATE TRIGGER applications_counted_move AFTER UPDATE OF status ON applications
    WHEN OLD.status <> NEW.status
BEGIN
    UPDATE status_counts SET n = n - 1 WHERE status = OLD.status AND shard = 0;
    INSERT INTO status_counts (status, shard, n) VALUES (NEW.status, 0, 1)
        ON CONFLICT (status, shard) DO UPDATE SET n = n + 1;
END;

-- The queue of every status walks this order (and its cursor) directly.
CREATE INDEX applications_created ON applications (created_at, id);

-- Whether a space name is taken is asked with the statuses as bound
-- parameters, which the partial unique index cannot serve: without this
-- index every submission read the whole table.
CREATE INDEX applications_space_name ON applications (space_name);
