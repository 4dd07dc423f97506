"""The media fetch step through `wahook serve` (settings.media_fetch_enabled on) against the Graph
API stand-in with its media endpoints: real media webhooks (ids rewritten), fetched with the bearer
token, checked against the webhook's sha256, stored, and answered by the echo agent as the message
reads once its media settled; transient failures are retried with a fresh download URL each time,
and a later text waits behind the voice note; a bad checksum or an oversized file reads as a
placeholder."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import psycopg

from tests.fake_graph import FakeMedia, running_fake_graph
from tests.ingest_support import process_message, with_unique_wamids
from tests.media_support import BINDAMBC, PYWA, enable_media, media_fixture
from tests.metrics_support import scrape
from tests.pipeline_support import post_accepted, replies, running_pipeline, wait_until_settled
from tests.serve_support import serving_pipeline
from tests.test_ingest_fixtures import accepted_webhook_files
from tests.webhook_bodies import contact, notification, stamped_from, text_item

Conn = psycopg.Connection[Any]

MEDIA_STATE = """
select m.wamid, f.media_kind, f.status, f.attempt_count, f.mime_type, f.size_bytes, f.error_code, c.content
from wahook_private.inbound_media as f
join wahook_private.processed_webhook_messages as m
    on m.conversation_id = f.conversation_id and m.id = f.message_id
left join wahook_private.inbound_media_contents as c
    on c.conversation_id = f.conversation_id and c.message_id = f.message_id
