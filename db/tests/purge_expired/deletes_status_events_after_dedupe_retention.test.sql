begin;
select plan(2);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
update wahook_private.settings set dedupe_retention_days = 30;

select tests.maintenance_conversation() as conversation_id \gset
insert into wahook_private.outbound_status_events (conversation_id, wamid, status, outcome, received_at)
values
(:conversation_id, 'wamid.out.1', 'delivered', 'applied', '2026-05-01 00:00:00+00'),
(:conversation_id, 'wamid.out.2', 'delivered', 'unmatched', '2026-05-01 00:00:00+00'),
(:conversation_id, 'wamid.out.3', 'delivered', 'applied', '2026-05-30 00:00:00+00');

select is(wahook.purge_expired() -> 'status_events_deleted', '2'::jsonb, 'two status events are older than 30 days');
select is(
    array(select wamid from wahook_private.outbound_status_events), array['wamid.out.3'],
    'the young status event is remembered'
);

select * from finish();
rollback;
