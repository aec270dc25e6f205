DROP INDEX applications_space_name;
DROP INDEX applications_created;
DROP TRIGGER applications_counted_move ON applications;
DROP TRIGGER applications_counted ON applications;
DROP FUNCTION applications_counted();
DROP TABLE status_counts;
