begin;
select plan(13);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select
    wahook_private.conversation_key('100000001', '15550001') as ann,
    wahook_private.conversation_key('100000001', '15550002') as bob
\gset

-- Rows of one conversation in every table that has a conversation_id (tables added later included).
create function pg_temp.rows_of(p_conversation_id bigint)
returns jsonb
language plpgsql
as $$
declare
    v_table text;
    v_count bigint;
    v_result jsonb := '{}';
begin
    for v_table in
        select c.table_name::text from information_schema.columns as c
        where c.table_schema = 'wahook_private' and c.column_name = 'conversation_id'
        order by 1
    loop
        execute format('select count(*) from wahook_private.%I where conversation_id = $1', v_table)
        into v_count using p_conversation_id;
        v_result := v_result || jsonb_build_object(v_table, v_count);
    end loop;
    return v_result;
end
$$;

-- Raw bodies and business events that still name an id anywhere.
create function pg_temp.bodies_naming(p_id text)
returns jsonb
language sql
as $$
    select jsonb_build_object(
        'webhook_events',
        (select count(*) from wahook_private.webhook_events where wahook_private.json_mentions(payload, p_id)),
        'webhook_inbox',
        (select count(*) from wahook_private.webhook_inbox where wahook_private.json_mentions(payload, p_id)),
        'business_events',
        (select count(*) from wahook_private.business_events where wahook_private.json_mentions(payload, p_id))
    )
$$;

-- Meta batches customers: one body carries a message of Ann and one of Bob; then Ann alone.
select count(*) from wahook.process_message(tests.messages_body('100000001', $${
    "contacts": [{"profile": {"name": "Ann"}, "wa_id": "15550001"}, {"profile": {"name": "Bob"}, "wa_id": "15550002"}],
    "messages": [
        {"from": "15550001", "id": "wamid.ann.1", "timestamp": "1780315200", "type": "text", "text": {"body": "hi, Ann here"}},
        {"from": "15550002", "id": "wamid.bob.1", "timestamp": "1780315200", "type": "text", "text": {"body": "hi, Bob here"}}
    ]}$$));
select count(*) from wahook.process_message(tests.text_message_body('100000001', '15550001', 'wamid.ann.2', 1780315201, 'me again'));
-- A marketing opt-out of each (a business event naming the customer).
select count(*)
from unnest(array['15550001', '15550002']) as customer
cross join lateral wahook.process_message(tests.change_body('user_preferences', jsonb_build_object(
    'messaging_product', 'whatsapp',
    'metadata', jsonb_build_object('display_phone_number', '15550000000', 'phone_number_id', '100000001'),
    'user_preferences', jsonb_build_array(
        jsonb_build_object('wa_id', customer, 'category', 'marketing_messages', 'value', 'stop', 'timestamp', 1780315200)
    )
)));

-- Ann's first turn fails (a DLQ entry), Bob's completes; an hour later Ann's retry completes.
do $$
declare
    v_turn record;
begin
    for v_turn in select * from wahook.claim_conversations('worker-1', 10) loop
        if v_turn.conversation_id = wahook_private.conversation_key('100000001', '15550001') then
            perform wahook.fail_turn(v_turn.conversation_id, v_turn.lease_token, 'agent_down', 'the agent failed');
        else
            perform wahook.complete_turn(v_turn.conversation_id, v_turn.lease_token, 'hello Bob', 1, '{}');
        end if;
    end loop;
    perform pg_catalog.set_config('wahook.now', '2026-06-01 13:00:00+00', true);
    for v_turn in select * from wahook.claim_conversations('worker-1', 10) loop
        perform wahook.complete_turn(v_turn.conversation_id, v_turn.lease_token, 'hello Ann', 1, '{}');
    end loop;
end
$$;

-- Both replies are sent and delivered (status webhooks).
select wahook.record_outbound_sent(o.conversation_id, o.outbound_id, 'wamid.out.' || o.recipient)
from wahook.claim_outbound_messages('sender-1') as o;
select count(*)
from unnest(array['15550001', '15550002']) as customer
cross join lateral wahook.process_message(
    tests.status_body('100000001', customer, 'wamid.out.' || customer, 'delivered', 1780319000)
);
-- A batched body still in the inbox, not ingested yet.
select count(*) from wahook.receive_webhooks(array[convert_to(tests.messages_body('100000001', $${
    "contacts": [{"profile": {"name": "Ann"}, "wa_id": "15550001"}, {"profile": {"name": "Bob"}, "wa_id": "15550002"}],
    "messages": [
        {"from": "15550001", "id": "wamid.ann.3", "timestamp": "1780320000", "type": "text", "text": {"body": "still there?"}},
        {"from": "15550002", "id": "wamid.bob.2", "timestamp": "1780320000", "type": "text", "text": {"body": "thanks"}}
    ]}$$)::text, 'UTF8')]);

