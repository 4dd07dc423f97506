-- The test clock (session setting wahook.now) is honoured only where the schema owner turned it on.
-- Any login allowed to call the API can set a custom setting, so without this flag a service login
-- could move the engine's clock: purge_expired would forget the deduplication history (a redelivered
-- message answered twice) and live leases would look expired. wahook.update_settings refuses this
-- column, so only the owner (UPDATE on the table) changes it: db/tests/setup.sql and the pytest
-- template turn it on in test databases; production leaves it off.
alter table wahook_private.settings
add column test_clock_enabled boolean not null default false;

comment on column wahook_private.settings.test_clock_enabled is
'Test databases only: when true, the session setting wahook.now replaces now() as the engine''s clock (wahook_private.clock_now). Read-only through wahook.update_settings; only the schema owner changes it. False in production, where wahook.now is ignored.';
