begin;
select plan(1);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.b', '2026-06-01 11:59:10+00', 'second') as b_id \gset
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00', 'first') as a_id \gset
select tests.add_message('100000001', '15550001', 'wamid.c', '2026-06-01 11:59:20+00', null, 'image') as c_id \gset
select * from wahook.claim_conversation('worker-1') \gset claim_

select wahook.complete_turn(
    :claim_conversation_id, :claim_lease_token, 'reply', 7,
    jsonb_build_object(:'a_id', 11, :'b_id', 12, :'c_id', 13)
);

select results_eq(
    format(
        'select role, content, token_count, message_id from wahook_private.agent_contexts where conversation_id = %s order by id',
        :claim_conversation_id
    ),
    format(
        $$values ('user', 'first', 11, %s::bigint), ('user', 'second', 12, %s), ('user', '[image]', 13, %s),
            ('assistant', 'reply', 7, null)$$,
        :a_id, :b_id, :c_id
    ),
    'the turn''s messages in order (role user, a non-text one as [type]) then the reply, with their token counts'
);

select * from finish();
rollback;
