begin;
select plan(5);

create temporary table result on commit drop as
select
    t.type,
    r.outcome
from unnest(array['reaction', 'system', 'unsupported', 'unknown', 'edit', 'revoke', 'request_welcome']) as t (type)
cross join lateral wahook.process_message(
    tests.message_body('100000001', '15550001', 'wamid.' || t.type, 1780315200, t.type)
) as r;

select is(
    (select array_agg(type order by type) from result where outcome = 'ignored'),
    array['edit', 'reaction', 'request_welcome', 'revoke', 'system', 'unknown', 'unsupported'],
    'each non-agent type is ignored'
);
select is(
    (select array_agg(distinct status) from wahook_private.processed_webhook_messages),
    array['ignored'],
    'each is stored as ignored'
);
select is(
    (select state from wahook_private.webhook_conversations),
    'idle',
    'the conversation stays idle: nothing for the agent'
);
select is(
    (select count(*)::int from wahook_private.conversation_state_transitions),
    0,
    'no state change'
);
select is(
    (select outcome from wahook.process_message(tests.message_body('100000001', '15550001', 'wamid.reaction', 1780315200, 'reaction'))),
    'duplicate',
    'an ignored wamid delivered again is a duplicate'
);

select * from finish();
rollback;
