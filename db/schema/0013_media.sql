-- Media of inbound messages (image, sticker, document, audio, video), fetched from the Graph API
-- as a step of its own: one row per media message, recorded at ingest when media_fetch_enabled is
-- on, claimed with a lease by the sidecar's media loop, fetched (GET /{media-id}, then the download
-- URL), and settled as fetched (with its bytes and, for audio and documents, the text read from
-- them) or failed. While a conversation holds media not settled its turn waits (per-conversation
-- FIFO: later messages wait behind the voice note); a failed media reads as a placeholder.
-- The media state machine, visible in a table like the messages' (every change is checked against
-- it and audited by wahook_private.transition_media).
create table wahook_private.media_state_rules (
    from_state text not null,
    to_state text not null,
    description text not null,
    primary key (from_state, to_state)
);

comment on table wahook_private.media_state_rules is
'The allowed inbound media state transitions; every inbound_media_transitions row must name one.';
comment on column wahook_private.media_state_rules.from_state is 'State before the transition.';
comment on column wahook_private.media_state_rules.to_state is 'State after the transition.';
comment on column wahook_private.media_state_rules.description is 'When this transition happens.';

insert into wahook_private.media_state_rules (from_state, to_state, description) values
('pending', 'fetching', 'claimed for a fetch attempt'),
('fetching', 'fetching', 'the lease expired: a later attempt took over'),
('fetching', 'fetched', 'downloaded, its sha256 checked, and read'),
('fetching', 'pending', 'the attempt failed and is tried again after the backoff'),
('fetching', 'failed', 'failed for good: not retryable, attempts used up, or the media id expired'),
('pending', 'failed', 'the media id expired before it was fetched, or media_max_attempts was lowered below its attempts');

create table wahook_private.inbound_media (
    conversation_id bigint not null,
    message_id bigint not null,
    media_id text not null,
    media_kind text not null,
    webhook_mime_type text,
    webhook_sha256 text,
    filename text,
    wa_timestamp timestamptz not null,
    status text not null default 'pending',
    attempt_count integer not null default 0,
    next_attempt_at timestamptz,
    lease_owner text,
    lease_expires_at timestamptz,
    mime_type text,
    size_bytes bigint,
    content_sha256 bytea,
    media_text text,
    error_code text,
    last_error text,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    settled_at timestamptz,
    primary key (conversation_id, message_id),
    constraint media_message_exists foreign key (conversation_id, message_id)
    references wahook_private.processed_webhook_messages (conversation_id, id) on delete cascade,
    constraint media_id_is_sane check (length(media_id) between 1 and 256),
    constraint media_kind_is_valid check (media_kind in ('image', 'sticker', 'document', 'audio', 'video')),
    constraint status_is_valid check (status in ('pending', 'fetching', 'fetched', 'failed')),
    constraint next_attempt_at_is_set_exactly_when_pending check ((status = 'pending') = (next_attempt_at is not null)),
    constraint lease_is_set_exactly_when_fetching check (
        (status = 'fetching') = (lease_expires_at is not null and lease_owner is not null)
    ),
    constraint settled_at_is_set_exactly_when_settled check (
        (status in ('fetched', 'failed')) = (settled_at is not null)
    ),
    constraint fetched_media_has_its_facts check (
        status <> 'fetched' or (size_bytes is not null and content_sha256 is not null)
    ),
    constraint failed_media_says_why check (status <> 'failed' or error_code is not null),
    constraint attempt_count_is_not_negative check (attempt_count >= 0)
);

-- The fetch loop's claim: due retries, and leases of a fetcher that died.
create index inbound_media_due_idx on wahook_private.inbound_media (next_attempt_at)
where status = 'pending';
create index inbound_media_lease_expiry_idx on wahook_private.inbound_media (lease_expires_at)
where status = 'fetching';
-- The turn claim's hold (wahook_private.unsettled_media): a small index, of the media in
-- flight only.
create index inbound_media_unsettled_idx on wahook_private.inbound_media (conversation_id)
where status in ('pending', 'fetching');

-- As db/schema/0009_security.sql does for the tables before it.
alter table wahook_private.inbound_media enable row level security;
revoke all on table wahook_private.inbound_media from public;

