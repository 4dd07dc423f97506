begin;
select plan(6);

select set_config('wahook.now', '2025-03-01 12:00:00+00', true);
-- add_message gives each message the correlation id 'fixture-' || wamid.
select tests.add_message('100000001', '15550901', 'wamid.cid.2', '2025-03-01 11:59:02+00');
select tests.add_message('100000001', '15550901', 'wamid.cid.1', '2025-03-01 11:59:01+00');
select tests.add_message('100000001', '15550902', 'wamid.cid.3', '2025-03-01 11:59:03+00');
update wahook_private.processed_webhook_messages set correlation_id = null where wamid = 'wamid.cid.3';

create temporary table claimed on commit drop as
select * from wahook.claim_conversations('worker-1', 10, null, null, 'from-the-caller');

select is(
    (select t.correlation_id from wahook_private.agent_turns as t
        where t.conversation_id = tests.conversation_of('100000001', '15550901')),
    'fixture-wamid.cid.2',
    'the turn records the correlation id of its newest message (WhatsApp timestamp order), not the caller''s'
);
select is(
    (select a.correlation_id from wahook_private.conversation_state_transitions as a
        where a.conversation_id = tests.conversation_of('100000001', '15550901') and a.to_state = 'processing'),
    'fixture-wamid.cid.2',
    'and so does the audit row of the claim'
);
select is(
    (select t.correlation_id from wahook_private.agent_turns as t
        where t.conversation_id = tests.conversation_of('100000001', '15550902')),
    'from-the-caller',
    'a turn whose messages carry none falls back to the caller''s'
);

select set_eq(
    'select conversation_id, correlation_id from claimed'::text,
    format(
        $$values (%s::bigint, 'fixture-wamid.cid.2'), (%s, 'from-the-caller')$$,
        tests.conversation_of('100000001', '15550901'), tests.conversation_of('100000001', '15550902')
    ),
    'claim_conversations returns each turn''s correlation id as it recorded it'
);

select tests.add_message('100000001', '15550903', 'wamid.cid.4', '2025-03-01 11:59:04+00');
select correlation_id as single_correlation_id from wahook.claim_conversation('worker-2') \gset
select is(:'single_correlation_id'::text, 'fixture-wamid.cid.4', 'so does claim_conversation');
select is(
    (select t.correlation_id from wahook_private.agent_turns as t
        where t.conversation_id = tests.conversation_of('100000001', '15550903')),
    'fixture-wamid.cid.4',
    'claim_conversation records it without being passed one'
);

select * from finish();
rollback;
