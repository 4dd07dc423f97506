begin;
select plan(1);

select is(
    (
        select s.setconfig from pg_db_role_setting as s
        where s.setrole = 'wahook_reader'::regrole and s.setdatabase = 0
    ),
    array['search_path=wahook, public'],
    'wahook_reader''s role config sets search_path to wahook, public (for unqualified names in BI queries)'
);

select * from finish();
rollback;
