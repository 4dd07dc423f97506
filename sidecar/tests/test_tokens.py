from __future__ import annotations

import gzip
import logging
import shutil
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import tiktoken_ext.openai_public  # type: ignore[import-untyped]

from wahook.agent import encodings, tokens
from wahook.agent.encodings import EncodingDataError
from wahook.agent.tokens import REPLY_PRIMING_TOKENS, TokenCounter

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


def cookbook_prompt_tokens(counter: TokenCounter) -> int:
    """The cookbook messages' prompt tokens as `counter` counts them, the reply priming included."""
    return REPLY_PRIMING_TOKENS + sum(
        counter.count_message(m["role"], m["content"], m.get("name")) for m in COOKBOOK_MESSAGES
    )


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
    assert cookbook_prompt_tokens(counter) == 129
    assert counter.count_prompt([("user", "hello world")]) == 3 + 6


def test_special_token_text_is_counted_as_ordinary_text() -> None:
    counter = TokenCounter("gpt-4")
    # No error, and more than the single special token it would otherwise be.
    assert counter.count_text("<|endoftext|>") > 1


@pytest.fixture
def token_warnings(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[], list[logging.LogRecord]]]:
    """The warnings wahook.agent.tokens logged during the test, no model having been warned about
    before it (each is warned about once per process)."""
    monkeypatch.setattr(tokens, "_warned_models", set())
    with caplog.at_level(logging.WARNING, logger="wahook.agent.tokens"):
        yield lambda: [r for r in caplog.records if r.name == "wahook.agent.tokens"]


@pytest.mark.parametrize("model", ["gpt-oss-20b", "some-local-llama"])
def test_models_without_an_offline_encoding_fall_back_to_cl100k_once(
    model: str, token_warnings: Callable[[], list[logging.LogRecord]]
) -> None:
    counter = TokenCounter(model)
    again = TokenCounter(model)
    assert counter.encoding_name == again.encoding_name == "cl100k_base"
    assert counter.is_fallback
    assert counter.count_text("hello world") == 2
    warnings = token_warnings()
    assert len(warnings) == 1
    assert model in warnings[0].getMessage()
    assert "cl100k_base" in warnings[0].getMessage()


def test_the_encoding_is_loaded_once_and_shared() -> None:
    assert TokenCounter("gpt-4")._encoding is TokenCounter("gpt-3.5-turbo")._encoding


def test_an_encoding_that_is_not_installed_is_refused_not_downloaded() -> None:
    assert tokens.offline_encoding_names() == {"cl100k_base", "o200k_base"}
    with pytest.raises(LookupError, match="not installed"):
        tokens.load_encoding("o200k_harmony")


# Known encodings, each from a source other than wahook:
# - OpenAI cookbook, "How to count tokens with tiktoken" (examples/How_to_count_tokens_with_tiktoken.ipynb),
#   sections 3 to 5: "tiktoken is great!", "antidisestablishmentarianism", "2 + 2 = 4", "お誕生日おめでとう";
# - Microsoft.ML.Tokenizers' tests (dotnet/machinelearning, test/Microsoft.ML.Tokenizers.Tests/
#   TiktokenTests.cs: TestEncode5 for gpt-4, TestEncodeO200kBaseEncoding for gpt-4o): "Hello ⭐ World";
# - tiktoken-rs's tests (tiktoken-rs/tests/tiktoken.rs, cl100k_base_test and o200k_base_test): the spaces;
# - tiktoken's own tests (tests/test_encoding.py, test_simple): "hello world" in cl100k_base.
KNOWN_O200K: dict[str, list[int]] = {
    "tiktoken is great!": [83, 8251, 2488, 382, 2212, 0],
    "antidisestablishmentarianism": [493, 129901, 376, 160388, 21203, 2367],
    "2 + 2 = 4": [17, 659, 220, 17, 314, 220, 19],
    "お誕生日おめでとう": [8930, 9697, 243, 128225, 8930, 17693, 4344, 48669],
    "Hello ⭐ World": [13225, 161181, 5922],
    "This is a test         with a lot of spaces": [2500, 382, 261, 1746, 269, 483, 261, 3261, 328, 18608],
}
KNOWN_CL100K: dict[str, list[int]] = {
    "hello world": [15339, 1917],
    "antidisestablishmentarianism": [519, 85342, 34500, 479, 8997, 2191],
    "2 + 2 = 4": [17, 489, 220, 17, 284, 220, 19],
    "お誕生日おめでとう": [33334, 45918, 243, 21990, 9080, 33334, 62004, 16556, 78699],
    "Hello ⭐ World": [9906, 2928, 99834, 4435],
    "This is a test         with a lot of spaces": [2028, 374, 264, 1296, 260, 449, 264, 2763, 315, 12908],
}


