-- Who may call and read what, decided once for every routine and view. Applied after
-- db/functions on every push, inside the push's transaction, so nothing a push creates is ever
-- visible without these privileges. db/tests/security checks the outcome object by object.

-- Nothing is PUBLIC's: Postgres grants EXECUTE on a new function to PUBLIC, and no default
-- privilege per schema can take that back.
revoke all on all functions in schema wahook, wahook_private from public;
revoke all on all tables in schema wahook, wahook_private from public;

-- wahook is the interface: the sidecar calls all of it and reads its views.
grant execute on all functions in schema wahook to wahook_service;
grant select on all tables in schema wahook to wahook_service, wahook_reader;

-- BI tools and dashboards read the views and run the two health functions, and change nothing.
grant execute on function
    wahook.check_webhook_system_health,
    wahook.get_webhook_performance_stats
to wahook_reader;
