begin;
select plan(7);

select set_config('wahook.now', '2025-03-01 12:00:00+00', true);
select tests.outbox_conversation('15550921') as c \gset
select tests.outbox_reply(:c, 'agent first') as agent \gset
select wahook.send_human_reply(:c, '  Dana here, I can help.  ', 'dana@example.com') as human \gset

select is(
    (select row(status, author, lease_token, recipient, body -> 'text' ->> 'body')::text
     from wahook_private.outbound_messages where id = :human),
    row('queued', 'dana@example.com', null::bigint, '15550921', 'Dana here, I can help.')::text,
    'the message is queued to the customer, trimmed, with its author and no turn'
);
select results_eq(
    $$select outbound_id from wahook.claim_outbound_messages('sender-a')$$,
    format('values (%s::bigint)', :agent),
    'the agent reply queued before it leaves first'
);
select is_empty(
    $$select * from wahook.claim_outbound_messages('sender-b')$$,
    'the person''s message waits behind it'
);
select is(
    (select row(role, content, outbound_id)::text from wahook_private.agent_contexts where conversation_id = :c),
    row('assistant', 'Dana here, I can help.', :human)::text,
    'it joins the memory as what the business said'
);
select throws_ok(
    format('select wahook.send_human_reply(%s, %L, %L)', :c, '   ', 'dana'),
    'WH002', null, 'an empty text is refused'
);
select throws_ok(
    format('select wahook.send_human_reply(%s, %L, %L)', :c, 'hi', ''),
    'WH002', null, 'so is an empty author'
);
select throws_ok(
    format('select wahook.send_human_reply(%s, %L, %L)', 42, 'hi', 'dana'),
    'WH011', null, 'and an unknown conversation'
);

select * from finish();
rollback;
