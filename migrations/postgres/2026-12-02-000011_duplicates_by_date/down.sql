DROP INDEX applications_contact_email;
DROP INDEX applications_name_key;
DROP INDEX applications_website;
CREATE INDEX applications_contact_email ON applications (contact_email);
CREATE INDEX applications_name_key ON applications (name_key);
CREATE INDEX applications_website ON applications (website);
