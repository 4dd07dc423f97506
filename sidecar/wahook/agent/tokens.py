"""Token counting with tiktoken, offline, in OpenAI's chat format.

tiktoken maps the model to its encoding; `wahook.agent.encodings` builds `o200k_base` (gpt-4o,
gpt-4o-mini and OpenAI's later models) and `cl100k_base` (gpt-4, gpt-3.5-turbo) from bundled files
checked by hash, so those counts are exact. wahook never asks tiktoken for an encoding that it would
have to download, so nothing here touches the network.

Fallback: a model whose encoding is neither (models tiktoken does not know, such as most models
behind an OpenAI-compatible server, and those it maps elsewhere, such as gpt-oss-* to
`o200k_harmony`) is counted with `cl100k_base` instead, and wahook logs one warning per model and
process saying so. Such counts are estimates: leave some headroom in `WAHOOK_CONTEXT_TOKENS`. The
provider's own `usage` figures, when it returns them, are what a reply reports as tokens in and out.

Chat counting follows OpenAI's cookbook ("How to count tokens with tiktoken"): every message costs
`TOKENS_PER_MESSAGE` (3) plus the tokens of its role and content (plus `TOKENS_PER_NAME` and the
name's tokens when it has a name), and every request costs `REPLY_PRIMING_TOKENS` (3) more, for the
`<|start|>assistant<|message|>` that primes the reply. Text is encoded as ordinary text: a customer
who types `<|endoftext|>` gets it counted as characters, not as a special token.

The encoding is loaded once per process (about a third of a second for o200k_base) and shared;
counting is a pure function of the text.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable

import tiktoken
import tiktoken.model

from wahook.agent import encodings

logger = logging.getLogger(__name__)

TOKENS_PER_MESSAGE = 3
TOKENS_PER_NAME = 1
REPLY_PRIMING_TOKENS = 3
FALLBACK_ENCODING = "cl100k_base"

_lock = threading.Lock()
_encodings: dict[str, tiktoken.Encoding] = {}
_warned_models: set[str] = set()


def offline_encoding_names() -> frozenset[str]:
    """The encodings usable without a download, by their standard names (`cl100k_base`, ...)."""
    return frozenset(encodings.SPECS)


def model_encoding_name(model: str) -> str | None:
    """The encoding tiktoken knows for a model (`o200k_base` for gpt-4o), or None if unknown."""
    try:
        return tiktoken.model.encoding_name_for_model(model)
    except KeyError:
        return None


def resolve_encoding(model: str) -> tuple[str, bool]:
    """(encoding name to count with, whether that is the fallback rather than the model's own)."""
    wanted = model_encoding_name(model)
    if wanted is not None and wanted in offline_encoding_names():
        return wanted, False
    return FALLBACK_ENCODING, True


def load_encoding(name: str) -> tiktoken.Encoding:
    """The offline encoding of that standard name, loaded once per process.

    Raises LookupError for an encoding wahook does not bundle (asking tiktoken for it would start a
    download) and `encodings.EncodingDataError` when its bundled file fails the hash check.
    """
    with _lock:
        encoding = _encodings.get(name)
        if encoding is None:
            encoding = encodings.build_encoding(name)
            _encodings[name] = encoding
        return encoding


class TokenCounter:
    """Counts tokens for one model. Cheap to create: the encoding itself is shared."""

    def __init__(self, model: str) -> None:
        self.model = model
        self.encoding_name, self.is_fallback = resolve_encoding(model)
        self._encoding = load_encoding(self.encoding_name)
        if self.is_fallback:
            warn_fallback_once(model, self.encoding_name)

    def __repr__(self) -> str:
        return f"TokenCounter(model={self.model!r}, encoding_name={self.encoding_name!r})"

    def count_text(self, text: str) -> int:
        """Tokens of the text alone, without any chat overhead."""
        return len(self._encoding.encode_ordinary(text))

    def cut_text(self, text: str, tokens: int) -> str:
        """The text's first `tokens` tokens (the text itself when it has no more), never ending in
        half a character."""
        encoded = self._encoding.encode_ordinary(text)
        if len(encoded) <= tokens:
            return text
        return self._encoding.decode(encoded[:tokens], errors="ignore")

    def count_message(self, role: str, content: str, name: str | None = None) -> int:
        """Tokens one chat message adds to a request: overhead, role, content (and name)."""
        tokens = TOKENS_PER_MESSAGE + self.count_text(role) + self.count_text(content)
        if name is not None:
            tokens += TOKENS_PER_NAME + self.count_text(name)
        return tokens

    def count_prompt(self, messages: Iterable[tuple[str, str]]) -> int:
        """Prompt tokens of a whole request of (role, content) messages, reply priming included."""
        return REPLY_PRIMING_TOKENS + sum(self.count_message(role, content) for role, content in messages)


def warn_fallback_once(model: str, encoding_name: str) -> None:
    with _lock:
        if model in _warned_models:
            return
        _warned_models.add(model)
    wanted = model_encoding_name(model)
    why = f"its encoding {wanted} is not installed" if wanted else "tiktoken does not know its encoding"
    logger.warning(
        "counting tokens for model %s with %s: %s (offline only); counts are estimates",
        model,
        encoding_name,
        why,
        extra={"event": "tokens.fallback_encoding"},
    )
