begin;
select plan(4);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
update wahook_private.settings set
    conversation_retention_days = 90, dedupe_retention_days = 30, outbox_retention_days = 60,
    agent_context_retention_days = 365;

-- Each conversation last changed 100 days ago (past the 90 days) unless its name says otherwise.
create function pg_temp.conversation(p_customer text, p_changed_at timestamptz default '2026-02-21 12:00:00+00')
returns bigint
language sql
as $$
    select tests.maintenance_conversation(p_customer);
    update wahook_private.webhook_conversations
    set updated_at = p_changed_at, state_changed_at = p_changed_at
    where conversation_id = wahook_private.conversation_key('100000001', p_customer)
    returning conversation_id
$$;

-- Forgotten: idle, its message final and older than the dedupe cutoff, its reply settled long ago,
-- its memory, turn and session with it.
select pg_temp.conversation('idle.old') as old_id \gset
select tests.maintenance_message(:old_id, 'wamid.old', 'completed', '2026-02-21 12:00:00+00');
update wahook_private.outbound_messages set updated_at = '2026-02-21 12:00:00+00'
where id = tests.maintenance_reply(:old_id, 'read', '2026-02-21 12:00:00+00');
insert into wahook_private.agent_contexts (conversation_id, role, content, token_count, created_at)
values (:old_id, 'user', 'my address is ...', 5, '2026-02-21 12:00:00+00');
insert into wahook_private.agent_sessions (conversation_id) values (:old_id);

-- Kept: each holds something in flight, or something still young.
select pg_temp.conversation('idle.young', '2026-04-01 12:00:00+00');
select pg_temp.conversation('pending') as pending_id \gset
update wahook_private.webhook_conversations set state = 'pending' where conversation_id = :pending_id;
select pg_temp.conversation('paused') as paused_id \gset
update wahook_private.webhook_conversations set state = 'paused', paused_reason = 'a human answers'
where conversation_id = :paused_id;
select tests.maintenance_message(pg_temp.conversation('dead.message'), 'wamid.dead', 'dead', '2026-02-21 12:00:00+00');
-- Final but inside the 30 days of deduplication: a redelivery must still be a duplicate.
select tests.maintenance_message(pg_temp.conversation('young.dedupe'), 'wamid.young', 'completed', '2026-05-20 12:00:00+00');
select tests.maintenance_reply(pg_temp.conversation('unknown.reply'), 'unknown', '2026-02-21 12:00:00+00');
update wahook_private.outbound_messages set updated_at = '2026-05-01 12:00:00+00'
where id = tests.maintenance_reply(pg_temp.conversation('young.reply'), 'delivered', '2026-02-21 12:00:00+00');

select is(
    wahook.purge_expired() -> 'conversations_deleted', '1'::jsonb,
    'one conversation is past its retention with nothing in flight'
);
select set_eq(
    'select customer_id from wahook_private.webhook_conversations',
    array['idle.young', 'pending', 'paused', 'dead.message', 'young.dedupe', 'unknown.reply', 'young.reply'],
    'conversations with work in flight, young deduplication records or young replies stay'
);
select is(
    (
        select count(*)::int from (
            select conversation_id from wahook_private.processed_webhook_messages
            union all
            select conversation_id from wahook_private.outbound_messages
            union all
            select conversation_id from wahook_private.agent_contexts
            union all
            select conversation_id from wahook_private.agent_sessions
            union all
            select conversation_id from wahook_private.conversation_state_transitions
        ) as r where r.conversation_id = :old_id
    ),
    0,
    'its messages, replies, memory, session and audit rows go with it'
);
select is(wahook.purge_expired() -> 'conversations_deleted', '0'::jsonb, 'a second run finds nothing more');

select * from finish();
rollback;
