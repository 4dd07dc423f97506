-- The media hold of the per-conversation FIFO: a conversation whose media is not settled (pending
-- or fetching) is not claimed for a turn, so the messages after a voice note wait for it. SQL
-- without a SET clause, so that the claims inline it: one probe of a partial index that holds the
-- media in flight only.
create or replace function wahook_private.media_holds_conversation(p_conversation_id bigint)
returns boolean
language sql
stable
parallel safe
as $$
    select exists (
        select from wahook_private.inbound_media as f
        where f.conversation_id = p_conversation_id and f.status in ('pending', 'fetching')
    )
$$;

comment on function wahook_private.media_holds_conversation(bigint) is
'True when conversation p_conversation_id has inbound media not yet fetched or finally failed (pending or fetching): its turn waits (claim_conversations, claim_ready_conversations). Never raises.';

revoke all on function wahook_private.media_holds_conversation(bigint) from public;
