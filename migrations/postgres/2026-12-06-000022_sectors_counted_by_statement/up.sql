-- The sectors a statement adds are counted once for the statement, from
-- its transition table, rather than by a call of the function for each
-- row: a submission writes its sectors in one statement, and for each of
-- them the row's trigger looked its application up in a query of its own
-- (to find it unconfirmed, and count nothing). Rows that share a count
-- are summed first: one statement may not update the same count twice.
DROP TRIGGER application_sectors_figures_added ON application_sectors;
CREATE FUNCTION application_sectors_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO statistic_counts (figure, day, status, value, shard, n)
        SELECT 'sector', substr(to_char(a.confirmed_at, 'YYYY-MM-DD'), 1, len), a.status,
               added.sector, pg_backend_pid(), COUNT(*)
        FROM added JOIN applications a ON a.id = added.application_id, grains
        WHERE a.confirmed_at IS NOT NULL
        GROUP BY 2, 3, 4
        ON CONFLICT (figure, day, status, value, shard)
        DO UPDATE SET n = statistic_counts.n + EXCLUDED.n;
    RETURN NULL;
END
$$;
CREATE TRIGGER application_sectors_figures_added AFTER INSERT ON application_sectors
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION application_sectors_added();
