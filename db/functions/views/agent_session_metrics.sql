-- Agent turns over the last 7 days by provider and model: one row per hour (period = 'hour') and
-- one row for the whole 7 days (period = '7 days', period_start = the start of the window), so a
-- dashboard plots the hours and a table shows the totals without summing percentiles. Turns are
-- taken by finished_at (running turns are not counted yet); a turn that failed before reaching a
-- provider shows provider and model 'unknown'. Latency is agent_turns.latency_ms (the provider
-- call alone). One range scan of agent_turns_finished_at_idx bounded by the 7 days.
create or replace view wahook.agent_session_metrics as
with bounds as not materialized (
    select
        w.hours_since as since,
        w.hours_until as until
    from wahook_private.report_windows as w
),

turns as (
    select
        date_bin('1 hour', t.finished_at, timestamptz '2000-01-01 00:00:00+00') as hour_start,
        bounds.since,
        coalesce(t.provider, 'unknown') as provider,
        coalesce(t.model, 'unknown') as model,
        t.conversation_id,
        t.status,
        t.finished_at,
        t.tokens_in,
        t.tokens_out,
        t.latency_ms,
        t.error_code
    from wahook_private.agent_turns as t
    cross join bounds
    where t.status <> 'running' and t.finished_at >= bounds.since and t.finished_at < bounds.until
)

select
    case when grouping(t.hour_start) = 1 then '7 days' else 'hour' end as period,
    case when grouping(t.hour_start) = 1 then min(t.since) else t.hour_start end as period_start,
    t.provider,
    t.model,
    count(*) as turn_count,
    count(*) filter (where t.status = 'completed') as completed_count,
    count(*) filter (where t.status = 'failed') as error_count,
    count(*) filter (where t.status = 'abandoned') as abandoned_count,
    round(
        count(*) filter (where t.status = 'failed')::numeric
        / nullif(count(*) filter (where t.status in ('completed', 'failed')), 0),
        4
    ) as error_rate,
    count(distinct t.conversation_id) as conversation_count,
    coalesce(sum(t.tokens_in), 0) as tokens_in,
    coalesce(sum(t.tokens_out), 0) as tokens_out,
    round(avg(t.tokens_in), 1) as avg_tokens_in,
    round(avg(t.tokens_out), 1) as avg_tokens_out,
    round(avg(t.latency_ms), 1) as avg_latency_ms,
    round((percentile_cont(0.5) within group (order by t.latency_ms))::numeric, 1) as p50_latency_ms,
    round((percentile_cont(0.95) within group (order by t.latency_ms))::numeric, 1) as p95_latency_ms,
    round((percentile_cont(0.99) within group (order by t.latency_ms))::numeric, 1) as p99_latency_ms,
    mode() within group (order by t.error_code) filter (where t.status = 'failed') as top_error_code,
    max(t.finished_at) as last_turn_at
from turns as t
group by grouping sets ((t.hour_start, t.provider, t.model), (t.provider, t.model));

comment on view wahook.agent_session_metrics is
'Agent turns of the last 7 days by provider and model: one row per hour with turns (period = hour) and one row for the 7 days (period = 7 days). Turns, completed, failed (error_count) and abandoned, error rate, conversations, tokens in and out (total and per turn), provider latency avg/p50/p95/p99 (ms), the most frequent error code. To see why the circuit breaker opened: select * from agent_session_metrics where period = ''hour'' order by period_start desc.';
comment on column wahook.agent_session_metrics.period is 'hour: the row covers one hour; 7 days: the row covers the whole window.';
comment on column wahook.agent_session_metrics.period_start is 'Start of the hour (UTC-aligned), or of the 7-day window.';
comment on column wahook.agent_session_metrics.provider is 'The agent provider (echo, openai, ...), unknown when the turn never reached one.';
comment on column wahook.agent_session_metrics.model is 'The model, unknown when the turn never reached a provider.';
comment on column wahook.agent_session_metrics.turn_count is 'Turns that ended in the period (completed, failed or abandoned).';
comment on column wahook.agent_session_metrics.completed_count is 'Turns that completed.';
comment on column wahook.agent_session_metrics.error_count is 'Turns that failed.';
comment on column wahook.agent_session_metrics.abandoned_count is 'Turns abandoned (lease lost, or the conversation paused).';
comment on column wahook.agent_session_metrics.error_rate is 'error_count / (completed_count + error_count), null without either.';
comment on column wahook.agent_session_metrics.conversation_count is 'Conversations with a turn in the period.';
comment on column wahook.agent_session_metrics.tokens_in is 'Prompt tokens, summed.';
comment on column wahook.agent_session_metrics.tokens_out is 'Completion tokens, summed.';
comment on column wahook.agent_session_metrics.avg_tokens_in is 'Prompt tokens per turn that reported them.';
comment on column wahook.agent_session_metrics.avg_tokens_out is 'Completion tokens per turn that reported them.';
comment on column wahook.agent_session_metrics.avg_latency_ms is 'Average provider call time, ms.';
comment on column wahook.agent_session_metrics.p50_latency_ms is 'Median provider call time, ms.';
comment on column wahook.agent_session_metrics.p95_latency_ms is '95th percentile of provider call time, ms.';
comment on column wahook.agent_session_metrics.p99_latency_ms is '99th percentile of provider call time, ms.';
comment on column wahook.agent_session_metrics.top_error_code is 'The most frequent error code of the failed turns (null without failures).';
comment on column wahook.agent_session_metrics.last_turn_at is 'When the latest turn of the period ended.';
