"""What is done with fetched media, through `wahook serve` with the OpenAI-compatible provider:
real media webhooks (ids rewritten) whose real bytes the Graph API stand-in serves, read by the
OpenAI stand-in (real HTTP): a voice note is transcribed (after a transient failure of the
transcription server, retried) and the agent reads "[audio] <transcript>", remembered and counted
in SQL like text, or converted by ffmpeg first for a server that takes no OGG; a PDF reads as its
text cut to the budget, a locked one as its file name; an image reaches a model with vision as an
image part beside its caption, and any other (or an image of a type models do not take) as
"[image] caption".
"""

from __future__ import annotations

import base64
import time
from pathlib import Path
from typing import Any

import psycopg

from tests.fake_graph import FakeMedia
from tests.fake_openai import FakeOpenAI, transcript_for
from tests.media_files import image, pdf, voice_note
from tests.media_support import BINDAMBC, PYWA, enable_media, media_fixture
from tests.pipeline_support import post_accepted, wait_until_settled
from tests.serve_support import serving_with_provider
from tests.webhook_bodies import stamped_from
from wahook.agent.tokens import TokenCounter

Conn = psycopg.Connection[Any]

NETFLIE = Path("netflie__whatsapp-cloud-api")
MODEL = "gpt-4o-mini"
COUNTER = TokenCounter(MODEL)
MEDIA = """
select f.media_kind, f.status, f.attempt_count, f.media_text, f.error_code
from wahook_private.inbound_media as f
join wahook_private.processed_webhook_messages as m
    on m.conversation_id = f.conversation_id and m.id = f.message_id
where m.wamid = %s
"""
MEMORY = """
select c.content, c.token_count
from wahook_private.agent_contexts as c
join wahook_private.webhook_conversations as v on v.conversation_id = c.conversation_id
where v.customer_id = %s and c.role = 'user'
"""


def user_content(openai: FakeOpenAI, customer_text: str) -> Any:
    """The content of the newest user message of the chat request that carried `customer_text`
    (in a text part or as the whole text)."""
    for request in openai.received:
        content = request.body["messages"][-1]["content"]
        text = content if isinstance(content, str) else content[0]["text"]
        if customer_text in text:
            return content
    raise AssertionError(f"no chat request carried {customer_text!r}: {openai.received}")


def remembered(conn: Conn, customer: str) -> list[tuple[str, int]]:
    return [(row[0], row[1]) for row in conn.execute(MEMORY, [customer]).fetchall()]


def read_voice_note(
    conn: Conn,
    database_url: str,
    fixtures_dir: Path,
    openai: FakeOpenAI,
    voice: tuple[str, str, str, int],
    **settings: str,
) -> bytes:
    """pywa's real voice-note webhook, rewritten for `voice` (customer, wamid, media id, and the
    note's length in seconds), sent a minute ago to `wahook serve` (with `settings`) and read through
    `openai`; returns the note, as the Graph API stand-in served it."""
    customer, wamid, media_id, seconds = voice
    enable_media(conn)
    note = voice_note(seconds)
    body = media_fixture(fixtures_dir, PYWA / "message__voice.json", customer, wamid, media_id, note)
    with serving_with_provider(database_url, openai, WAHOOK_MODEL=MODEL, **settings) as (graph, url):
        graph.add_media(media_id, FakeMedia(note, "audio/ogg"))
        post_accepted(url, stamped_from(body, int(time.time()) - 60)[0])
        wait_until_settled(database_url)
    return note


def test_a_voice_note_is_transcribed_after_a_retry_and_read_remembered_and_counted_as_text(
    conn: Conn, database_url: str, fixtures_dir: Path
) -> None:
    openai = FakeOpenAI()
    openai.fail_transcriptions_next(1, 503)
    note = read_voice_note(
        conn,
        database_url,
        fixtures_dir,
        openai,
        ("15550931", "wamid.t.voice", "9031", 523),
        WAHOOK_TRANSCRIPTION_MODEL="whisper-1",
    )
    transcript = transcript_for(note)
    reads_as = f"[audio] {transcript}"
    assert [t.data for t in openai.transcriptions] == [note, note], "the 503 was retried"
    assert openai.transcriptions[-1].fields["model"] == "whisper-1"
    assert openai.transcriptions[-1].filename == "audio.ogg"
    assert user_content(openai, transcript) == reads_as
    # Fetched on the second attempt; the first one's error stays on record.
    assert conn.execute(MEDIA, ["wamid.t.voice"]).fetchone() == (
        "audio",
        "fetched",
        2,
        transcript,
        "transcription_server_error",
    )
    # Remembered as it was read, counted once in the model's encoding like any text.
    assert remembered(conn, "15550931") == [(reads_as, COUNTER.count_message("user", reads_as))]


