begin;
select plan(2);

-- A role's own settings reach no member (and wahook_reader cannot log in): BI logins find wahook
-- through the database's search_path, set by the push, last.
select is(
    (
        select c.setting from pg_db_role_setting as s, unnest(s.setconfig) as c (setting)
        where s.setdatabase = (select d.oid from pg_database as d where d.datname = current_database())
            and s.setrole = 0 and c.setting like 'search_path=%'
    ) ~ ', wahook$',
    true,
    'the database''s search_path ends with wahook after a push'
);
select is(
    (select s.setconfig from pg_db_role_setting as s where s.setrole = 'wahook_reader'::regrole),
    null,
    'wahook_reader has no setting of its own'
);

select * from finish();
rollback;
