-- What earlier pushes left that `create or replace` cannot replace, dropped before every other file
-- of db/functions is applied (this file sorts first), so that a database pushed at any earlier
-- version ends up with exactly the functions of this one. Each entry says why; a function whose
-- result type changed is dropped here and created again by its own file in the same push.

-- Gone: nothing calls them any more.
drop function if exists wahook_private.complete_leased_turn(bigint, bigint, text, integer, jsonb, jsonb, text);
drop function if exists wahook_private.claim_ready_conversation(bigint, text, interval, text);
drop function if exists wahook_private.extend_lease(bigint, bigint, integer);
drop function if exists wahook_private.try_lock_lease(bigint, bigint);
drop function if exists wahook_private.ingest_apply_status(bigint, bigint, text, timestamptz, jsonb);
drop function if exists wahook_private.record_turn_error(bigint, text);

-- Replaced by a longer argument list: beside the new form, the old one would make calls ambiguous
-- or stay callable.
drop function if exists wahook_private.message_reads_as(text, text);
drop function if exists wahook_private.message_reads_as(text, text, text);
drop function if exists wahook.resolve_outbound_message(bigint, text, text);

-- Result type changed (a column added, or rows of a named type): recreated by their own files.
drop function if exists wahook.claim_conversation(text, integer, text);
drop function if exists wahook.claim_conversations(text, integer, integer, integer, text);
drop function if exists wahook_private.claim_ready_conversations(bigint [], text, interval, text);
drop function if exists wahook.claim_outbound_messages(text, integer, integer);
drop function if exists wahook_private.ingest_items(jsonb []);

-- Health checks that became views (db/functions/views/private/health_*.sql).
drop function if exists wahook_private.health_agent_errors_last_hour();
drop function if exists wahook_private.health_dead_messages_last_24h();
drop function if exists wahook_private.health_dlq_pending();
drop function if exists wahook_private.health_expired_leases();
drop function if exists wahook_private.health_ingest_failed();
drop function if exists wahook_private.health_ingest_lag();
drop function if exists wahook_private.health_oldest_pending_message_seconds();
drop function if exists wahook_private.health_outbox_failures_last_hour();
drop function if exists wahook_private.health_p95_processing_ms_last_hour();
drop function if exists wahook_private.health_stuck_conversations();
