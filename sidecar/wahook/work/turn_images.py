"""The turn's images for a chat model that sees them (WAHOOK_MODEL_VISION=1): each image message
of the turn whose media was fetched goes to the model with its bytes (wahook.agent.images), its
text unchanged (what it reads as, from SQL) and its context tokens raised by the image's cost.
History stays text: only the images being answered are sent.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

from wahook.agent.context import ChatMessage
from wahook.agent.images import image_for_model
from wahook.db import Database
from wahook.db.turns import ClaimedMessage

log = logging.getLogger(__name__)


async def with_images(
    database: Database,
    conversation_id: int,
    messages: Sequence[ClaimedMessage],
    current: Sequence[ChatMessage],
    image_tokens: int,
) -> list[ChatMessage]:
    """`current` (the chat messages of `messages`, in the same order) with the fetched images
    attached; a message whose bytes are gone (purged) or of a type no model takes stays text."""
    seen: list[ChatMessage] = []
    for message, chat in zip(messages, current, strict=True):
        media = message.media
        if media is None or media.kind != "image" or media.status != "fetched":
            seen.append(chat)
            continue
        content = await database.media_content(conversation_id, message.id)
        image = image_for_model(content.mime_type or "", content.content) if content else None
        if image is None:
            log.info(
                "an image of the turn goes as text: its bytes are gone or not of a type models take",
                extra={"event": "turn_image_skipped"},
            )
            seen.append(chat)
            continue
        seen.append(replace(chat, tokens=chat.tokens + image_tokens, image=image))
    return seen
