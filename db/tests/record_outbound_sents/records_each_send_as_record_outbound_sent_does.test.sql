begin;
select plan(3);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.ingest_reply('100000001', '15550001', 'sending') as first_id \gset
select tests.ingest_reply('100000001', '15550002', 'sending') as second_id \gset

select results_eq(
    format(
        'select outbound_id, status, error_sqlstate from wahook.record_outbound_sents(%L) order by 1',
        jsonb_build_array(
            jsonb_build_object('conversation_id', wahook_private.conversation_key('100000001', '15550002'), 'outbound_id', :second_id, 'wamid', 'wamid.s2'),
            jsonb_build_object('conversation_id', wahook_private.conversation_key('100000001', '15550001'), 'outbound_id', :first_id, 'wamid', 'wamid.s1')
        )
    ),
    format(
        'select * from (values (%s::bigint, %L, null::text), (%s, %L, null)) as v order by 1',
        :first_id, 'sent', :second_id, 'sent'
    ),
    'each reply is sent'
);
select results_eq(
    format('select status, wamid, sent_at, sender from tests.reply_row(%L, %L, %s)', '100000001', '15550001', :first_id),
    $$values ('sent', 'wamid.s1', '2026-06-01 12:00:00+00'::timestamptz, null::text)$$,
    'with its wamid and sent_at; the sender lets go of it'
);
select is(
    (
        select status from wahook.record_outbound_sents(jsonb_build_array(
            jsonb_build_object('conversation_id', wahook_private.conversation_key('100000001', '15550001'), 'outbound_id', :first_id, 'wamid', 'wamid.s1')
        ))
    ),
    'sent',
    'idempotent for the same wamid'
);

select * from finish();
rollback;
