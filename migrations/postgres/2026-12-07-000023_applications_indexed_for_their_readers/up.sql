-- Two indexes each serve one reader, and a new application, unconfirmed,
-- is of interest to neither: each now keeps only the rows its reader asks
-- for, so a submission no longer writes an entry in them (nine of the
-- table's b-trees instead of eleven).
--
-- The moderators' digest asks for submitted applications confirmed since
-- a date (`store::confirmed_since`): its condition on `confirmed_at`
-- implies `confirmed_at IS NOT NULL`, which both planners prove.
DROP INDEX applications_status_confirmed;
CREATE INDEX applications_status_confirmed ON applications (status, confirmed_at)
    WHERE confirmed_at IS NOT NULL;
-- Retention anonymises refusals and withdrawals not yet anonymised, by
-- their last change (`retention::due`). Its status is a bound parameter:
-- SQLite plans again with the value bound, and PostgreSQL plans each run
-- for its values while that beats a plan for any value, so both prove
-- `status = 'refused'` implies one side of the `OR`.
DROP INDEX applications_status_updated;
CREATE INDEX applications_status_updated ON applications (status, updated_at)
    WHERE anonymised_at IS NULL AND (status = 'refused' OR status = 'withdrawn');
