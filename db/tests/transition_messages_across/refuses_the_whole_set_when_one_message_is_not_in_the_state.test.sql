begin;
select plan(3);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00') as a_id \gset
select tests.add_message('100000001', '15550002', 'wamid.b', '2026-06-01 11:59:00+00') as b_id \gset
select tests.conversation_of('100000001', '15550001') as a_conversation \gset
select tests.conversation_of('100000001', '15550002') as b_conversation \gset

select throws_ok(
    format(
        $$select wahook_private.transition_messages_across(array[%s, %s]::bigint [], array[%s, %s]::bigint [],
            'processing', 'completed', 'turn completed')$$,
        :a_conversation, :b_conversation, :a_id, :b_id
    ),
    'WH012', null,
    'messages that are not processing cannot be completed'
);
-- A message named under another conversation's key is not that conversation's.
select throws_ok(
    format(
        $$select wahook_private.transition_messages_across(array[%s, %s]::bigint [], array[%s, %s]::bigint [],
            'pending', 'processing', 'claimed', array[1, 2]::bigint [])$$,
        :a_conversation, :a_conversation, :a_id, :b_id
    ),
    'WH012', null,
    'a message is found only under its own conversation'
);
select throws_ok(
    format(
        $$select wahook_private.transition_messages_across(array[%s]::bigint [], array[%s]::bigint [],
            'pending', 'completed', 'skip')$$,
        :a_conversation, :a_id
    ),
    'WH012', null,
    'a transition the rules do not allow is refused'
);

select * from finish();
rollback;
