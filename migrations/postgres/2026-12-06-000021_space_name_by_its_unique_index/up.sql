-- Whether a space name is taken is asked with the very condition of the
-- unique index on live space names, `status NOT IN ('refused',
-- 'withdrawn')` written out (`store::space_name_taken`), and PostgreSQL
-- answers it from that index (an index-only scan, with the space name a
-- bound parameter). The index on every space name, which the question
-- needed while its statuses were bound parameters, served nothing else,
-- and each submission wrote an entry in it.
DROP INDEX applications_space_name;
