-- Order of outbound message statuses: a status webhook applies only when it does not move the
-- message backwards. failed ranks just above sent: it may replace queued, sending, unknown and
-- sent, never delivered, read or played.
-- No SET clause (search_path) so the planner can inline it into the calling query: every name in
-- it is schema-qualified, and its callers pin search_path.
create or replace function wahook_private.ingest_status_rank(p_status text)
returns integer
language sql immutable parallel safe
as $$
    select case p_status
        when 'queued' then 0
        when 'sending' then 0
        when 'unknown' then 0
        when 'sent' then 10
        when 'failed' then 15
        when 'delivered' then 20
        when 'read' then 30
        when 'played' then 40
    end
$$;

comment on function wahook_private.ingest_status_rank(text) is
'Ingest helper: rank of an outbound message status (queued, sending, unknown 0; sent 10; failed 15; delivered 20; read 30; played 40); null for a status wahook does not know.';
