begin;
select plan(3);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00') as a_id \gset
select tests.add_message('100000001', '15550002', 'wamid.b', '2026-06-01 11:59:00+00') as b_id \gset
select tests.conversation_of('100000001', '15550001') as a_conversation \gset
select tests.conversation_of('100000001', '15550002') as b_conversation \gset

select is(
    wahook_private.transition_messages_across(
        array[:a_conversation, :b_conversation]::bigint [], array[:a_id, :b_id]::bigint [],
        'pending', 'processing', 'claimed', array[71, 72]::bigint []
    ),
    2,
    'both messages move'
);
select is(
    array(
        select m.wamid || ':' || m.status || ':' || m.lease_token
        from wahook_private.processed_webhook_messages as m where m.id in (:a_id, :b_id) order by m.wamid
    ),
    array['wamid.a:processing:71', 'wamid.b:processing:72'],
    'each takes the lease token given beside it'
);
select is(
    array(
        select t.message_id::text || ':' || t.from_state || '>' || t.to_state || ':' || t.lease_token
        from wahook_private.message_state_transitions as t where t.message_id in (:a_id, :b_id) and t.lease_token in (71, 72)
        order by t.lease_token
    ),
    array[:a_id || ':pending>processing:71', :b_id || ':pending>processing:72'],
    'each gets its audit row'
);

select * from finish();
rollback;
