begin;
select plan(3);

-- Until wahook.cleanup_stuck_conversations() and wahook.retry_due_dlq() exist (they are written
-- elsewhere), stand-ins that answer like them; the real ones are used once pushed.
do $$
begin
    if pg_catalog.to_regprocedure('wahook.cleanup_stuck_conversations()') is null then
        create function wahook.cleanup_stuck_conversations() returns integer language sql as 'select 0';
    end if;
    if pg_catalog.to_regprocedure('wahook.retry_due_dlq()') is null then
        create function wahook.retry_due_dlq() returns jsonb language sql as 'select ''{}''::jsonb';
    end if;
end
$$;

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.maintenance_event('2026-01-01 00:00:00+00');

select wahook.run_maintenance() as summary \gset
select set_eq(
    format('select jsonb_object_keys(%L::jsonb)', :'summary'),
    array['cleanup_stuck_conversations', 'retry_due_dlq', 'purge_expired'],
    'the summary has one entry per maintenance function'
);
select is(
    (:'summary'::jsonb) #> '{purge_expired,raw_events_deleted}', '1'::jsonb,
    'the purge ran'
);
select is(
    (select count(*)::int from wahook_private.webhook_events), 0,
    'its effects are there'
);

select * from finish();
rollback;
