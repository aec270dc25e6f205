-- The statistics, kept up to date by triggers in the very transaction that
-- confirms, moves, edits or deletes an application or records a decision:
-- a dashboard for any period sums a few thousand rows per figure instead
-- of counting a million applications.

-- What each confirmed application adds to the figures: one row per figure
-- and value, by day of confirmation and status. The numbers are put in the
-- brackets of src/statistics/brackets.rs, each bracket written as its
-- lowest value (its highest when it has no lowest); `structure_type`, one
-- per application, also counts the applications. The triggers and the
-- first count below read this view, so it is the one place that says how
-- an application is counted.
CREATE VIEW application_figures (application_id, day, status, figure, value) AS
    SELECT id, date(confirmed_at), status, 'structure_type', structure_type
        FROM applications WHERE confirmed_at IS NOT NULL
    UNION ALL
    SELECT id, date(confirmed_at), status, 'creation_year', CAST(CASE
            WHEN creation_year <= 1949 THEN 1949 WHEN creation_year <= 1979 THEN 1950
            WHEN creation_year <= 1999 THEN 1980 WHEN creation_year <= 2009 THEN 2000
            WHEN creation_year <= 2016 THEN 2010 ELSE 2017 END AS TEXT)
        FROM applications WHERE confirmed_at IS NOT NULL
    UNION ALL
    SELECT id, date(confirmed_at), status, 'employees', CAST(CASE
            WHEN employees <= 0 THEN 0 WHEN employees <= 2 THEN 1
            WHEN employees <= 5 THEN 3 WHEN employees <= 20 THEN 6 ELSE 21 END AS TEXT)
        FROM applications WHERE confirmed_at IS NOT NULL
    UNION ALL
    SELECT id, date(confirmed_at), status, 'members', CAST(CASE
            WHEN members <= 9 THEN 0 WHEN members <= 29 THEN 10
            WHEN members <= 100 THEN 30 WHEN members <= 500 THEN 101 ELSE 501 END AS TEXT)
        FROM applications WHERE confirmed_at IS NOT NULL
    UNION ALL
    SELECT id, date(confirmed_at), status, 'beneficiaries', CAST(CASE
            WHEN beneficiaries <= 49 THEN 0 WHEN beneficiaries <= 99 THEN 50
            WHEN beneficiaries <= 999 THEN 100 WHEN beneficiaries <= 25000 THEN 1000
            ELSE 25001 END AS TEXT)
        FROM applications WHERE confirmed_at IS NOT NULL
    UNION ALL
    -- An empty value: the applicant preferred not to say.
    SELECT id, date(confirmed_at), status, 'budget', CASE
            WHEN annual_budget_eur IS NULL THEN '' WHEN annual_budget_eur <= 0 THEN '0'
            WHEN annual_budget_eur <= 3999 THEN '1' WHEN annual_budget_eur <= 9999 THEN '4000'
            WHEN annual_budget_eur <= 50000 THEN '10000' ELSE '50001' END
        FROM applications WHERE confirmed_at IS NOT NULL
    UNION ALL
    -- Whole hours from confirmation to the first decision: by the hour for
    -- the first two days, then by day up to thirty, then by week (see
    -- src/statistics/brackets.rs), so that a day holds a few dozen values.
    SELECT id, date(confirmed_at), status, 'hours', CAST(CASE
            WHEN h < 0 THEN 0 WHEN h < 48 THEN h WHEN h < 720 THEN h / 24 * 24
            ELSE h / 168 * 168 END AS TEXT)
        FROM (SELECT id, confirmed_at, status,
                (CAST(strftime('%s', decided_at) AS INTEGER)
                 - CAST(strftime('%s', confirmed_at) AS INTEGER)) / 3600 AS h
            FROM applications WHERE confirmed_at IS NOT NULL AND decided_at IS NOT NULL)
    UNION ALL
    SELECT a.id, date(a.confirmed_at), a.status, 'sector', s.sector
        FROM applications a JOIN application_sectors s ON s.application_id = a.id
        WHERE a.confirmed_at IS NOT NULL;