def test_a_server_that_takes_no_ogg_gets_the_voice_note_converted_by_ffmpeg(
    conn: Conn, database_url: str, fixtures_dir: Path
) -> None:
    openai = FakeOpenAI(transcription_formats=frozenset({"wav"}))
    read_voice_note(
        conn,
        database_url,
        fixtures_dir,
        openai,
        ("15550935", "wamid.w.voice", "9035", 659),
        WAHOOK_TRANSCRIPTION_MODEL="whisper-large-v3",
        WAHOOK_TRANSCRIPTION_FORMAT="wav",
        WAHOOK_TRANSCRIPTION_LANGUAGE="he",
    )
    [sent] = openai.transcriptions
    assert (sent.filename, sent.content_type, sent.data[:4]) == ("audio.wav", "audio/wav", b"RIFF")
    assert sent.fields == {"model": "whisper-large-v3", "response_format": "json", "language": "he"}
    reads_as = f"[audio] {transcript_for(sent.data)}"
    assert user_content(openai, reads_as) == reads_as
    assert remembered(conn, "15550935") == [(reads_as, COUNTER.count_message("user", reads_as))]


def test_a_pdf_reads_as_its_text_cut_to_the_budget_and_a_locked_one_as_its_name(
    conn: Conn, database_url: str, fixtures_dir: Path
) -> None:
    enable_media(conn)
    pages = [
        f"Invoice page {n}: " + " ".join(f"item{n}-{i} costs {i} EUR" for i in range(30)) for n in range(3)
    ]
    document = pdf(*pages)
    locked = pdf("the secret terms", user_password="s3cret")
    now = int(time.time()) - 60
    fixture = BINDAMBC / "message_document.json"
    bodies = [
        media_fixture(fixtures_dir, fixture, "15550941", "wamid.t.pdf", "9041", document),
        media_fixture(fixtures_dir, fixture, "15550942", "wamid.t.locked", "9042", locked),
    ]
    openai = FakeOpenAI()
    with serving_with_provider(database_url, openai, WAHOOK_MODEL=MODEL, WAHOOK_DOCUMENT_TOKENS="25") as (
        graph,
        url,
    ):
        graph.add_media("9041", FakeMedia(document, "application/pdf"))
        graph.add_media("9042", FakeMedia(locked, "application/pdf"))
        for body in bodies:
            post_accepted(url, stamped_from(body, now)[0])
        wait_until_settled(database_url)
    text = COUNTER.cut_text("\n\n".join(pages), 25)
    assert text.startswith("Invoice page 0: item0-0 costs 0 EUR") and "page 1" not in text
    reads_as = f"[document] 4_641947.pdf: {text}"
    assert user_content(openai, "Invoice page 0") == reads_as
    assert conn.execute(MEDIA, ["wamid.t.pdf"]).fetchone() == ("document", "fetched", 1, text, None)
    assert remembered(conn, "15550941") == [(reads_as, COUNTER.count_message("user", reads_as))]
    # Downloaded, but it never reads: not retried, and not "could not be downloaded".
    assert conn.execute(MEDIA, ["wamid.t.locked"]).fetchone() == ("document", "fetched", 1, None, None)
    assert remembered(conn, "15550942") == [
        ("[document] 4_641947.pdf", COUNTER.count_message("user", "[document] 4_641947.pdf"))
    ]


def test_an_image_reaches_a_model_with_vision_as_an_image_part_and_any_other_as_its_caption(
    conn: Conn, database_url: str, fixtures_dir: Path
) -> None:
    enable_media(conn)
    jpeg, bmp = image("mjpeg", "blue", "32x32"), image("bmp", "green", "8x8")
    now = int(time.time()) - 60
    runs = {
        # WAHOOK_MODEL_VISION: (customer, media served, sent as an image)
        "1": [
            ("15550951", FakeMedia(jpeg, "image/jpeg"), True),
            ("15550952", FakeMedia(bmp, "image/bmp"), False),
        ],
        "": [("15550953", FakeMedia(jpeg, "image/jpeg"), False)],
    }
    for vision, cases in runs.items():
        openai = FakeOpenAI(usage=False)
        with serving_with_provider(database_url, openai, WAHOOK_MODEL=MODEL, WAHOOK_MODEL_VISION=vision) as (
            graph,
            url,
        ):
            for customer, media, _ in cases:
                body = media_fixture(
                    fixtures_dir,
                    NETFLIE / "message_image.json",
                    customer,
                    f"wamid.i.{customer}",
                    customer,
                    media.content,
                )
                body["entry"][0]["changes"][0]["value"]["messages"][0]["image"]["caption"] = (
                    f"photo {customer}"
                )
                graph.add_media(customer, media)
                post_accepted(url, stamped_from(body, now)[0])
            wait_until_settled(database_url)
        for customer, media, as_image in cases:
            reads_as = f"[image] photo {customer}"
            content = user_content(openai, reads_as)
            if as_image:
                text_part, image_part = content
                assert text_part == {"type": "text", "text": reads_as}
                url = image_part["image_url"]["url"]
                assert url == "data:image/jpeg;base64," + base64.b64encode(media.content).decode()
                assert image_part["image_url"]["detail"] == "low"
            else:
                assert content == reads_as, "a type models do not take, or no vision: the text alone"
            # SQL's memory and count are the text's, image or not.
            assert remembered(conn, customer) == [(reads_as, COUNTER.count_message("user", reads_as))]
    tokens_in = conn.execute(
        """select v.customer_id, t.tokens_in from wahook_private.agent_turns as t
        join wahook_private.webhook_conversations as v on v.conversation_id = t.conversation_id"""
    ).fetchall()
    tokens = dict(tokens_in)
    assert tokens["15550951"] - tokens["15550953"] == 85, (
        "the image's cost counted (no usage from the server)"
    )
    assert tokens["15550952"] == tokens["15550953"]
