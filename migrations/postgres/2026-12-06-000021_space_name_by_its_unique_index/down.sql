CREATE INDEX applications_space_name ON applications (space_name);
