-- How many applications are in each status, kept by triggers in the very
-- transaction that inserts, moves or deletes an application: the queue's
-- tabs read a handful of rows instead of counting the whole table.
-- Each connection writes its own shard (by backend process), so that
-- concurrent submissions do not queue on one counter row.
CREATE TABLE status_counts (
    status TEXT NOT NULL,
    shard INTEGER NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (status, shard)
);
INSERT INTO status_counts (status, shard, n)
    SELECT status, 0, COUNT(*) FROM applications GROUP BY status;

CREATE FUNCTION applications_counted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    mine integer := pg_backend_pid() % 64;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO status_counts (status, shard, n) VALUES (OLD.status, mine, -1)
            ON CONFLICT (status, shard) DO UPDATE SET n = status_counts.n - 1;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO status_counts (status, shard, n) VALUES (NEW.status, mine, 1)
            ON CONFLICT (status, shard) DO UPDATE SET n = status_counts.n + 1;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER applications_counted AFTER INSERT OR DELETE ON applications
    FOR EACH ROW EXECUTE FUNCTION applications_counted();
CREATE TRIGGER applications_counted_move AFTER UPDATE OF status ON applications
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION applications_counted();

-- The queue of every status walks this order (and its cursor) directly.
CREATE INDEX applications_created ON applications (created_at, id);

-- Whether a space name is taken is asked with the statuses as bound
-- parameters, which the partial unique index cannot serve: without this
-- index every submission read the whole table.
CREATE INDEX applications_space_name ON applications (space_name);
