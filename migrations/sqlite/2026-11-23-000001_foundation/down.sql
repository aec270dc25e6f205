DROP TABLE jobs;
DROP TABLE audit_log;
DROP TABLE application_sectors;
DROP TABLE applications;
DROP TABLE settings;
