-- One conversation named by its key is claimed if it is ready: wahook_private.claim_ready_conversations
-- (the one home of the claim rules) for one candidate. Returns the turn's messages, or null
-- (claiming nothing) when the candidate is locked, no longer ready, held back by the turns-per-minute
-- limit (its available_at moves on), or has nothing pending (repaired to idle).
create or replace function wahook_private.claim_ready_conversation(
    p_conversation_id bigint,
    p_worker text,
    p_lease interval,
    p_correlation_id text default null
)
returns jsonb
language sql
volatile
set search_path = ''
as $$
    select c.messages
    from wahook_private.claim_ready_conversations(array[p_conversation_id], p_worker, p_lease, p_correlation_id) as c
$$;

comment on function wahook_private.claim_ready_conversation(bigint, text, interval, text) is
'Claims conversation p_conversation_id for worker p_worker if it is ready under its row lock (skip locked): an expired lease is first released (counting a failed attempt); then pending or retry_wait with available_at come, within the turns-per-minute limit, with messages pending. Takes a new fencing token and a lease of p_lease, moves its pending messages to processing, records the turn start, inserts a running agent_turns row and marks their DLQ rows retrying. Returns the messages (as claim_conversation describes them) or null when nothing was claimed (locked elsewhere, not ready, rate-limited: available_at moved on, nothing pending: repaired to idle).';

revoke all on function wahook_private.claim_ready_conversation(bigint, text, interval, text) from public;
