from __future__ import annotations

import logging

import pytest

from wahook import tokens
from wahook.tokens import REPLY_PRIMING_TOKENS, TokenCounter

# OpenAI cookbook, "How to count tokens with tiktoken": these messages are 129 prompt tokens for
# gpt-3.5-turbo-0613 and gpt-4 (3 tokens per message, 1 per name, 3 for the reply priming).
COOKBOOK_MESSAGES: list[dict[str, str]] = [
    {
        "role": "system",
        "content": "You are a helpful, pattern-following assistant that translates corporate jargon "
        "into plain English.",
    },
    {"role": "system", "name": "example_user", "content": "New synergies will help drive top-line growth."},
    {
        "role": "system",
        "name": "example_assistant",
        "content": "Things working well together will increase revenue.",
    },
    {
        "role": "system",
        "name": "example_user",
        "content": "Let's circle back when we have more bandwidth to touch base on opportunities for "
        "increased leverage.",
    },
    {
        "role": "system",
        "name": "example_assistant",
        "content": "Let's talk later when we're less busy about how to do better.",
    },
    {
        "role": "user",
        "content": "This late pivot means we don't have time to boil the ocean for the client deliverable.",
    },
]


def test_text_counts_match_cl100k_base() -> None:
    counter = TokenCounter("gpt-4")
    assert counter.encoding_name == "cl100k_base"
    assert not counter.is_fallback
    assert counter.count_text("hello world") == 2
    assert counter.count_text("") == 0
    assert counter.count_text("tiktoken is great!") == 6


def test_message_overhead_and_the_cookbook_example() -> None:
    counter = TokenCounter("gpt-3.5-turbo-0613")
    assert counter.count_message("user", "hello world") == 3 + 1 + 2
    total = REPLY_PRIMING_TOKENS + sum(
        counter.count_message(m["role"], m["content"], m.get("name")) for m in COOKBOOK_MESSAGES
    )
    assert total == 129
    assert counter.count_prompt([("user", "hello world")]) == 3 + 6


def test_special_token_text_is_counted_as_ordinary_text() -> None:
    counter = TokenCounter("gpt-4")
    # No error, and more than the single special token it would otherwise be.
    assert counter.count_text("<|endoftext|>") > 1


@pytest.mark.parametrize("model", ["gpt-4o-mini", "some-local-llama"])
def test_models_without_an_offline_encoding_fall_back_to_cl100k_once(
    model: str, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tokens, "_warned_models", set())
    with caplog.at_level(logging.WARNING, logger="wahook.tokens"):
        counter = TokenCounter(model)
        again = TokenCounter(model)
    assert counter.encoding_name == again.encoding_name == "cl100k_base"
    assert counter.is_fallback
    assert counter.count_text("hello world") == 2
    warnings = [r for r in caplog.records if r.name == "wahook.tokens"]
    assert len(warnings) == 1
    assert model in warnings[0].getMessage()
    assert "cl100k_base" in warnings[0].getMessage()


def test_the_encoding_is_loaded_once_and_shared() -> None:
    assert TokenCounter("gpt-4")._encoding is TokenCounter("gpt-3.5-turbo")._encoding


def test_an_encoding_that_is_not_installed_is_refused_not_downloaded() -> None:
    assert "o200k_base" not in tokens.offline_encoding_names()
    with pytest.raises(LookupError, match="not installed"):
        tokens.load_encoding("o200k_base")
