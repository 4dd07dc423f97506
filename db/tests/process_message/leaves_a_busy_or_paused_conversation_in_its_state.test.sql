begin;
select plan(3);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);

-- Four conversations brought to pending, processing, retry_wait and paused.
select r.*
from unnest(array['pending', 'processing', 'retry_wait', 'paused']) as c
cross join lateral wahook.process_message(tests.text_message_body('100000001', c, 'wamid.first.' || c, 1780315100, 'one')) as r;
select wahook_private.transition_conversation(wahook_private.conversation_key('100000001', c), 'pending', 'processing', 'test', 'w', 1)
from unnest(array['processing', 'retry_wait']) as c;
select wahook_private.transition_conversation(wahook_private.conversation_key('100000001', 'retry_wait'), 'processing', 'retry_wait', 'test');
select wahook_private.transition_conversation(wahook_private.conversation_key('100000001', 'paused'), 'pending', 'paused', 'test');
update wahook_private.webhook_conversations set available_at = '2026-06-01 13:00:00+00'
where conversation_id = wahook_private.conversation_key('100000001', 'pending');

select is(
    (select array_agg(r.outcome order by c)
     from unnest(array['pending', 'processing', 'retry_wait', 'paused']) as c
     cross join lateral wahook.process_message(tests.text_message_body('100000001', c, 'wamid.second.' || c, 1780315200, 'two')) as r),
    array['accepted', 'accepted', 'accepted', 'accepted'],
    'the new messages are accepted'
);
select is(
    (select array_agg(state = customer_id order by customer_id) from wahook_private.webhook_conversations),
    array[true, true, true, true],
    'each conversation keeps its state: the message waits for the next turn'
);
select is(
    (select available_at from wahook_private.webhook_conversations where customer_id = 'pending'),
    '2026-06-01 13:00:00+00'::timestamptz,
    'a pending conversation keeps its available_at'
);

select * from finish();
rollback;
