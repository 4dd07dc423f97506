-- The media hold of the per-conversation FIFO, the one definition: inbound media not yet fetched
-- or finally failed (pending or fetching). A conversation with a row here is not claimed for a
-- turn (claim_conversations' candidate read, claim_ready_conversations under the lock), so the
-- messages after a voice note wait for it. A view, so that each claim plans it as an anti-join: one
-- probe per candidate of a partial index that holds the media in flight only
-- (inbound_media_unsettled_idx).
create or replace view wahook_private.unsettled_media as
select
    f.conversation_id,
    f.message_id,
    f.status
from wahook_private.inbound_media as f
where f.status in ('pending', 'fetching');

comment on view wahook_private.unsettled_media is
'Inbound media still to be fetched (pending) or being fetched (fetching): the conversations they belong to wait for them before their next turn. One row per media: conversation_id, message_id, status.';
comment on column wahook_private.unsettled_media.conversation_id is 'The conversation held.';
comment on column wahook_private.unsettled_media.message_id is 'The message whose media is not settled.';
comment on column wahook_private.unsettled_media.status is 'pending or fetching.';
