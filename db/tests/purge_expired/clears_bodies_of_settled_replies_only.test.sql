begin;
select plan(3);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
update wahook_private.settings set payload_retention_days = 10;

select tests.maintenance_conversation() as conversation_id \gset
select tests.maintenance_reply(:conversation_id, status, '2026-05-01 00:00:00+00')
from unnest(array['queued', 'sending', 'unknown', 'sent', 'delivered', 'read', 'failed', 'withheld']) as status;
select tests.maintenance_reply(:conversation_id, 'read', '2026-05-30 00:00:00+00') as young_reply \gset

select is(wahook.purge_expired() -> 'reply_bodies_cleared', '5'::jsonb, 'five old replies are settled');
select set_eq(
    $$select status from wahook_private.outbound_messages where body = '{}'::jsonb$$,
    array['sent', 'delivered', 'read', 'failed', 'withheld'],
    'old sent, delivered, read, failed and withheld replies have their body replaced by {}'
);
select set_eq(
    $$select status from wahook_private.outbound_messages where body <> '{}'::jsonb$$,
    array['queued', 'sending', 'unknown', 'read'],
    'replies that may still be sent, and young replies, keep their body'
);

select * from finish();
rollback;
