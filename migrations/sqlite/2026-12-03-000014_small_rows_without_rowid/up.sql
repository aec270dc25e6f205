-- The sectors and the flags of an application are small rows found by their
-- primary key: kept in the order of that key (`WITHOUT ROWID`), each row is
-- one entry of one tree instead of a row in the table plus an entry in the
-- key's own index. A submission writes one tree fewer for each sector and
-- each flag, on the one thread that writes to SQLite.
--
-- The old tables are copied, dropped and replaced. `legacy_alter_table` lets
-- the rename leave alone the view of the statistics, which names
-- `application_sectors` and must go on naming it.
PRAGMA legacy_alter_table = ON;

DROP TRIGGER application_sectors_figures_added;
DROP TRIGGER application_sectors_figures_removed;
CREATE TABLE application_sectors_new (
    application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    sector TEXT NOT NULL,
    PRIMARY KEY (application_id, sector)
) WITHOUT ROWID;
INSERT INTO application_sectors_new (application_id, sector)
    SELECT application_id, sector FROM application_sectors;
DROP TABLE application_sectors;
ALTER TABLE application_sectors_new RENAME TO application_sectors;
CREATE INDEX application_sectors_sector ON application_sectors (sector, application_id);

CREATE TABLE application_flags_new (
    application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL,
    related_id TEXT,
    PRIMARY KEY (application_id, kind, detail)
) WITHOUT ROWID;
INSERT INTO application_flags_new (application_id, kind, detail, related_id)
    SELECT application_id, kind, detail, related_id FROM application_flags;
DROP TABLE application_flags;
ALTER TABLE application_flags_new RENAME TO application_flags;
CREATE INDEX application_flags_kind ON application_flags (kind, application_id);

PRAGMA legacy_alter_table = OFF;

-- Dropped with their table: the statistics' triggers on the sectors.
CREATE TRIGGER application_sectors_figures_added AFTER INSERT ON application_sectors
BEGIN
    INSERT INTO statistic_counts (figure, day, status, value, shard, n)
        SELECT 'sector', substr(date(confirmed_at), 1, len), status, NEW.sector, 0, 1
        FROM applications, grains WHERE id = NEW.application_id AND confirmed_at IS NOT NULL
        ON CONFLICT (figure, day, status, value, shard) DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER application_sectors_figures_removed BEFORE DELETE ON application_sectors
BEGIN
    INSERT INTO statistic_counts (figure, day, status, value, shard, n)
        SELECT 'sector', substr(date(confirmed_at), 1, len), status, OLD.sector, 0, -1
        FROM applications, grains WHERE id = OLD.application_id AND confirmed_at IS NOT NULL
        ON CONFLICT (figure, day, status, value, shard) DO UPDATE SET n = n + excluded.n;
END;

-- Decisions per day, person, kind and reason (an empty reason: none).