order by m.id
"""


def media_fetch_counts(url: str) -> dict[str, float]:
    """wahook_media_fetches_total by result, as the process serving `url` counted them."""
    samples, _ = scrape(url)
    return {
        dict(labels)["result"]: count
        for (name, labels), count in samples.items()
        if name == "wahook_media_fetches_total" and count
    }


def test_image_voice_and_document_are_fetched_with_the_token_and_stored(
    conn: Conn, database_url: str, fixtures_dir: Path
) -> None:
    enable_media(conn)
    image, voice, document = b"\xff\xd8jpeg" * 1000, b"OggS voice", b"%PDF-1.4 invoice"
    now = int(time.time()) - 60
    bodies = [
        media_fixture(fixtures_dir, PYWA / "message__image.json", "15550901", "wamid.m.image", "9001", image),
        media_fixture(fixtures_dir, PYWA / "message__voice.json", "15550902", "wamid.m.voice", "9002", voice),
        media_fixture(
            fixtures_dir, BINDAMBC / "message_document.json", "15550903", "wamid.m.doc", "9003", document
        ),
    ]
    with running_fake_graph() as (fake, graph_url):
        fake.add_media("9001", FakeMedia(image, "image/jpeg"))
        fake.add_media("9002", FakeMedia(voice, "audio/ogg"))
        fake.add_media("9003", FakeMedia(document, "application/pdf"))
        with serving_pipeline(database_url, graph_url) as url:
            for body in bodies:
                post_accepted(url, stamped_from(body, now)[0])
            wait_until_settled(database_url)
        answered = sorted(r.text for r in replies(fake))
        media_calls = list(fake.media_requests)
    assert answered == ["echo: [audio]", "echo: [document] 4_641947.pdf", "echo: [image]"]
    assert conn.execute(MEDIA_STATE).fetchall() == [
        ("wamid.m.image", "image", "fetched", 1, "image/jpeg", len(image), None, image),
        ("wamid.m.voice", "audio", "fetched", 1, "audio/ogg", len(voice), None, voice),
        ("wamid.m.doc", "document", "fetched", 1, "application/pdf", len(document), None, document),
    ]
    assert len(media_calls) == 6, "one GET /{media-id} and one download each"
    assert {r.headers["authorization"] for r in media_calls} == {f"Bearer {fake.access_token}"}


def test_a_voice_note_retried_after_a_500_and_a_reset_is_answered_once_with_the_text_after_it(
    conn: Conn, database_url: str, fixtures_dir: Path
) -> None:
    enable_media(conn)
    voice = b"OggS" + bytes(range(256)) * 40
    now = int(time.time()) - 60
    voice_body, stamp = stamped_from(
        media_fixture(fixtures_dir, PYWA / "message__voice.json", "15550911", "wamid.r.voice", "9011", voice),
        now,
    )
    business = voice_body["entry"][0]["changes"][0]["value"]["metadata"]["phone_number_id"]
    text_body = notification(
        [text_item("15550911", "wamid.r.text", "did you hear me?")],
        contacts=[contact("15550911")],
        phone_number_id=business,
    )
    text_body["entry"][0]["changes"][0]["value"]["messages"][0]["timestamp"] = str(stamp)
    with running_fake_graph() as (fake, graph_url):
        fake.add_media("9011", FakeMedia(voice, "audio/ogg"))
        fake.fail_downloads_next("500", "reset")
        with serving_pipeline(database_url, graph_url) as url:
            post_accepted(url, voice_body)
            post_accepted(url, text_body)
            wait_until_settled(database_url)
            attempts = media_fetch_counts(url)
        answered = [r.text for r in replies(fake)]
        paths = fake.media_paths()
    assert answered == ["echo: [audio] | did you hear me?"], "one turn, the text behind the voice note"
    assert attempts == {"retry": 2.0, "fetched": 1.0}
    assert paths[0::2] == ["/v21.0/9011"] * 3, "a fresh download URL asked for on every attempt"
    assert paths[1::2] == ["/download/9011/1", "/download/9011/2", "/download/9011/3"]
    row = conn.execute(MEDIA_STATE).fetchone()
    assert row is not None
    assert row[1:] == ("audio", "fetched", 3, "audio/ogg", len(voice), "connection_lost", voice)


def test_a_checksum_mismatch_and_an_oversized_sticker_read_as_placeholders(
    conn: Conn, database_url: str, fixtures_dir: Path
) -> None:
    enable_media(conn)
    now = int(time.time()) - 60
    announced, served = b"the image the webhook announced", b"something else"
    sticker = b"RIFF" + b"\0" * (500 * 1024)
    bodies = [
        media_fixture(
            fixtures_dir, PYWA / "message__video.json", "15550921", "wamid.p.video", "9021", announced
        ),
        media_fixture(
            fixtures_dir,
            PYWA / "message__static_sticker.json",
            "15550922",
            "wamid.p.sticker",
            "9022",
            sticker,
        ),
    ]
    with running_fake_graph() as (fake, graph_url):
        fake.add_media("9021", FakeMedia(served, "video/mp4"))
        # It says it is small; the download runs past the 500 KiB cap of stickers all the same.
        fake.add_media("9022", FakeMedia(sticker, "image/webp", file_size=1000))
        with serving_pipeline(database_url, graph_url) as url:
            for body in bodies:
                post_accepted(url, stamped_from(body, now)[0])
            wait_until_settled(database_url)
        answered = sorted(r.text for r in replies(fake))
    assert answered == [
        "echo: [sticker] (could not be downloaded)",
        "echo: [video] caption (could not be downloaded)",
    ]
    assert [row[1:] for row in conn.execute(MEDIA_STATE).fetchall()] == [
        ("video", "failed", 1, None, None, "sha256_mismatch", None),
        ("sticker", "failed", 1, None, None, "too_large", None),
    ]
    statuses = conn.execute("select status from wahook_private.processed_webhook_messages").fetchall()
    assert statuses == [("completed",), ("completed",)], "the messages are kept and answered"


def test_ingest_records_the_media_of_every_media_fixture_and_nothing_else(
    conn: Conn, fixtures_dir: Path
) -> None:
    """Every real webhook body (ids made unique) ingested with media fetching on: one media row for
    each image, sticker, document, audio and video message, with the id, kind and sha256 it names."""
    enable_media(conn)
    expected = []
    for n, path in enumerate(accepted_webhook_files(fixtures_dir)):
        body = with_unique_wamids(json.loads(path.read_text(encoding="utf-8")), f"wamid.f{n}")
        process_message(conn, body)
        for entry in body["entry"]:
            for change in entry["changes"]:
                for message in (change.get("value") or {}).get("messages") or []:
                    media = message.get(message.get("type"))
                    if message.get("type") in {"image", "sticker", "document", "audio", "video"}:
                        expected.append((message["id"], message["type"], media["id"], media.get("sha256")))
    recorded = conn.execute(
        "select m.wamid, f.media_kind, f.media_id, f.webhook_sha256 from wahook_private.inbound_media as f"
        " join wahook_private.processed_webhook_messages as m"
        " on m.conversation_id = f.conversation_id and m.id = f.message_id"
    ).fetchall()
    assert sorted(recorded) == sorted(expected)
    assert {kind for _, kind, _, _ in recorded} == {"image", "sticker", "document", "audio", "video"}


def test_concurrent_fetchers_never_claim_the_same_media(conn: Conn, database_url: str) -> None:
    """Two fetchers claiming at once (one transaction still open): each media goes to one of them,
    the one whose row is locked is skipped rather than waited for."""
    enable_media(conn)
    for n in range(4):
        conn.execute(
            "select tests.media_message(%s, %s, now() - interval '1 minute', 'image')",
            [f"1555093{n}", f"wamid.c{n}"],
        )
    with psycopg.connect(database_url) as first, psycopg.connect(database_url, autocommit=True) as second:
        taken_first = first.execute(
            "select message_id from wahook.claim_media_fetches('fetcher-1', 2)"
        ).fetchall()
        taken_second = second.execute(
            "select message_id from wahook.claim_media_fetches('fetcher-2', 10)"
        ).fetchall()
        first.commit()
    assert len(taken_first) == 2
    assert len(taken_second) == 2
    assert not set(taken_first) & set(taken_second)


def test_the_in_process_pipeline_fetches_media_from_the_stand_in_too(
    conn: Conn, database_url: str, fixtures_dir: Path
) -> None:
    """running_pipeline (the app in this process) points its media client at the stand-in as well,
    and a fetched media's bytes come back from wahook.media_content."""
    enable_media(conn)
    video = b"\x00\x00\x00\x18ftypmp42"
    body = media_fixture(
        fixtures_dir, BINDAMBC / "message_video.json", "15550941", "wamid.ip.video", "9041", video
    )
    with running_fake_graph() as (fake, graph_url):
        fake.add_media("9041", FakeMedia(video, "video/mp4"))
        with running_pipeline(database_url, graph_url) as url:
            post_accepted(url, stamped_from(body, int(time.time()) - 60)[0])
            wait_until_settled(database_url)
        answered = [r.text for r in replies(fake)]
    assert answered == ["echo: [video] hello world"]
    content = conn.execute(
        "select c.media_kind, c.mime_type, c.content from wahook_private.inbound_media as f,"
        " wahook.media_content(f.conversation_id, f.message_id) as c"
    ).fetchall()
    assert content == [("video", "video/mp4", video)]