@pytest.mark.parametrize(("text", "ids"), KNOWN_O200K.items())
def test_o200k_base_encodes_known_texts_exactly(text: str, ids: list[int]) -> None:
    assert tokens.load_encoding("o200k_base").encode_ordinary(text) == ids
    assert TokenCounter("gpt-4o-mini").count_text(text) == len(ids)


@pytest.mark.parametrize(("text", "ids"), KNOWN_CL100K.items())
def test_cl100k_base_encodes_known_texts_exactly(text: str, ids: list[int]) -> None:
    assert tokens.load_encoding("cl100k_base").encode_ordinary(text) == ids
    assert TokenCounter("gpt-4").count_text(text) == len(ids)


def test_the_cookbook_example_is_124_prompt_tokens_for_gpt_4o_models() -> None:
    # Same cookbook, section 6: 124 prompt tokens for gpt-4o and gpt-4o-mini, as the API counted them.
    for model in ["gpt-4o", "gpt-4o-mini"]:
        assert cookbook_prompt_tokens(TokenCounter(model)) == 124, model


@pytest.mark.parametrize("model", ["gpt-4o-mini", "gpt-4o", "gpt-4.1", "o1", "o3-mini", "gpt-5"])
def test_o200k_models_are_counted_exactly_without_a_warning(
    model: str, token_warnings: Callable[[], list[logging.LogRecord]]
) -> None:
    counter = TokenCounter(model)
    assert counter.encoding_name == "o200k_base"
    assert not counter.is_fallback
    assert counter._encoding is TokenCounter("gpt-4o")._encoding
    assert token_warnings() == []


@pytest.mark.parametrize("name", sorted(encodings.SPECS))
def test_the_specs_are_tiktokens_own_definitions(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pattern, special tokens, file and hash as the installed tiktoken defines the encoding."""
    asked: list[tuple[str, str | None]] = []

    def no_download(blobpath: str, expected_hash: str | None = None) -> dict[bytes, int]:
        asked.append((blobpath, expected_hash))
        return {}

    monkeypatch.setattr(tiktoken_ext.openai_public, "load_tiktoken_bpe", no_download)
    theirs: dict[str, Any] = tiktoken_ext.openai_public.ENCODING_CONSTRUCTORS[name]()
    ours = encodings.SPECS[name]
    assert ours.pat_str == theirs["pat_str"]
    assert ours.special_tokens == theirs["special_tokens"]
    [(url, expected_hash)] = asked
    assert ours.file_name == url.rsplit("/", 1)[1] + ".gz"
    assert ours.sha256 == expected_hash


def copy_data(tmp_path: Path, name: str) -> Path:
    path = tmp_path / encodings.SPECS[name].file_name
    shutil.copyfile(encodings.data_dir() / path.name, path)
    return path


def test_an_untouched_copy_of_the_file_builds_the_encoding(tmp_path: Path) -> None:
    copy_data(tmp_path, "o200k_base")
    encoding = encodings.build_encoding("o200k_base", tmp_path)
    assert encoding.encode_ordinary("Hello ⭐ World") == KNOWN_O200K["Hello ⭐ World"]


def test_a_tampered_file_is_refused_by_its_hash(tmp_path: Path) -> None:
    path = copy_data(tmp_path, "o200k_base")
    lines = gzip.decompress(path.read_bytes()).splitlines(keepends=True)
    # Swap the ranks of two tokens: still a well-formed file, but a different encoding.
    first, second = lines[0].split(), lines[1].split()
    lines[0], lines[1] = first[0] + b" " + second[1] + b"\n", second[0] + b" " + first[1] + b"\n"
    path.write_bytes(gzip.compress(b"".join(lines)))
    with pytest.raises(EncodingDataError, match=encodings.SPECS["o200k_base"].sha256):
        encodings.build_encoding("o200k_base", tmp_path)


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EncodingDataError, match="cannot read"):
        encodings.build_encoding("o200k_base", tmp_path)


def test_loading_and_counting_never_open_a_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network use: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(tokens, "_encodings", {})
    for model in ["gpt-4o-mini", "gpt-4", "some-local-llama"]:
        assert TokenCounter(model).count_prompt([("user", "お誕生日おめでとう")]) > REPLY_PRIMING_TOKENS
