begin;
select plan(4);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
update wahook_private.settings set dedupe_retention_days = 30;

select tests.maintenance_conversation() as conversation_id \gset
select tests.maintenance_message(:conversation_id, 'wamid.' || status || '.old', status, '2026-05-02 11:00:00+00')
from unnest(array['completed', 'ignored', 'skipped']) as status;
select tests.maintenance_message(:conversation_id, 'wamid.' || status || '.young', status, '2026-05-02 13:00:00+00')
from unnest(array['completed', 'ignored', 'skipped']) as status;
-- Received long ago, completed recently (a replayed DLQ message): remembered from its completion.
select tests.maintenance_message(:conversation_id, 'wamid.replayed', 'completed', '2026-04-01 00:00:00+00') as replayed \gset
update wahook_private.processed_webhook_messages set completed_at = '2026-05-20 00:00:00+00' where id = :replayed;
insert into wahook_private.message_state_transitions (conversation_id, message_id, from_state, to_state, reason)
select
    conversation_id,
    id,
    'processing' as from_state,
    'completed' as to_state,
    'test' as reason
from wahook_private.processed_webhook_messages where wamid = 'wamid.completed.old';

select is(wahook.purge_expired() -> 'messages_deleted', '3'::jsonb, 'three final messages are older than 30 days');
select set_eq(
    'select wamid from wahook_private.processed_webhook_messages',
    array['wamid.completed.young', 'wamid.ignored.young', 'wamid.skipped.young', 'wamid.replayed'],
    'final messages younger than 30 days (counted from their completion) are remembered'
);
select is(
    (select count(*)::int from wahook_private.message_state_transitions), 0,
    'the audit rows of a forgotten message go with it'
);
select is(
    (select count(*)::int from wahook_private.webhook_conversations), 1,
    'the conversation stays'
);

select * from finish();
rollback;
