begin;
select plan(5);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
update wahook_private.settings set raw_event_retention_days = 14;

select tests.maintenance_event('2026-05-18 11:59:00+00') as old_event \gset
select tests.maintenance_event('2026-05-18 12:01:00+00') as young_event \gset
insert into wahook_private.business_events (event_id, kind, field, received_at)
values
(:old_event, 'event', 'account_update', '2026-05-18 11:59:00+00'),
(:young_event, 'event', 'account_update', '2026-05-18 12:01:00+00');
select tests.maintenance_message(
    tests.maintenance_conversation(), 'wamid.kept', 'pending', '2026-05-01 00:00:00+00', :old_event
) as message_id \gset

select is(
    (select wahook.purge_expired() -> 'raw_events_deleted'), '1'::jsonb,
    'one raw event is older than 14 days'
);
select is(
    array(select id from wahook_private.webhook_events), array[:young_event]::bigint [],
    'the raw event younger than 14 days is kept'
);
select is(
    (select count(*)::int from wahook_private.business_events), 1,
    'business events older than the raw event retention are deleted too'
);
select is(
    (select event_id from wahook_private.processed_webhook_messages where id = :message_id), null,
    'a message of a deleted raw event stays, without its event_id'
);
select is(
    (select wahook.purge_expired() -> 'raw_events_deleted'), '0'::jsonb,
    'a second purge finds nothing more to delete'
);

select * from finish();
rollback;