comment on table wahook_private.inbound_media is
'One row per inbound media message (image, sticker, document, audio, video) to fetch from the Graph API, recorded at ingest while settings.media_fetch_enabled is on. status: pending (due at next_attempt_at), fetching (leased to a fetcher), fetched (bytes in inbound_media_contents until media_retention_days), failed (final: error_code says why; the message reads as a placeholder). A conversation with media pending or fetching is not claimed for a turn.';
comment on column wahook_private.inbound_media.conversation_id is 'The conversation of the message.';
comment on column wahook_private.inbound_media.message_id is 'The message (processed_webhook_messages.id) that carries the media; one media per message.';
comment on column wahook_private.inbound_media.media_id is 'The Graph API media id from the webhook (valid for 7 days).';
comment on column wahook_private.inbound_media.media_kind is 'image, sticker, document, audio or video: the message type, which sets the size cap (wahook_private.media_max_bytes).';
comment on column wahook_private.inbound_media.webhook_mime_type is 'The mime_type the webhook announced.';
comment on column wahook_private.inbound_media.webhook_sha256 is 'The sha256 the webhook announced, as sent (base64 in webhooks; the fetcher also accepts hex).';
comment on column wahook_private.inbound_media.filename is 'A document''s filename from the webhook, if any.';
comment on column wahook_private.inbound_media.wa_timestamp is 'The message''s WhatsApp time: its media id expires 7 days after it.';
comment on column wahook_private.inbound_media.status is 'pending, fetching, fetched or failed (fetched and failed are final).';
comment on column wahook_private.inbound_media.attempt_count is 'Fetch attempts started so far; the current attempt''s number is the lease token of its fetcher (fencing).';
comment on column wahook_private.inbound_media.next_attempt_at is 'When the next attempt is due (set exactly when pending).';
comment on column wahook_private.inbound_media.lease_owner is 'The fetcher holding the lease (set exactly when fetching).';
comment on column wahook_private.inbound_media.lease_expires_at is 'When the fetcher''s lease expires; past it the media is claimed again (set exactly when fetching).';
comment on column wahook_private.inbound_media.mime_type is 'The mime type of the fetched media (from the Graph API, else the webhook).';
comment on column wahook_private.inbound_media.size_bytes is 'The size of the fetched media in bytes.';
comment on column wahook_private.inbound_media.content_sha256 is 'The SHA-256 of the fetched bytes, computed in SQL when they were recorded.';
comment on column wahook_private.inbound_media.media_text is 'What was read from the media (a transcript, a document''s text); null when there was nothing to read. The message reads as "[type] " and it (wahook_private.message_reads_as).';
comment on column wahook_private.inbound_media.error_code is 'Code of the latest failure (e.g. http_500, too_large, sha256_mismatch, expired, attempts_exhausted); kept when a later attempt succeeds.';
comment on column wahook_private.inbound_media.last_error is 'Message of the latest failure.';
comment on column wahook_private.inbound_media.created_at is 'When ingest recorded it.';
comment on column wahook_private.inbound_media.updated_at is 'When it last changed.';
comment on column wahook_private.inbound_media.settled_at is 'When it became fetched or failed (set exactly then).';

create table wahook_private.inbound_media_transitions (
    id bigint generated always as identity,
    conversation_id bigint not null,
    message_id bigint not null,
    from_state text not null,
    to_state text not null,
    attempt integer not null,
    reason text not null,
    error_code text,
    created_at timestamptz not null,
    primary key (conversation_id, id),
    constraint media_exists foreign key (conversation_id, message_id)
    references wahook_private.inbound_media (conversation_id, message_id) on delete cascade,
    constraint transition_is_allowed foreign key (from_state, to_state)
    references wahook_private.media_state_rules (from_state, to_state)
);

create index inbound_media_transitions_media_idx
on wahook_private.inbound_media_transitions (conversation_id, message_id);

alter table wahook_private.inbound_media_transitions enable row level security;
revoke all on table wahook_private.inbound_media_transitions from public;
alter table wahook_private.media_state_rules enable row level security;
revoke all on table wahook_private.media_state_rules from public;

