DROP TABLE waiting_list;
DROP INDEX decisions_kind_created;
DROP INDEX applications_status_updated;
DROP INDEX applications_status_confirmed;
ALTER TABLE applications DROP COLUMN anonymised_at;
ALTER TABLE applications DROP COLUMN decided_at;