select
    pg_temp.rows_of(:ann) as ann_before,
    pg_temp.rows_of(:bob) as bob_before,
    pg_temp.bodies_naming('15550001') as ann_bodies_before,
    pg_temp.bodies_naming('15550002') as bob_bodies_before
\gset

select is(
    (select array_agg(key order by key) from jsonb_each(:'ann_before'::jsonb) where value = '0'::jsonb
        and key in ('webhook_conversations', 'processed_webhook_messages', 'message_state_transitions', 'webhook_dlq',
            'agent_contexts', 'agent_turns', 'agent_sessions', 'outbound_messages', 'outbound_status_events',
            'conversation_state_transitions')),
    null,
    'before: Ann has rows in every per-conversation table'
);
select ok(
    not exists (select from jsonb_each(:'ann_bodies_before'::jsonb) where value = '0'::jsonb),
    'before: raw bodies, the inbox and business events name Ann'
);

select wahook.forget_customer('100000001', '15550001') as erased \gset

select is(
    (select array_agg(key order by key) from jsonb_each(pg_temp.rows_of(:ann)) where value <> '0'::jsonb),
    null,
    'after: no table holds a row of Ann''s conversation'
);
select is(
    pg_temp.bodies_naming('15550001'),
    '{"webhook_events": 0, "webhook_inbox": 0, "business_events": 0}'::jsonb,
    'after: no raw body, inbox body or business event names Ann'
);
select is(
    (select count(*)::int from wahook_private.webhook_events where payload::text like '%Ann%'), 0,
    'after: Ann''s name and words are gone from the raw bodies'
);
select is(pg_temp.rows_of(:bob), :'bob_before'::jsonb, 'Bob''s rows are intact');
select is(
    (
        select count(*)
        from (
            select
                e.item_count,
                e.payload
            from wahook_private.webhook_events as e
            where e.payload is not null
            union all
            select
                i.item_count,
                i.payload
            from wahook_private.webhook_inbox as i
        ) as b
        where b.item_count <> wahook_private.ingest_check_body(b.payload)
    ),
    0::bigint,
    'every body kept counts the items it still carries'
);
select is(pg_temp.bodies_naming('15550002'), :'bob_bodies_before'::jsonb, 'the bodies naming Bob still do');
select is(
    (
        select jsonb_path_query_array(payload, '$.entry[*].changes[*].value.messages[*].id')
        from wahook_private.webhook_events where wahook_private.json_mentions(payload, 'wamid.bob.1')
    ),
    '["wamid.bob.1"]'::jsonb,
    'the batched body is kept with Bob''s message only'
);
select is(
    (select jsonb_path_query_array(payload, '$.entry[*].changes[*].value.messages[*].id') from wahook_private.webhook_inbox),
    '["wamid.bob.2"]'::jsonb,
    'the inbox body keeps Bob''s message, so ingesting it later cannot bring Ann back'
);
select is(
    jsonb_build_object(
        'processed_webhook_messages', (:'erased'::jsonb) -> 'processed_webhook_messages',
        'webhook_conversations', (:'erased'::jsonb) -> 'webhook_conversations',
        'webhook_events_rewritten', (:'erased'::jsonb) -> 'webhook_events_rewritten',
        'webhook_inbox_rewritten', (:'erased'::jsonb) -> 'webhook_inbox_rewritten',
        'business_events', (:'erased'::jsonb) -> 'business_events'
    ),
    '{"processed_webhook_messages": 2, "webhook_conversations": 1, "webhook_events_rewritten": 1,
      "webhook_inbox_rewritten": 1, "business_events": 1}'::jsonb,
    'it returns what it erased per table'
);
select ok(
    (select bool_and(value = '0'::jsonb) from jsonb_each(wahook.forget_customer('100000001', '15550001'))),
    'a second call finds nothing left to erase'
);
select is(
    (select count(*)::int from wahook.process_message(
        tests.text_message_body('100000001', '15550002', 'wamid.bob.1', 1780315200, 'hi, Bob here')
    ) where outcome = 'duplicate'),
    1,
    'Bob''s deduplication history is intact'
);

select * from finish();
rollback;
