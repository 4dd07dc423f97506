-- Retention, as the settings say. What goes when:
-- * raw_event_retention_days: raw webhook bodies (webhook_events) and the business events they
--   carried. Rows that point at a deleted event keep their data (their event_id becomes null).
-- * payload_retention_days: payloads are cleared, rows kept: processed_webhook_messages.payload,
--   webhook_events.payload, business_events.payload, outbound_status_events.payload, and the body of
--   replies that are settled: anything but queued, sending and unknown (sent, delivered, read,
--   played, failed, withheld), the complement of outbound_messages_unsettled_idx. outbound_messages.body is
--   NOT NULL, so it becomes '{}' (an empty object says "cleared" without loosening the column);
--   queued, sending and unknown replies keep their body because they may still be sent.
--   text_body stays: it is the conversation memory the agent reads (agent_contexts until its own
--   retention, below).
-- * dedupe_retention_days (never fewer than 7: Meta retries for a week): inbound messages in a
--   final state (completed, ignored, skipped) whose last change is older; their audit rows and
--   resolved DLQ entries go with them (on delete cascade). pending, processing and dead messages
--   stay whatever their age. Status events (the once-per-(wamid, status) record), conversation
--   audit rows and finished agent turns older than that go too: audit lives as long as the
--   idempotency records it explains.
-- * Personal data, each in batches of at most purge_batch_size rows per call (a count equal to it
--   means more remain for the next call), found by a plain read and deleted by key with the
--   conditions checked again on the locked row (no locking read across conversations: Citus):
--   - agent_context_retention_days: agent_contexts rows (the agent's memory) older than that.
--   - outbox_retention_days: settled replies (as above) whose last
--     change is older; their status events are already gone with the dedupe retention or follow
--     them as unmatched statuses do.
--   - conversation_retention_days: idle conversations whose last change is older, deleted with all
--     their rows (on delete cascade). Kept while work is in flight or could still be deduplicated:
--     any state but idle (a paused one is a human's), a message not final (pending, processing,
--     dead: dead ones wait for an operator) or final but younger than the dedupe cutoff (deleting it
--     would answer a redelivery twice), a DLQ entry not settled, a reply queued, sending, unknown or
--     younger than outbox_retention_days. Ingest touches the conversation row (state, updated_at)
--     under its lock, so the re-check on that row keeps a conversation that just got a message.
-- * cron_history_retention_days: pg_cron run history of the wahook-* jobs only (other jobs of a
--   shared database are not ours to purge), and only where pg_cron is installed (dynamic SQL, so
--   this compiles without it).
-- * media_retention_days: the bytes of fetched media (wahook_private.purge_expired_media, in
--   batches like personal data); their facts and the text read from them stay with the message.
-- The result is one jsonb object of counts, media_contents_deleted among them.
create or replace function wahook.purge_expired()
returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
    v_settings wahook_private.settings;
    v_now timestamptz := wahook_private.clock_now();
    v_raw_cutoff timestamptz;
    v_payload_cutoff timestamptz;
    v_dedupe_cutoff timestamptz;
    v_raw_events integer;
    v_business_events integer;
    v_messages integer;
    v_status_events integer;
    v_conversation_transitions integer;
    v_agent_turns integer;
    v_message_payloads integer;
    v_event_payloads integer;
    v_business_event_payloads integer;
    v_status_event_payloads integer;
    v_reply_bodies integer;
    v_cron_runs integer;
    v_context_cutoff timestamptz;
    v_outbox_cutoff timestamptz;
    v_conversation_cutoff timestamptz;
    v_contexts integer;
    v_replies integer;
    v_conversations integer;
begin
    select * into strict v_settings from wahook_private.settings;
    v_raw_cutoff := v_now - pg_catalog.make_interval(days => v_settings.raw_event_retention_days);
    v_payload_cutoff := v_now - pg_catalog.make_interval(days => v_settings.payload_retention_days);
    v_dedupe_cutoff := v_now - pg_catalog.make_interval(
        days => greatest(v_settings.dedupe_retention_days, 7)
    );
    v_context_cutoff := v_now - pg_catalog.make_interval(days => v_settings.agent_context_retention_days);
    v_outbox_cutoff := v_now - pg_catalog.make_interval(days => v_settings.outbox_retention_days);
    v_conversation_cutoff := v_now - pg_catalog.make_interval(days => v_settings.conversation_retention_days);

    delete from wahook_private.webhook_events as e
    where e.received_at < v_raw_cutoff;
    get diagnostics v_raw_events = row_count;

    delete from wahook_private.business_events as b
    where b.received_at < v_raw_cutoff;
    get diagnostics v_business_events = row_count;

    delete from wahook_private.processed_webhook_messages as m
    where m.status in ('completed', 'ignored', 'skipped')
        and m.received_at < v_dedupe_cutoff
        and coalesce(m.completed_at, m.received_at) < v_dedupe_cutoff;
    get diagnostics v_messages = row_count;

    delete from wahook_private.outbound_status_events as s
    where s.received_at < v_dedupe_cutoff;
    get diagnostics v_status_events = row_count;

    delete from wahook_private.conversation_state_transitions as t
    where t.created_at < v_dedupe_cutoff;
    get diagnostics v_conversation_transitions = row_count;

    delete from wahook_private.agent_turns as t
    where t.status <> 'running' and t.finished_at < v_dedupe_cutoff;
    get diagnostics v_agent_turns = row_count;

    update wahook_private.processed_webhook_messages as m
    set payload = null
    where m.received_at < v_payload_cutoff and m.payload is not null;
    get diagnostics v_message_payloads = row_count;

    update wahook_private.webhook_events as e
    set payload = null
    where e.received_at < v_payload_cutoff and e.payload is not null;
    get diagnostics v_event_payloads = row_count;

    update wahook_private.business_events as b
    set payload = null
    where b.received_at < v_payload_cutoff and b.payload is not null;
    get diagnostics v_business_event_payloads = row_count;

    update wahook_private.outbound_status_events as s
    set payload = null
    where s.received_at < v_payload_cutoff and s.payload is not null;
    get diagnostics v_status_event_payloads = row_count;

    update wahook_private.outbound_messages as o
    set body = '{}'::jsonb
    where o.created_at < v_payload_cutoff
        and o.status not in ('queued', 'sending', 'unknown')
        and o.body <> '{}'::jsonb;
    get diagnostics v_reply_bodies = row_count;

    delete from wahook_private.agent_contexts as x
    using (
        select a.conversation_id, a.id
        from wahook_private.agent_contexts as a
        where a.created_at < v_context_cutoff
        limit v_settings.purge_batch_size
    ) as d
    where x.conversation_id = d.conversation_id and x.id = d.id;
    get diagnostics v_contexts = row_count;

    delete from wahook_private.outbound_messages as o
    using (
        select r.conversation_id, r.id
        from wahook_private.outbound_messages as r
        where r.status not in ('queued', 'sending', 'unknown')
            and r.updated_at < v_outbox_cutoff
        limit v_settings.purge_batch_size
    ) as d
    where o.conversation_id = d.conversation_id and o.id = d.id
        and o.status not in ('queued', 'sending', 'unknown')
        and o.updated_at < v_outbox_cutoff;
    get diagnostics v_replies = row_count;

    delete from wahook_private.webhook_conversations as c
    using (
        select k.conversation_id
        from wahook_private.webhook_conversations as k
        where k.state = 'idle'
            and greatest(k.updated_at, k.state_changed_at) < v_conversation_cutoff
            and not exists (
                select from wahook_private.processed_webhook_messages as m
                where m.conversation_id = k.conversation_id
                    and (
                        m.status not in ('completed', 'ignored', 'skipped')
                        or m.received_at >= v_dedupe_cutoff
                        or m.completed_at >= v_dedupe_cutoff
                    )
            )
            and not exists (
                select from wahook_private.webhook_dlq as q
                where q.conversation_id = k.conversation_id and q.status in ('retry_scheduled', 'retrying', 'dead')
            )
            and not exists (
                select from wahook_private.outbound_messages as o
                where o.conversation_id = k.conversation_id
                    and (o.status in ('queued', 'sending', 'unknown') or o.updated_at >= v_outbox_cutoff)
            )
        limit v_settings.purge_batch_size
    ) as d
    where c.conversation_id = d.conversation_id
        and c.state = 'idle'
        and greatest(c.updated_at, c.state_changed_at) < v_conversation_cutoff;
    get diagnostics v_conversations = row_count;

    if exists (select from pg_catalog.pg_extension where extname = 'pg_cron') then
        execute $sql$
            delete from cron.job_run_details as d
            where d.end_time < $1
                and d.jobid in (select j.jobid from cron.job as j where j.jobname like 'wahook-%')
        $sql$
        using v_now - pg_catalog.make_interval(days => v_settings.cron_history_retention_days);
        get diagnostics v_cron_runs = row_count;
    end if;

    return wahook_private.purge_expired_media(v_now) || pg_catalog.jsonb_build_object(
        'raw_events_deleted', v_raw_events,
        'business_events_deleted', v_business_events,
        'messages_deleted', v_messages,
        'status_events_deleted', v_status_events,
        'conversation_transitions_deleted', v_conversation_transitions,
        'agent_turns_deleted', v_agent_turns,
        'message_payloads_cleared', v_message_payloads,
        'event_payloads_cleared', v_event_payloads,
        'business_event_payloads_cleared', v_business_event_payloads,
        'status_event_payloads_cleared', v_status_event_payloads,
        'reply_bodies_cleared', v_reply_bodies,
        'cron_runs_deleted', v_cron_runs,
        'agent_contexts_deleted', v_contexts,
        'replies_deleted', v_replies,
        'conversations_deleted', v_conversations
    );
end
$$;

comment on function wahook.purge_expired() is
'Applies the retention settings. raw_event_retention_days: deletes raw webhook bodies and business events. payload_retention_days: clears the payload of inbound messages, raw events, business events and status events, and the body (to {}) of settled replies (any status but queued, sending and unknown: withheld ones too). dedupe_retention_days: deletes inbound messages in a final state (completed, ignored, skipped) with their audit rows, status events, conversation audit rows and finished agent turns; pending, processing and dead messages are kept. cron_history_retention_days: deletes the pg_cron run history of the wahook-* jobs, where pg_cron is installed. media_retention_days: deletes the bytes of fetched media (their facts and text stay), at most purge_batch_size per call. Personal data, at most purge_batch_size rows each per call (a count equal to it: call again): agent_context_retention_days deletes agent memory (agent_contexts); outbox_retention_days deletes settled replies; conversation_retention_days deletes idle conversations with all their rows once nothing of theirs is in flight (no message that is not final or younger than the dedupe cutoff, no unsettled DLQ entry, no reply queued, sending, unknown or younger than the outbox retention; paused conversations stay). Returns a jsonb object of counts (cron_runs_deleted is null without pg_cron). Raises nothing of its own.';
