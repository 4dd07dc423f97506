-- One row per health check, in a fixed order. Each check reads a small partial index or a bounded
-- time window (see db/schema/0011_health_indexes.sql). Statuses come from
-- wahook_private.health_status: critical above the threshold; warn above zero where any occurrence
-- is an anomaly (stuck, expired leases, dead messages, failed replies, cron failures and late
-- jobs), above half the threshold where some volume is normal (DLQ pending, agent errors, p95,
-- oldest pending age); ingest_lag warns above its threshold and is critical above twice it.
-- docs/operations.md says what each check means and what to do about it.
-- "Stuck" is defined as in the view wahook.webhook_conversation_health (keep the two in step).
-- pg_cron is read with dynamic SQL, only where the extension exists, so this compiles without it.
create or replace function wahook.check_webhook_system_health()
returns table (check_name text, status text, value numeric, threshold numeric, details text)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
    v_settings wahook_private.settings;
    v_now timestamptz := wahook_private.clock_now();
    v_stuck_before timestamptz;
    v_hour_ago timestamptz;
    v_day_ago timestamptz;
    v_count bigint;
    v_jobs bigint;
    v_failed bigint;
    v_number numeric;
    v_at timestamptz;
    v_text text;
begin
    select * into strict v_settings from wahook_private.settings as s where s.id;
    v_stuck_before := v_now - pg_catalog.make_interval(secs => v_settings.health_stuck_after_seconds);
    v_hour_ago := v_now - interval '1 hour';
    v_day_ago := v_now - interval '24 hours';

    -- Ready but unclaimed, or leased by a worker gone for a while (webhook_conversations_ready_idx,
    -- webhook_conversations_lease_expiry_idx).
    select
        pg_catalog.count(*),
        pg_catalog.string_agg(
            pg_catalog.format('%s (%s)', k.conversation_id, k.state), ', ' order by k.since
        ) filter (where k.rank <= 5)
    into v_count, v_text
    from (
        select
            c.conversation_id,
            c.state,
            case when c.state = 'processing' then c.lease_expires_at else c.available_at end as since,
            pg_catalog.row_number() over (
                order by case when c.state = 'processing' then c.lease_expires_at else c.available_at end
            ) as rank
        from wahook_private.webhook_conversations as c
        where (c.state in ('pending', 'retry_wait') and c.available_at < v_stuck_before)
            or (c.state = 'processing' and c.lease_expires_at < v_stuck_before)
    ) as k;
    check_name := 'stuck_conversations';
    value := v_count;
    threshold := v_settings.health_max_stuck_conversations;
    status := wahook_private.health_status(value, threshold, 0);
    details := case
        when v_count = 0 then pg_catalog.format(
            'no conversation ready but unclaimed, or with its lease expired, for over %s s',
            v_settings.health_stuck_after_seconds
        )
        else pg_catalog.format(
            '%s conversation(s) ready but unclaimed, or with the lease expired, for over %s s; longest first: %s',
            v_count, v_settings.health_stuck_after_seconds, v_text
        )
    end;
    return next;

    select pg_catalog.count(*), pg_catalog.min(c.lease_expires_at)
    into v_count, v_at
    from wahook_private.webhook_conversations as c
    where c.state = 'processing' and c.lease_expires_at < v_now;
    check_name := 'expired_leases';
    value := v_count;
    threshold := v_settings.health_max_expired_leases;
    status := wahook_private.health_status(value, threshold, 0);
    details := case
        when v_count = 0 then 'no lease is past its expiry'
        else pg_catalog.format(
            '%s conversation(s) processing with an expired lease; oldest expired at %s', v_count, v_at
        )
    end;
    return next;

    -- Pending messages of conversations a human does not hold
    -- (processed_webhook_messages_pending_received_at_idx).
    select pg_catalog.min(m.received_at)
    into v_at
    from wahook_private.processed_webhook_messages as m
    inner join wahook_private.webhook_conversations as c on m.conversation_id = c.conversation_id
    where m.status = 'pending' and c.state <> 'paused';
    check_name := 'oldest_pending_message_seconds';
    value := pg_catalog.round(extract(epoch from v_now - v_at), 1);
    threshold := v_settings.health_max_oldest_pending_seconds;
    status := wahook_private.health_status(value, threshold, threshold / 2);
    details := case
        when v_at is null then 'no message is pending'
        else pg_catalog.format('the oldest pending message arrived at %s', v_at)
    end;
    return next;

    -- webhook_dlq_status_idx.
    select
        pg_catalog.count(*) filter (where q.status in ('retry_scheduled', 'retrying')),
        pg_catalog.min(q.next_attempt_at) filter (where q.status = 'retry_scheduled')
    into v_count, v_at
    from wahook_private.webhook_dlq as q
    where q.status in ('retry_scheduled', 'retrying');
    check_name := 'dlq_pending';
    value := v_count;
    threshold := v_settings.health_max_dlq_pending;
    status := wahook_private.health_status(value, threshold, threshold / 2);
    details := case
        when v_count = 0 then 'no DLQ entry waits for a retry'
        else pg_catalog.format(
            '%s DLQ entries wait for a retry (retry_scheduled or retrying); next retry due at %s',
            v_count, coalesce(v_at::text, 'none scheduled')
        )
    end;
    return next;

    select pg_catalog.count(*)
    into v_count
    from wahook_private.webhook_dlq as q
    where q.status = 'dead' and q.dead_at >= v_day_ago and q.dead_at <= v_now;
    check_name := 'dead_messages_last_24h';
    value := v_count;
    threshold := v_settings.health_max_dead_messages_per_day;
    status := wahook_private.health_status(value, threshold, 0);
    details := case
        when v_count = 0 then 'no message went dead in the last 24 hours'
        else pg_catalog.format(
            '%s message(s) went dead in the last 24 hours and stay dead until replayed with wahook.replay_dlq',
            v_count
        )
    end;
    return next;

    -- agent_turns_finished_at_idx: failed turns and the turn time of the last hour.
    select
        pg_catalog.count(*) filter (where t.status = 'failed'),
        pg_catalog.round(
            extract(epoch from pg_catalog.percentile_cont(0.95) within group (order by t.finished_at - t.started_at))
            * 1000,
            1
        )
    into v_count, v_number
    from wahook_private.agent_turns as t
    where t.status in ('completed', 'failed') and t.finished_at >= v_hour_ago and t.finished_at <= v_now;

    select pg_catalog.string_agg(pg_catalog.format('%s: %s', e.error_code, e.turns), ', ' order by e.turns desc, e.error_code)
    into v_text
    from (
        select coalesce(t.error_code, 'unknown') as error_code, pg_catalog.count(*) as turns
        from wahook_private.agent_turns as t
        where t.status = 'failed' and t.finished_at >= v_hour_ago and t.finished_at <= v_now
        group by 1
    ) as e;
    check_name := 'agent_errors_last_hour';
    value := v_count;
    threshold := v_settings.health_max_errors_per_hour;
    status := wahook_private.health_status(value, threshold, threshold / 2);
    details := case
        when v_count = 0 then 'no agent turn failed in the last hour'
        else pg_catalog.format('%s agent turn(s) failed in the last hour, by error code: %s', v_count, v_text)
    end;
    return next;

    check_name := 'p95_processing_ms_last_hour';
    value := v_number;
    threshold := v_settings.health_max_p95_processing_ms;
    status := wahook_private.health_status(value, threshold, threshold / 2);
    details := case
        when v_number is null then 'no agent turn completed or failed in the last hour'
        else '95% of the turns of the last hour took at most this long, claim to end (ms)'
    end;
    return next;

    -- outbound_messages_failures_idx.
    select
        pg_catalog.count(*),
        pg_catalog.count(*) filter (where o.status = 'failed')
    into v_count, v_failed
    from wahook_private.outbound_messages as o
    where o.status in ('failed', 'unknown') and o.updated_at >= v_hour_ago and o.updated_at <= v_now;
    check_name := 'outbox_failures_last_hour';
    value := v_count;
    threshold := v_settings.health_max_outbox_failures_per_hour;
    status := wahook_private.health_status(value, threshold, 0);
    details := case
        when v_count = 0 then 'no reply failed or went unknown in the last hour'
        else pg_catalog.format(
            '%s reply(ies) in the last hour: %s failed, %s unknown (the send may or may not have happened)',
            v_count, v_failed, v_count - v_failed
        )
    end;
    return next;

    -- Acknowledged bodies not yet ingested: the oldest waiting one, first in webhook_inbox_waiting_idx.
    select w.received_at
    into v_at
    from wahook_private.webhook_inbox as w
    where w.failed_at is null
    order by w.id
    limit 1;
    check_name := 'ingest_lag';
    value := coalesce(greatest(pg_catalog.round(extract(epoch from v_now - v_at), 1), 0), 0);
    threshold := v_settings.health_max_inbox_lag_seconds;
    status := wahook_private.health_status(value, threshold * 2, threshold);
    details := case
        when v_at is null then 'no acknowledged webhook body waits to be ingested'
        else pg_catalog.format(
            'the oldest acknowledged webhook body waiting to be ingested was received at %s', v_at
        )
    end;
    return next;

    -- Bodies kept aside by ingest_inbox; the inbox holds only what waits or failed, so it is small.
    select pg_catalog.count(*), pg_catalog.min(w.failed_at), pg_catalog.min(w.id)
    into v_count, v_at, v_failed
    from wahook_private.webhook_inbox as w
    where w.failed_at is not null;
    check_name := 'ingest_failed';
    value := v_count;
    threshold := 0;
    status := wahook_private.health_status(value, threshold, 0);
    details := case
        when v_count = 0 then 'no acknowledged webhook body failed to be ingested'
        else pg_catalog.format(
            '%s acknowledged webhook body(ies) failed to be ingested and are kept in the inbox (first id %s, '
            || 'failed at %s): see last_error, then wahook.retry_inbox_failures()',
            v_count, v_failed, v_at
        )
    end;
    return next;

    if not exists (select from pg_catalog.pg_extension as x where x.extname = 'pg_cron') then
        check_name := 'cron_job_failures_last_hour';
        value := null;
        threshold := v_settings.health_max_cron_failures_per_hour;
        status := 'ok';
        details := 'pg_cron absent';
        return next;
        check_name := 'cron_jobs_late';
        value := null;
        threshold := 0;
        status := 'ok';
        details := 'pg_cron absent';
        return next;
        return;
    end if;

    check_name := 'cron_job_failures_last_hour';
    threshold := v_settings.health_max_cron_failures_per_hour;
    begin
        execute $sql$
            select
                coalesce(pg_catalog.sum(f.failures), 0),
                pg_catalog.string_agg(
                    pg_catalog.format('%s: %s (last: %s)', f.jobname, f.failures, f.last_message),
                    '; ' order by f.jobname
                )
            from (
                select
                    j.jobname,
                    pg_catalog.count(*) as failures,
                    pg_catalog.left(
                        (pg_catalog.array_agg(d.return_message order by d.start_time desc))[1], 200
                    ) as last_message
                from cron.job_run_details as d
                inner join cron.job as j on d.jobid = j.jobid
                where j.jobname like 'wahook-%'
                    and d.status = 'failed'
                    and d.start_time >= $1 and d.start_time <= $2
                group by j.jobname
            ) as f
        $sql$
        into v_number, v_text
        using v_hour_ago, v_now;
        value := v_number;
        status := wahook_private.health_status(value, threshold, 0);
        details := coalesce(
            'failed runs of wahook-* jobs in the last hour: ' || v_text,
            'no run of a wahook-* job failed in the last hour'
        );
    exception
        when insufficient_privilege or undefined_table or undefined_column then
            value := null;
            status := 'warn';
            details := 'cannot read the pg_cron run history: ' || sqlerrm;
    end;
    return next;

    -- A job is late when it is inactive, or its latest run started longer ago than its period
    -- (wahook_private.health_cron_period) plus health_max_cron_lag_seconds. A job with no run
    -- recorded is late once the recorded history of the wahook-* jobs is older than that: the
    -- scheduler has been running long enough for it to have run.
    check_name := 'cron_jobs_late';
    threshold := 0;
    begin
        execute $sql$
            with jobs as (
                select
                    j.jobname,
                    j.active,
                    wahook_private.health_cron_period(j.schedule) as period,
                    (
                        select pg_catalog.max(d.start_time) from cron.job_run_details as d
                        where d.jobid = j.jobid and d.start_time <= $1
                    ) as last_start
                from cron.job as j
                where j.jobname like 'wahook-%'
            ),

            history as (
                select pg_catalog.min(d.start_time) as since
                from cron.job_run_details as d
                inner join cron.job as j on d.jobid = j.jobid
                where j.jobname like 'wahook-%' and d.start_time <= $1
            ),

            judged as (
                select
                    jobs.jobname,
                    jobs.active,
                    jobs.last_start,
                    (
                        not jobs.active
                        or coalesce(coalesce(jobs.last_start, history.since) < $1 - jobs.period - $2, false)
                    ) as late
                from jobs
                cross join history
            )

            select
                pg_catalog.count(*),
                pg_catalog.count(*) filter (where judged.late),
                pg_catalog.string_agg(
                    pg_catalog.format(
                        '%s (%s)', judged.jobname,
                        case
                            when not judged.active then 'inactive'
                            when judged.last_start is null then 'never ran'
                            else 'last started ' || judged.last_start::text
                        end
                    ),
                    '; ' order by judged.jobname
                ) filter (where judged.late)
            from judged
        $sql$
        into v_jobs, v_count, v_text
        using v_now, pg_catalog.make_interval(secs => v_settings.health_max_cron_lag_seconds);
        value := v_count;
        if v_jobs = 0 then
            status := 'warn';
            details := 'pg_cron is installed but no wahook-* job is scheduled: run wahook_private.schedule_maintenance() '
                || '(it runs on every wahook db push), or maintenance does not run';
        else
            status := wahook_private.health_status(value, threshold, 0);
            details := coalesce(
                'late or inactive wahook-* jobs: ' || v_text,
                pg_catalog.format('%s wahook-* job(s) scheduled, none late', v_jobs)
            );
        end if;
    exception
        when insufficient_privilege or undefined_table or undefined_column then
            value := null;
            status := 'warn';
            details := 'cannot read the pg_cron jobs: ' || sqlerrm;
    end;
    return next;
