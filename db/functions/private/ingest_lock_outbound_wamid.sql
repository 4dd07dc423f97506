-- Serialises everything that reconciles one outbound wamid: a status webhook looking the wamid up
-- (wahook.process_message) and the sender recording it (wahook.record_outbound_sent). Without it,
-- a status could be stored unmatched by a transaction that did not yet see the wamid while the
-- sender's transaction, not yet seeing that status, found nothing to apply: the status would stay
-- unmatched for good. Takers lock in (conversation_id, wamid) order, before any outbound row.
-- The two-key form with its own class id keeps clear of the one-key advisory locks of maintenance.
-- No SET clause (search_path) so the planner can inline it into the calling query (ingest locks
-- every status wamid of a batch in one statement): every name in it is schema-qualified, and its
-- callers pin search_path.
create or replace function wahook_private.ingest_lock_outbound_wamid(p_conversation_id bigint, p_wamid text)
returns void
language sql volatile
as $$
    select pg_catalog.pg_advisory_xact_lock(
        20311,
        pg_catalog.hashtext(p_conversation_id::text || ':' || p_wamid)
    )
$$;

comment on function wahook_private.ingest_lock_outbound_wamid(bigint, text) is
'Ingest helper: takes the transaction-level advisory lock (class 20311, hashtext(conversation_id:wamid)) that serialises status webhooks and wahook.record_outbound_sent for one outbound wamid.';
