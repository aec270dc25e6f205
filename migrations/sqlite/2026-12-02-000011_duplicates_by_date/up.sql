-- The flags of a new application name the five earliest others that share
-- its contact address, its name or its website. With an index on the value
-- alone, every match was read and sorted: the bench's names are shared by
-- thousands of applications. With the date after the value, the five
-- earliest are the first five entries of the index.
DROP INDEX applications_contact_email;
DROP INDEX applications_name_key;
DROP INDEX applications_website;
CREATE INDEX applications_contact_email ON applications (contact_email, created_at);
CREATE INDEX applications_name_key ON applications (name_key, created_at);
CREATE INDEX applications_website ON applications (website, created_at);
