begin;
select plan(4);

select function_privs_are(
    'wahook', 'claim_alert_transitions', array[]::name [], 'wahook_service', array['EXECUTE'],
    'wahook_service may claim alert transitions'
);
select function_privs_are(
    'wahook', 'claim_alert_transitions', array[]::name [], 'wahook_reader', array[]::text [],
    'wahook_reader may not'
);
select function_privs_are(
    'wahook', 'record_alert_sent', array['text', 'text', 'numeric', 'numeric'], 'wahook_service', array['EXECUTE'],
    'wahook_service may record an announcement'
);
select function_privs_are(
    'wahook', 'record_alert_sent', array['text', 'text', 'numeric', 'numeric'], 'wahook_reader', array[]::text [],
    'wahook_reader may not'
);

select * from finish();
rollback;
