-- The one definition of what the agent reads of an inbound message (DESIGN.md, the echo agent's
-- contract): the claim hands it to the worker, which counts its tokens and the echo agent repeats it,
-- and completing the turn stores it as the message's memory. Its inputs are gathered in one place,
-- the view wahook_private.inbound_messages_as_read, which every reader uses. p_text_body is what ingest_text_body
-- extracted (a caption, a button's text, coordinates...); p_quoted what the message replies to
-- (wahook_private.quoted_text), put first so that the agent reads the reply in its context.
-- SQL and immutable, without a SET clause, so that the planner inlines it; every name is qualified.
-- A media message (wahook_private.inbound_media) reads with the text read from its media
-- (p_media_text: a transcript, a document's text) after its caption or filename; one whose media
-- finally failed (p_media_failed) as a placeholder that says so, its caption kept.
create or replace function wahook_private.message_reads_as(
    p_type text,
    p_text_body text,
    p_quoted text default null,
    p_media_text text default null,
    p_media_failed boolean default false
)
returns text
language sql immutable parallel safe
as $$
    -- p_quoted once: the planner inlines a function only when an argument it repeats is cheap, and
    -- the quote is a call (quoted_text); not inlined, the body was planned anew in every query.
    select coalesce('[reply to "' || p_quoted || '"] ', '')
        || case
            when p_media_failed then '[' || p_type || '] ' || coalesce(p_text_body || ' ', '') || '(could not be downloaded)'
            when p_media_text is not null then '[' || p_type || '] ' || coalesce(p_text_body || ': ', '') || p_media_text
            when p_type = 'text' and p_text_body is not null then p_text_body
            when p_text_body is null then '[' || p_type || ']'
            else '[' || p_type || '] ' || p_text_body
        end
$$;

comment on function wahook_private.message_reads_as(text, text, text, text, boolean) is
'What the agent reads of an inbound message of type p_type whose extracted text (ingest_text_body) is p_text_body: a text message its body; any other message "[type]" when it carries no text, else "[type] " followed by that text; when it quotes a message (p_quoted, from wahook_private.quoted_text), preceded by [reply to "<quoted>"]. A media message whose media was read (p_media_text, from inbound_media) reads as "[type] " and that text, after its caption or filename and ": " when it has one (e.g. "[audio] <transcript>", "[document] report.pdf: <text>"); one whose media finally failed to download (p_media_failed) as "[type] " and its caption if any, then "(could not be downloaded)". Inbound messages are read through the view wahook_private.inbound_messages_as_read (the claim, turn completion, memory rebuilds and quoted_text), the business''s messages through wahook_private.outbound_reads_as. Never raises.';
