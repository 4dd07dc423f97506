"""An image reaches a model with vision as an OpenAI image part beside its text, through the
OpenAI provider to the stand-in (real HTTP); everything else still goes as plain text."""

from __future__ import annotations

import base64

import pytest

from tests.fake_openai import FakeOpenAI
from tests.media_files import image
from tests.provider_support import call
from wahook.agent.context import ChatMessage
from wahook.agent.images import ImageContent, chat_content, image_for_model
from wahook.agent.openai_provider import OpenAIProvider
from wahook.agent.tokens import REPLY_PRIMING_TOKENS, TokenCounter
from wahook.agent.types import TurnInput, TurnMessage

COUNTER = TokenCounter("gpt-4o-mini")


def test_the_chat_request_carries_the_image_as_a_data_url_with_its_caption(
    fake_openai: FakeOpenAI, openai_url: str
) -> None:
    fake_openai.usage = False
    jpeg = image("mjpeg")
    picture = image_for_model("image/jpeg", jpeg)
    assert picture is not None
    caption = ChatMessage.counted(COUNTER, "user", "[image] is this bolt the right size?")
    with_image = ChatMessage(caption.role, caption.content, caption.tokens + 85, picture)
    system = ChatMessage.counted(COUNTER, "system", "be nice")
    earlier = ChatMessage.counted(COUNTER, "user", "[image] an earlier photo")
    turn = TurnInput(
        conversation_id=1,
        customer_id="16505551234",
        messages=[TurnMessage(2, "wamid.IMG", "image", caption.content)],
        context=[system, earlier, with_image],
    )

    provider = OpenAIProvider(base_url=openai_url, api_key="k", model="gpt-4o-mini", reply_tokens=50)
    tokens_in = call(provider, turn).tokens_in
    [request] = fake_openai.received
    messages = request.body["messages"]
    assert messages[0] == {"role": "system", "content": "be nice"}
    # History is text: only the turn's own images are sent.
    assert messages[1] == {"role": "user", "content": "[image] an earlier photo"}
    text_part, image_part = messages[2]["content"]
    assert text_part == {"type": "text", "text": "[image] is this bolt the right size?"}
    assert image_part["type"] == "image_url"
    assert image_part["image_url"]["detail"] == "low"
    prefix = "data:image/jpeg;base64,"
    assert image_part["image_url"]["url"].startswith(prefix)
    assert base64.b64decode(image_part["image_url"]["url"][len(prefix) :]) == jpeg
    # Without usage from the server, the image's cost is in the prompt's count.
    assert tokens_in == REPLY_PRIMING_TOKENS + system.tokens + earlier.tokens + caption.tokens + 85


@pytest.mark.parametrize(
    ("mime_type", "taken"),
    [
        ("image/jpeg", "image/jpeg"),
        ("image/png", "image/png"),
        ("IMAGE/WEBP; q=1", "image/webp"),
        ("image/gif", "image/gif"),
        ("image/heic", None),
        ("image/svg+xml", None),
        ("video/mp4", None),
    ],
)
def test_only_types_a_model_takes_become_images(mime_type: str, taken: str | None) -> None:
    picture = image_for_model(mime_type, b"bytes")
    assert (picture.mime_type if picture else None) == taken


def test_without_an_image_the_content_stays_text() -> None:
    assert chat_content("[image] a caption", None) == "[image] a caption"
    assert image_for_model("image/png", b"") is None
    picture = ImageContent("image/png", image("png"))
    assert "base64" not in repr(picture) and "size=" in repr(picture)
