begin;
select plan(7);

select set_config('wahook.now', '2025-03-01 12:00:00+00', true);
select tests.outbox_conversation('15550911') as c \gset
select tests.outbox_reply(:c, 'agent answer') as agent \gset
select wahook.pause_conversation(:c, 'a person answers', 'ops@example.com');
select wahook.send_human_reply(:c, 'Hi, this is Dana.', 'dana') as human \gset

select results_eq(
    $$select outbound_id, refused_code from wahook.claim_outbound_messages('sender-a')$$,
    format('values (%s::bigint, %L::text)', :agent, 'withheld_for_human'),
    'the agent reply queued before the pause comes back withheld'
);
select is(
    (select row(status, attempt_count, withheld_at is not null, errors -> 0 ->> 'code')::text
     from wahook_private.outbound_messages where id = :agent),
    row('withheld', 0, true, 'withheld_for_human')::text,
    'it is settled as withheld with its reason, no attempt counted'
);
select results_eq(
    $$select outbound_id, refused_code, body -> 'text' ->> 'body' from wahook.claim_outbound_messages('sender-a')$$,
    format('values (%s::bigint, null::text, %L)', :human, 'Hi, this is Dana.'),
    'the person''s message behind it is sent while paused'
);

-- After a resume, a new agent reply is sent; a pause that comes after it is queued withholds it.
select wahook.record_outbound_sent(:c, :human, 'wamid.dana');
select wahook.resume_conversation(:c);
select tests.outbox_reply(:c, 'later answer') as later \gset
select results_eq(
    $$select outbound_id, refused_code from wahook.claim_outbound_messages('sender-a')$$,
    format('values (%s::bigint, null::text)', :later),
    'an agent reply queued after the resume is sent'
);
select wahook.record_outbound_sent(:c, :later, 'wamid.later');
select tests.outbox_reply(:c, 'raced answer') as raced \gset
select wahook.pause_conversation(:c, 'taken over again', 'ops@example.com');
select wahook.resume_conversation(:c);
select results_eq(
    $$select outbound_id, refused_code from wahook.claim_outbound_messages('sender-a')$$,
    format('values (%s::bigint, %L::text)', :raced, 'withheld_for_human'),
    'a reply queued, then a pause, then a resume before the sender ran: still withheld'
);
select is(
    (select status from wahook_private.outbound_messages where id = :raced), 'withheld',
    'and never sent'
);
select is_empty(
    $$select * from wahook.claim_outbound_messages('sender-a')$$,
    'nothing else is due'
);

select * from finish();
rollback;
