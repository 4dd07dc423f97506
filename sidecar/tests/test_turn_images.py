"""The turn's images for a model with vision (wahook.work.turn_images), against a real database:
only fetched images are looked up, and one whose bytes are gone (purged after media_retention_days)
goes as its text. (An image that is there reaches the model: test_media_reading_pipeline.)"""

from __future__ import annotations

import asyncio
import logging

import pytest

from wahook.agent.context import ChatMessage
from wahook.agent.tokens import TokenCounter
from wahook.db import Database
from wahook.db.turns import ClaimedMedia, ClaimedMessage
from wahook.work.turn_images import with_images

COUNTER = TokenCounter("gpt-4o-mini")


def message(id_: int, kind: str, text: str, media: ClaimedMedia | None) -> ClaimedMessage:
    return ClaimedMessage(id_, f"wamid.{id_}", kind, text, None, 1, {}, None, media)


def test_only_images_whose_bytes_are_there_are_attached(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    messages = [
        message(1, "text", "hello", None),
        message(2, "image", "[image] purged", ClaimedMedia("image", "fetched", "image/jpeg")),
        message(3, "image", "[image] (could not be downloaded)", ClaimedMedia("image", "failed", None)),
        message(4, "sticker", "[sticker]", ClaimedMedia("sticker", "fetched", "image/webp")),
    ]
    current = [ChatMessage.counted(COUNTER, "user", m.text) for m in messages]

    async def scenario() -> list[ChatMessage]:
        database = Database(database_url, max_size=1)
        await database.open()
        try:
            return await with_images(database, 42, messages, current, 85)
        finally:
            await database.close()

    with caplog.at_level(logging.INFO, logger="wahook.work.turn_images"):
        assert asyncio.run(scenario()) == current
    skipped = [r for r in caplog.records if getattr(r, "event", None) == "turn_image_skipped"]
    assert len(skipped) == 1, "only the fetched image was looked up, and found gone"
