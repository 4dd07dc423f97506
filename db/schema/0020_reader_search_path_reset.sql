-- wahook_reader's own search_path (0001) never reached a BI login: Postgres applies a role's
-- settings only to sessions logged in as that very role, and wahook_reader cannot log in. Every
-- push now puts wahook last in the database's search_path instead
-- (wahook_private.add_wahook_to_database_search_path), which reaches the role's members.
alter role wahook_reader reset search_path;