end
$$;

revoke all on function wahook.check_webhook_system_health() from public;
grant execute on function wahook.check_webhook_system_health() to wahook_service, wahook_reader;

comment on function wahook.check_webhook_system_health() is
'System health, one row per check (check_name, status ok|warn|critical, value, threshold, details), in this order: stuck_conversations (ready but unclaimed, or lease expired, for over settings.health_stuck_after_seconds), expired_leases, oldest_pending_message_seconds, dlq_pending (entries waiting for a retry), dead_messages_last_24h, agent_errors_last_hour (failed turns), p95_processing_ms_last_hour (turn time, claim to end), outbox_failures_last_hour (replies failed or unknown), ingest_lag (seconds since the oldest acknowledged body still waiting in the inbox was received; warn above settings.health_max_inbox_lag_seconds, critical above twice it), ingest_failed (inbox bodies kept aside because their ingestion failed; critical above 0), cron_job_failures_last_hour and cron_jobs_late (wahook-* pg_cron jobs; ok with details pg_cron absent without the extension). critical: value above threshold (the health_max_* settings); warn: above half the threshold for dlq_pending, agent_errors_last_hour, p95_processing_ms_last_hour and oldest_pending_message_seconds, above zero for the others. docs/operations.md says what to do about each. Raises nothing of its own.';
