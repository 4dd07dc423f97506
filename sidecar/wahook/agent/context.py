"""The context window: which messages an agent call sees, chosen by token budget.

The budget of a request is `context_tokens - reply_tokens`: the prompt (every message's tokens,
per-message overhead included, plus the reply priming) must fit in it so that the reply has
`reply_tokens` left. Within it, in order of priority:

1. the system prompt, always;
2. the current turn (the messages being answered), newest first: when it does not all fit, its
   oldest messages are dropped and `current_dropped` says how many; the newest message is always
   kept, and if even that does not fit, `over_budget` is set (the only case in which the window
   exceeds the budget; the provider will then most likely refuse the request as too long);
3. the conversation history, newest first, as a contiguous run that ends at the current turn: an
   older message is never taken in place of a newer one that does not fit, and no history is taken
   at all when part of the current turn had to be dropped, so the model never sees a gap.

The result is in conversation order: system prompt, the history kept (oldest first), the current
turn kept (oldest first).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from wahook.agent.images import ImageContent
from wahook.agent.tokens import REPLY_PRIMING_TOKENS, TokenCounter


@dataclass(frozen=True)
class ChatMessage:
    """One message of a chat request. `tokens` includes the per-message overhead, as counted by
    `TokenCounter.count_message` (and stored in `agent_contexts`, so it is counted only once)."""

    role: str
    content: str
    tokens: int
    # An image sent with the text to a model with vision (wahook.agent.images); `tokens` then
    # includes its cost.
    image: ImageContent | None = None

    @classmethod
    def counted(cls, counter: TokenCounter, role: str, content: str) -> ChatMessage:
        return cls(role, content, counter.count_message(role, content))


@dataclass(frozen=True)
class ContextWindow:
    messages: list[ChatMessage]
    # Prompt tokens of the window: its messages plus the reply priming.
    tokens: int
    budget: int
    history_kept: int
    history_dropped: int
    current_kept: int
    current_dropped: int
    # True only when the system prompt and the newest current message alone exceed the budget.
    over_budget: bool


def build_context(
    system: ChatMessage,
    history: Sequence[ChatMessage],
    current: Sequence[ChatMessage],
    context_tokens: int,
    reply_tokens: int,
) -> ContextWindow:
    """The window for one agent call. `history` and `current` are oldest first.

    Raises ValueError when the current turn is empty, a message has negative tokens, or the
    reply does not leave room for a prompt (`reply_tokens >= context_tokens`)."""
    if not current:
        raise ValueError("the current turn has no messages")
    if reply_tokens < 0 or context_tokens <= reply_tokens:
        raise ValueError(
            f"context_tokens ({context_tokens}) must exceed reply_tokens ({reply_tokens}) and both be >= 0"
        )
    if any(m.tokens < 0 for m in (system, *history, *current)):
        raise ValueError("a message has a negative token count")

    budget = context_tokens - reply_tokens
    left = budget - REPLY_PRIMING_TOKENS - system.tokens

    current_kept = newest_that_fit(current, left)
    over_budget = current_kept == 0
    current_kept = max(current_kept, 1)
    left -= sum(m.tokens for m in current[len(current) - current_kept :])

    history_kept = newest_that_fit(history, left) if current_kept == len(current) else 0

    messages = [system, *history[len(history) - history_kept :], *current[len(current) - current_kept :]]
    return ContextWindow(
        messages=messages,
        tokens=REPLY_PRIMING_TOKENS + sum(m.tokens for m in messages),
        budget=budget,
        history_kept=history_kept,
        history_dropped=len(history) - history_kept,
        current_kept=current_kept,
        current_dropped=len(current) - current_kept,
        over_budget=over_budget,
    )


def history_budget(
    system: ChatMessage, current: Sequence[ChatMessage], context_tokens: int, reply_tokens: int
) -> int:
    """The tokens left for history once the system prompt, the whole current turn and the reply
    priming are in (0 when there is no room): the budget to ask `wahook.get_context_window` for,
    so that only history that can fit is read. build_context still decides the final window."""
    used = REPLY_PRIMING_TOKENS + system.tokens + sum(m.tokens for m in current)
    return max(0, context_tokens - reply_tokens - used)


def newest_that_fit(messages: Sequence[ChatMessage], tokens: int) -> int:
    """How many of the newest messages fit, together, in that many tokens (stops at the first
    message that does not fit)."""
    kept = 0
    for message in reversed(messages):
        if message.tokens > tokens:
            break
        tokens -= message.tokens
        kept += 1
    return kept
