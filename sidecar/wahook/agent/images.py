"""Images for a chat model that sees them (WAHOOK_MODEL_VISION=1): OpenAI-compatible content parts.

A message with an image goes to the model as two parts, its text (what it reads as, decided in
SQL: `[image] <caption>`) and the image as a data URL, `{"type": "image_url", "image_url":
{"url": "data:<mime>;base64,...", "detail": "low"}}`. "low" detail is one 512x512 view of the
image at a fixed cost: OpenAI documents 85 tokens for the gpt-4o family, the default of
WAHOOK_IMAGE_TOKENS, the cost the context budget counts for each image (other models count
images otherwise: set it to theirs). The token count stored for the message stays that of its text.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from wahook.media.mime import base_type

# The image types OpenAI's chat models take (a GIF: its first frame).
VISION_MIME_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})
DETAIL = "low"


@dataclass(frozen=True)
class ImageContent:
    mime_type: str
    data: bytes

    def __repr__(self) -> str:
        # Never the bytes themselves in a log line.
        return f"ImageContent(mime_type={self.mime_type!r}, size={len(self.data)})"

    def data_url(self) -> str:
        return f"data:{self.mime_type};base64,{base64.b64encode(self.data).decode('ascii')}"


def image_for_model(mime_type: str, data: bytes) -> ImageContent | None:
    """The image as a model can take it, or None for a type it cannot (or no bytes)."""
    media_type = base_type(mime_type)
    if media_type not in VISION_MIME_TYPES or not data:
        return None
    return ImageContent(media_type, data)


def chat_content(text: str, image: ImageContent | None) -> str | list[dict[str, Any]]:
    """A chat message's `content`: the text alone, or the text and the image as parts."""
    if image is None:
        return text
    return [
        {"type": "text", "text": text},
        {"type": "image_url", "image_url": {"url": image.data_url(), "detail": DETAIL}},
    ]
