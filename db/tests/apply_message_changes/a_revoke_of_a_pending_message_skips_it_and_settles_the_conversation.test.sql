begin;
select plan(8);

-- One conversation's only pending message is deleted; another's first of two.
select tests.ingest(tests.text_message_body('100000001', '15550111', 'wamid.r.1', 1780315200, 'my card is 4111'));
select tests.conversation_of('100000001', '15550111') as alone \gset
select tests.ingest(tests.text_message_body('100000001', '15550112', 'wamid.r.2', 1780315200, 'oops'));
select tests.ingest(tests.text_message_body('100000001', '15550112', 'wamid.r.3', 1780315205, 'what time do you open?'));
select tests.conversation_of('100000001', '15550112') as pair \gset

select is(
    tests.ingest(tests.revoke_body('100000001', '15550111', 'wamid.r.revoke1', 1780315230, 'wamid.r.1')),
    'ignored',
    'the revoke is stored, not for the agent'
);
select is(
    (select row(m.status, m.text_body, m.revoked_at)::text from wahook_private.processed_webhook_messages as m
     where m.conversation_id = :alone and m.wamid = 'wamid.r.1'),
    row('skipped', null::text, to_timestamp(1780315230))::text,
    'the deleted message is skipped, its text gone, the revoke time kept'
);
select is(
    (select t.reason from wahook_private.message_state_transitions as t
     inner join wahook_private.processed_webhook_messages as m on t.conversation_id = m.conversation_id and t.message_id = m.id
     where m.conversation_id = :alone and m.wamid = 'wamid.r.1' and t.to_state = 'skipped'),
    'revoked by the customer',
    'the skip is audited with its reason'
);
select is(tests.conversation_state(:alone), 'idle', 'a conversation left with nothing pending settles to idle');
select is(
    (select t.from_state || '->' || t.to_state || ': ' || t.reason from wahook_private.conversation_state_transitions as t
     where t.conversation_id = :alone order by t.id desc limit 1),
    'pending->idle: revoked by the customer',
    'and says why'
);

select tests.ingest(tests.revoke_body('100000001', '15550112', 'wamid.r.revoke2', 1780315230, 'wamid.r.2'));
select is(tests.conversation_state(:pair), 'pending', 'a conversation with another message pending still waits');
select * from wahook.claim_conversation('worker-1') \gset claim_
select is(
    (select array_agg(x.m ->> 'wamid') from jsonb_array_elements(:'claim_messages'::jsonb) as x (m)),
    array['wamid.r.3'],
    'its turn takes only the message that was not deleted'
);
select is(
    (select count(*)::integer from wahook.claim_conversation('worker-2') as c where c.conversation_id is not null),
    0,
    'and nothing else is claimed: no deleted message is answered'
);

select * from finish();
rollback;
