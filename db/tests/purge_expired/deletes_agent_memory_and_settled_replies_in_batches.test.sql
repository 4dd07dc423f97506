begin;
select plan(6);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
update wahook_private.settings set
    agent_context_retention_days = 90, outbox_retention_days = 90, conversation_retention_days = 3650,
    purge_batch_size = 100;

select tests.maintenance_conversation() as conversation_id \gset
-- 150 memory entries older than 90 days, 1 younger.
insert into wahook_private.agent_contexts (conversation_id, role, content, token_count, created_at)
select
    :conversation_id as conversation_id,
    'user' as role,
    'old ' || i as content,
    1 as token_count,
    '2026-02-01 00:00:00+00'::timestamptz as created_at
from generate_series(1, 150) as i;
insert into wahook_private.agent_contexts (conversation_id, role, content, token_count, created_at)
values (:conversation_id, 'user', 'young', 1, '2026-05-01 00:00:00+00');
-- 120 replies settled long ago (withheld ones too), and old ones that are not settled or changed lately.
select count(tests.maintenance_reply(:conversation_id, v.s, '2026-02-01 00:00:00+00'))
from generate_series(1, 40) as i cross join (values ('delivered'), ('failed'), ('withheld')) as v (s);
update wahook_private.outbound_messages set updated_at = '2026-02-01 00:00:00+00';
select tests.maintenance_reply(:conversation_id, 'queued', '2026-02-01 00:00:00+00') as queued_id \gset
select tests.maintenance_reply(:conversation_id, 'unknown', '2026-02-01 00:00:00+00') as unknown_id \gset
select tests.maintenance_reply(:conversation_id, 'read', '2026-02-01 00:00:00+00') as recent_id \gset
update wahook_private.outbound_messages set updated_at = '2026-02-01 00:00:00+00' where id in (:queued_id, :unknown_id);
update wahook_private.outbound_messages set updated_at = '2026-05-30 00:00:00+00' where id = :recent_id;

select wahook.purge_expired() as first_run \gset
select is(
    jsonb_build_object(
        'agent_contexts_deleted', (:'first_run'::jsonb) -> 'agent_contexts_deleted',
        'replies_deleted', (:'first_run'::jsonb) -> 'replies_deleted'
    ),
    '{"agent_contexts_deleted": 100, "replies_deleted": 100}'::jsonb,
    'one call deletes at most purge_batch_size rows of each'
);
select wahook.purge_expired() as second_run \gset
select is(
    jsonb_build_object(
        'agent_contexts_deleted', (:'second_run'::jsonb) -> 'agent_contexts_deleted',
        'replies_deleted', (:'second_run'::jsonb) -> 'replies_deleted'
    ),
    '{"agent_contexts_deleted": 50, "replies_deleted": 20}'::jsonb,
    'the next call takes the rest'
);
select is(
    array(select content from wahook_private.agent_contexts),
    array['young'],
    'memory younger than agent_context_retention_days stays'
);
select set_eq(
    'select id from wahook_private.outbound_messages',
    array[:queued_id, :unknown_id, :recent_id]::bigint [],
    'queued and unknown replies (they may still be sent) and replies changed lately stay'
);
select is(
    (select count(*)::int from wahook_private.webhook_conversations), 1,
    'the conversation stays inside its own retention'
);
select is(wahook.purge_expired() -> 'replies_deleted', '0'::jsonb, 'nothing is left to delete');

select * from finish();
rollback;
