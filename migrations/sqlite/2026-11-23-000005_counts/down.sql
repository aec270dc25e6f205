DROP INDEX applications_space_name;
DROP INDEX applications_created;
DROP TRIGGER applications_counted_move;
DROP TRIGGER applications_counted_delete;
DROP TRIGGER applications_counted_insert;
DROP TABLE status_counts;
