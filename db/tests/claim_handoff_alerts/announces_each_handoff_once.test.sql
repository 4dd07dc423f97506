begin;
select plan(5);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550951', 'wamid.al1', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1') \gset t_
select wahook.complete_turns(jsonb_build_array(jsonb_build_object(
    'conversation_id', :t_conversation_id, 'lease_token', :t_lease_token, 'reply_text', null,
    'handoff_reason', 'refund over the limit'
)));

select results_eq(
    $$select conversation_id, customer_id, reason from wahook.claim_handoff_alerts()$$,
    format('values (%s::bigint, %L::text, %L::text)', :t_conversation_id, '15550951', 'refund over the limit'),
    'the handoff is listed with its conversation and reason'
);
select wahook.record_handoff_alert_sent(conversation_id, alert_id) from wahook.claim_handoff_alerts();
select is_empty($$select * from wahook.claim_handoff_alerts()$$, 'once recorded it is not listed again');
select throws_ok(
    format('select wahook.record_handoff_alert_sent(%s, -1)', :t_conversation_id),
    'WH002', null, 'recording an unknown alert is refused'
);
select throws_ok(
    $$select * from wahook.claim_handoff_alerts(0)$$,
    'WH002', null, 'so is a limit of 0'
);
select is(
    tests.conversation_state(:t_conversation_id), 'paused',
    'a handoff without a reply text pauses all the same'
);

select * from finish();
rollback;
