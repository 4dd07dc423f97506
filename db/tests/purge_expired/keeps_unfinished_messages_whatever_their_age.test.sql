begin;
select plan(2);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
update wahook_private.settings set dedupe_retention_days = 7;

select tests.maintenance_conversation() as conversation_id \gset
select tests.maintenance_message(:conversation_id, 'wamid.' || status, status, '2025-01-01 00:00:00+00')
from unnest(array['pending', 'processing', 'dead']) as status;
select tests.maintenance_message(:conversation_id, 'wamid.six-days', 'completed', '2026-05-26 00:00:00+00');

select is(wahook.purge_expired() -> 'messages_deleted', '0'::jsonb, 'nothing is deleted');
select set_eq(
    'select wamid from wahook_private.processed_webhook_messages',
    array['wamid.pending', 'wamid.processing', 'wamid.dead', 'wamid.six-days'],
    'pending, processing and dead messages stay however old; a final one younger than 7 days stays'
);

select * from finish();
rollback;
