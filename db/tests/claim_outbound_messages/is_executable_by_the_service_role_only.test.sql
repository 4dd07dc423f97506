begin;
select plan(3);

select function_privs_are(
    'wahook', 'claim_outbound_messages', array['text', 'integer', 'integer'], 'wahook_service', array['EXECUTE'],
    'the service role may claim replies'
);
select function_privs_are(
    'wahook', 'claim_outbound_messages', array['text', 'integer', 'integer'], 'wahook_reader', array[]::text [],
    'the reader may not'
);
select function_privs_are(
    'wahook', 'claim_outbound_messages', array['text', 'integer', 'integer'], 'public', array[]::text [],
    'nor may public'
);

select * from finish();
rollback;