-- The sums. SQLite has one writer at a time: one shard is enough.
CREATE TABLE statistic_counts (
    figure TEXT NOT NULL,
    day TEXT NOT NULL,
    status TEXT NOT NULL,
    value TEXT NOT NULL,
    shard INTEGER NOT NULL,
    n BIGINT NOT NULL,
    -- Figure first: a period reads, for each figure, its whole months
    -- (one key each) and the days at its ends (a range); the weekly chart
    -- reads one figure's days.
    PRIMARY KEY (figure, day, status, value, shard)
) WITHOUT ROWID;
-- Each count is kept twice: by day (`YYYY-MM-DD`) and by month (`YYYY-MM`,
-- a key that sorts before its month's days), so that a period of years
-- reads one row per month and value and only its first and last days by
-- the day. `grains` gives both: the first 10 or 7 characters of the day.
CREATE VIEW grains (len) AS SELECT 10 UNION ALL SELECT 7;
INSERT INTO statistic_counts (figure, day, status, value, shard, n)
    SELECT figure, substr(day, 1, len), status, value, 0, COUNT(*)
    FROM application_figures, grains
    GROUP BY figure, substr(day, 1, len), status, value;

-- An application is taken out of the sums as it was (before the change)
-- and put back as it is (after it).
CREATE TRIGGER applications_figures_added AFTER INSERT ON applications
    WHEN NEW.confirmed_at IS NOT NULL
BEGIN
    INSERT INTO statistic_counts (figure, day, status, value, shard, n)
        SELECT figure, substr(day, 1, len), status, value, 0, 1
        FROM application_figures, grains WHERE application_id = NEW.id
        ON CONFLICT (figure, day, status, value, shard) DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER applications_figures_left BEFORE UPDATE OF status, confirmed_at, decided_at,
    structure_type, creation_year, employees, members, beneficiaries, annual_budget_eur
    ON applications
    WHEN OLD.confirmed_at IS NOT NULL AND (OLD.status IS NOT NEW.status
        OR OLD.confirmed_at IS NOT NEW.confirmed_at OR OLD.decided_at IS NOT NEW.decided_at
        OR OLD.structure_type IS NOT NEW.structure_type
        OR OLD.creation_year IS NOT NEW.creation_year OR OLD.employees IS NOT NEW.employees
        OR OLD.members IS NOT NEW.members OR OLD.beneficiaries IS NOT NEW.beneficiaries
        OR OLD.annual_budget_eur IS NOT NEW.annual_budget_eur)
BEGIN
    INSERT INTO statistic_counts (figure, day, status, value, shard, n)
        SELECT figure, substr(day, 1, len), status, value, 0, -1
        FROM application_figures, grains WHERE application_id = OLD.id
        ON CONFLICT (figure, day, status, value, shard) DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER applications_figures_moved AFTER UPDATE OF status, confirmed_at, decided_at,
    structure_type, creation_year, employees, members, beneficiaries, annual_budget_eur
    ON applications
    WHEN NEW.confirmed_at IS NOT NULL AND (OLD.status IS NOT NEW.status
        OR OLD.confirmed_at IS NOT NEW.confirmed_at OR OLD.decided_at IS NOT NEW.decided_at
        OR OLD.structure_type IS NOT NEW.structure_type
        OR OLD.creation_year IS NOT NEW.creation_year OR OLD.employees IS NOT NEW.employees
        OR OLD.members IS NOT NEW.members OR OLD.beneficiaries IS NOT NEW.beneficiaries
        OR OLD.annual_budget_eur IS NOT NEW.annual_budget_eur)
BEGIN
    INSERT INTO statistic_counts (figure, day, status, value, shard, n)
        SELECT figure, substr(day, 1, len), status, value, 0, 1
        FROM application_figures, grains WHERE application_id = NEW.id
        ON CONFLICT (figure, day, status, value, shard) DO UPDATE SET n = n + excluded.n;
END;
-- Before the row goes, while its sectors are still there; the sectors the
-- deletion then takes with it find no application and count nothing.
CREATE TRIGGER applications_figures_removed BEFORE DELETE ON applications
    WHEN OLD.confirmed_at IS NOT NULL
BEGIN
    INSERT INTO statistic_counts (figure, day, status, value, shard, n)
        SELECT figure, substr(day, 1, len), status, value, 0, -1
        FROM application_figures, grains WHERE application_id = OLD.id
        ON CONFLICT (figure, day, status, value, shard) DO UPDATE SET n = n + excluded.n;
END;
-- Sectors written or replaced on their own (a submission, an edit).
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
CREATE TABLE decision_counts (
    day TEXT NOT NULL,
    actor TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    reason TEXT NOT NULL,
    shard INTEGER NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (day, actor, actor_name, kind, reason, shard)
) WITHOUT ROWID;
INSERT INTO decision_counts (day, actor, actor_name, kind, reason, shard, n)
    SELECT date(created_at), actor, actor_name, kind, COALESCE(reason, ''), 0, COUNT(*)
    FROM decisions GROUP BY date(created_at), actor, actor_name, kind, COALESCE(reason, '');

CREATE TRIGGER decisions_counted_added AFTER INSERT ON decisions
BEGIN
    INSERT INTO decision_counts (day, actor, actor_name, kind, reason, shard, n)
        VALUES (date(NEW.created_at), NEW.actor, NEW.actor_name, NEW.kind,
                COALESCE(NEW.reason, ''), 0, 1)
        ON CONFLICT (day, actor, actor_name, kind, reason, shard) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER decisions_counted_removed AFTER DELETE ON decisions
BEGIN
    UPDATE decision_counts SET n = n - 1
        WHERE day = date(OLD.created_at) AND actor = OLD.actor
        AND actor_name = OLD.actor_name AND kind = OLD.kind
        AND reason = COALESCE(OLD.reason, '') AND shard = 0;
END;
CREATE TRIGGER decisions_counted_moved AFTER UPDATE OF created_at, actor, actor_name, kind, reason
    ON decisions
BEGIN
    UPDATE decision_counts SET n = n - 1
        WHERE day = date(OLD.created_at) AND actor = OLD.actor
        AND actor_name = OLD.actor_name AND kind = OLD.kind
        AND reason = COALESCE(OLD.reason, '') AND shard = 0;
    INSERT INTO decision_counts (day, actor, actor_name, kind, reason, shard, n)
        VALUES (date(NEW.created_at), NEW.actor, NEW.actor_name, NEW.kind,
                COALESCE(NEW.reason, ''), 0, 1)
        ON CONFLICT (day, actor, actor_name, kind, reason, shard) DO UPDATE SET n = n + 1;
END;
