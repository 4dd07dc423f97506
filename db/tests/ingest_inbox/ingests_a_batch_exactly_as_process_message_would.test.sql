begin;
select plan(13);

-- The same bodies ingested three ways from the same start: process_message body after body, the
-- inbox (receive_webhooks, then one ingest_inbox call), and wahook_private.ingest_bodies over all
-- of them at once. Every row written and every outcome must agree. psql variables carry the
-- results across the rollbacks to the savepoint.
select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.ingest_edge_setup();
savepoint before_ingest; -- noqa: PRS

select
    pg_catalog.jsonb_agg(pg_catalog.jsonb_build_array(b.n, r.kind, r.external_id, r.conversation_id, r.outcome)
        order by b.n, r.ord) as outcomes_one_by_one,
    pg_catalog.count(*) as items_one_by_one,
    pg_catalog.count(*) filter (where r.outcome = 'accepted') as accepted_one_by_one
from tests.ingest_edge_bodies() as b
cross join lateral wahook.process_message(b.body, b.correlation_id) with ordinality as r (kind, external_id, conversation_id, outcome, ord)
\gset
select tests.ingest_snapshot() as one_by_one \gset
rollback to savepoint before_ingest; -- noqa: PRS

select is(
    (select array_agg(r.error_sqlstate) filter (where r.error_sqlstate is not null)
     from wahook.receive_webhooks(
        (select array_agg(pg_catalog.convert_to(b.body::text, 'UTF8') order by b.n) from tests.ingest_edge_bodies() as b),
        (select array_agg(b.correlation_id order by b.n) from tests.ingest_edge_bodies() as b)
     ) as r),
    null,
    'the inbox takes every body'
);
select results_eq(
    'select body_count, item_count, accepted_count, failed_count from wahook.ingest_inbox(500)',
    format('values (20, %s, %s, 0)', :items_one_by_one, :accepted_one_by_one),
    'one ingest_inbox call ingests the 20 bodies with the items and acceptances of process_message'
);
select is((select count(*)::int from wahook_private.webhook_inbox), 0, 'the inbox is empty afterwards');
select tests.ingest_snapshot() as batched \gset
rollback to savepoint before_ingest; -- noqa: PRS

select
    pg_catalog.jsonb_agg(pg_catalog.jsonb_build_array(r.body_index, r.kind, r.external_id, r.conversation_id, r.outcome)
        order by r.body_index, r.item_index) as outcomes_batched
from wahook_private.ingest_bodies(
    (select array_agg(b.body order by b.n) from tests.ingest_edge_bodies() as b),
    (select array_agg(b.correlation_id order by b.n) from tests.ingest_edge_bodies() as b),
    (select array_agg(wahook_private.clock_now()) from tests.ingest_edge_bodies() as b),
    (select array_agg(wahook_private.ingest_check_body(b.body) order by b.n) from tests.ingest_edge_bodies() as b)
) as r
\gset

select is(:'outcomes_batched'::jsonb, :'outcomes_one_by_one'::jsonb, 'a batch has the per-item outcomes of one body after another');
select is(
    (select array_agg(o.outcome || ':' || o.n order by o.outcome)
     from (
        select e ->> 4 as outcome, count(*) as n from jsonb_array_elements(:'outcomes_one_by_one'::jsonb) as e group by 1
     ) as o),
    array['accepted:8', 'applied:7', 'duplicate:5', 'ignored:3', 'stale:1', 'unmatched:1'],
    'the bodies exercise every outcome'
);

select is(:'batched'::jsonb -> 'webhook_events', :'one_by_one'::jsonb -> 'webhook_events', 'webhook_events agree');
select is(:'batched'::jsonb -> 'business_events', :'one_by_one'::jsonb -> 'business_events', 'business_events agree');
select is(:'batched'::jsonb -> 'conversations', :'one_by_one'::jsonb -> 'conversations', 'conversations agree');
select is(
    :'batched'::jsonb -> 'conversation_state_transitions', :'one_by_one'::jsonb -> 'conversation_state_transitions',
    'state transitions and their audit rows agree'
);
select is(:'batched'::jsonb -> 'messages', :'one_by_one'::jsonb -> 'messages', 'messages and their queue order agree');
select is(:'batched'::jsonb -> 'outbound_messages', :'one_by_one'::jsonb -> 'outbound_messages', 'replies agree');
select is(
    :'batched'::jsonb -> 'outbound_status_events', :'one_by_one'::jsonb -> 'outbound_status_events',
    'status events agree'
);
select is(
    (select array_agg(x.k || ':' || jsonb_array_length(:'one_by_one'::jsonb -> x.k) order by x.k)
     from unnest(array['business_events', 'conversation_state_transitions', 'messages', 'outbound_status_events']) as x (k)),
    array['business_events:2', 'conversation_state_transitions:6', 'messages:9', 'outbound_status_events:9'],
    'the compared rows are there'
);

select * from finish();
rollback;
