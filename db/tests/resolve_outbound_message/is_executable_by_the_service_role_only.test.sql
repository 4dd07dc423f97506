begin;
select plan(3);

select function_privs_are(
    'wahook', 'resolve_outbound_message', array['bigint', 'bigint', 'text', 'text'], 'wahook_service', array['EXECUTE'],
    'the service role may resolve replies'
);
select function_privs_are(
    'wahook', 'resolve_outbound_message', array['bigint', 'bigint', 'text', 'text'], 'wahook_reader', array[]::text [],
    'the reader may not'
);
select function_privs_are(
    'wahook', 'resolve_outbound_message', array['bigint', 'bigint', 'text', 'text'], 'public', array[]::text [],
    'nor may public'
);

select * from finish();
rollback;
