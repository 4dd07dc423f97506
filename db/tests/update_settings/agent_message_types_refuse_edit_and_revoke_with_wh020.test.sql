begin;
select plan(3);

select throws_ok(
    $$select wahook.update_settings('{"agent_message_types": ["text", "edit"]}')$$,
    'WH020', null,
    'an edit is applied to its original, never answered as a message of its own'
);
select throws_ok(
    $$select wahook.update_settings('{"agent_message_types": ["revoke"]}')$$,
    'WH020', null,
    'nor is a revoke'
);
select lives_ok(
    $$select wahook.update_settings('{"agent_message_types": ["text", "reaction"]}')$$,
    'other types may still be added'
);

select * from finish();
rollback;
