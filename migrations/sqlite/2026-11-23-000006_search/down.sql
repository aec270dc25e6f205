DROP TRIGGER application_search_delete;
DROP TRIGGER application_search_update;
DROP TRIGGER application_search_insert;
DROP TABLE application_search;
DROP TABLE application_search_keys;