comment on table wahook_private.inbound_media_transitions is
'Audit trail: one row per inbound media state change (each fetch attempt''s start and outcome), written only by wahook_private.transition_media.';
comment on column wahook_private.inbound_media_transitions.id is 'Identity of the audit row.';
comment on column wahook_private.inbound_media_transitions.conversation_id is 'The conversation of the media''s message.';
comment on column wahook_private.inbound_media_transitions.message_id is 'The message whose media changed state.';
comment on column wahook_private.inbound_media_transitions.from_state is 'State before.';
comment on column wahook_private.inbound_media_transitions.to_state is 'State after.';
comment on column wahook_private.inbound_media_transitions.attempt is 'The attempt it belongs to (attempt_count after the change; the lease token of a fetching media).';
comment on column wahook_private.inbound_media_transitions.reason is 'Why it changed.';
comment on column wahook_private.inbound_media_transitions.error_code is 'The failure''s code, for a change to pending or failed.';
comment on column wahook_private.inbound_media_transitions.created_at is 'When it changed.';

-- The bytes, apart from their facts: purged after media_retention_days while the facts (size, hash,
-- media text) stay with the message. Already compressed formats: no TOAST compression attempt.
create table wahook_private.inbound_media_contents (
    conversation_id bigint not null,
    message_id bigint not null,
    content bytea not null,
    stored_at timestamptz not null,
    primary key (conversation_id, message_id),
    constraint media_exists foreign key (conversation_id, message_id)
    references wahook_private.inbound_media (conversation_id, message_id) on delete cascade
);

alter table wahook_private.inbound_media_contents alter column content set storage external;

create index inbound_media_contents_stored_at_idx on wahook_private.inbound_media_contents (stored_at);

alter table wahook_private.inbound_media_contents enable row level security;
revoke all on table wahook_private.inbound_media_contents from public;

comment on table wahook_private.inbound_media_contents is
'The bytes of fetched inbound media, one row per media message, deleted by purge_expired after settings.media_retention_days (the facts stay in inbound_media). Read with wahook.media_content.';
comment on column wahook_private.inbound_media_contents.conversation_id is 'The conversation of the message.';
comment on column wahook_private.inbound_media_contents.message_id is 'The message that carried the media.';
comment on column wahook_private.inbound_media_contents.content is 'The media bytes as downloaded (their SHA-256 checked against the webhook''s).';
comment on column wahook_private.inbound_media_contents.stored_at is 'When they were stored; retention counts from it.';

alter table wahook_private.settings add column media_fetch_enabled boolean not null default false;
alter table wahook_private.settings add column media_max_attempts integer not null default 5;
alter table wahook_private.settings add column media_retry_base_seconds integer not null default 5;
alter table wahook_private.settings add column media_retry_max_delay_seconds integer not null default 300;
alter table wahook_private.settings add column media_lease_seconds integer not null default 300;
alter table wahook_private.settings add column media_retention_days integer not null default 14;

alter table wahook_private.settings
add constraint media_max_attempts_is_sane check (media_max_attempts between 1 and 20);
alter table wahook_private.settings
add constraint media_retry_base_seconds_is_positive check (media_retry_base_seconds > 0);
alter table wahook_private.settings
add constraint media_retry_max_delay_is_at_least_base check (
    media_retry_max_delay_seconds >= media_retry_base_seconds
);
alter table wahook_private.settings
add constraint media_lease_seconds_is_sane check (media_lease_seconds between 10 and 3600);
alter table wahook_private.settings
add constraint media_retention_is_positive check (media_retention_days > 0);

comment on column wahook_private.settings.media_fetch_enabled is
'When true, ingest records each accepted image, sticker, document, audio and video message for the media fetch step (wahook.claim_media_fetches, run by the sidecar''s workers), and its conversation''s turn waits until the media is fetched or finally failed. When false (the default), media messages are not held and read as "[type]" and their caption, as before.';
comment on column wahook_private.settings.media_max_attempts is
'Fetch attempts of one media before it fails for good (1 to 20); the message then reads as a placeholder.';
comment on column wahook_private.settings.media_retry_base_seconds is
'Delay before the second fetch attempt of a media; each later one doubles it (jittered by retry_jitter_ratio).';
comment on column wahook_private.settings.media_retry_max_delay_seconds is 'Cap of the media fetch retry delay.';
comment on column wahook_private.settings.media_lease_seconds is
'How long a fetcher holds a media (download and reading included) before it may be claimed again (10 to 3600).';
comment on column wahook_private.settings.media_retention_days is
'Days the bytes of fetched media (inbound_media_contents) are kept; purge_expired deletes older ones. Their facts (size, hash, text read) stay.';
