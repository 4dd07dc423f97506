begin;
select plan(5);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);

select is(
    wahook.update_settings('{"lease_seconds": 180, "agent_message_types": ["text", "image"], "retry_jitter_ratio": 0.25}')
    -> 'lease_seconds',
    '180'::jsonb,
    'the new settings are returned'
);
select results_eq(
    'select lease_seconds, agent_message_types, retry_jitter_ratio, updated_at from wahook.settings',
    $$values (180, array['text', 'image'], 0.25::numeric, '2026-06-01 12:00:00+00'::timestamptz)$$,
    'the changes persist, and updated_at is the time of the change'
);
select is(
    (select retry_max_attempts from wahook.settings), 3,
    'settings not named keep their value'
);
select is(
    wahook.update_settings('{}'), (select to_jsonb(s) from wahook.settings as s),
    'no change returns the settings as they are: every setting, and no id'
);
select is(
    (select count(*)::int from wahook_private.settings), 1,
    'there is still one settings row'
);

select * from finish();
rollback;
