from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wahook.agent.context import ChatMessage, ContextWindow, build_context, history_budget
from wahook.agent.tokens import REPLY_PRIMING_TOKENS, TokenCounter


def msg(tokens: int, role: str = "user", content: str | None = None) -> ChatMessage:
    return ChatMessage(role, content if content is not None else f"m{tokens}", tokens)


def numbered(prefix: str, sizes: list[int]) -> list[ChatMessage]:
    return [ChatMessage("user", f"{prefix}{i}", size) for i, size in enumerate(sizes)]


SYSTEM = ChatMessage("system", "be nice", 10)


def test_everything_fits() -> None:
    history = numbered("h", [5, 5, 5])
    current = numbered("c", [4])
    window = build_context(SYSTEM, history, current, context_tokens=100, reply_tokens=20)
    assert window.messages == [SYSTEM, *history, *current]
    assert window.tokens == REPLY_PRIMING_TOKENS + 10 + 15 + 4
    assert (window.history_dropped, window.current_dropped, window.over_budget) == (0, 0, False)


def test_the_oldest_history_goes_first_and_no_older_message_jumps_a_gap() -> None:
    history = numbered("h", [1, 1, 30, 5, 5])
    current = numbered("c", [4])
    # budget 50: 3 priming + 10 system + 4 current = 17, 33 left: 5 + 5 fit, 30 does not.
    window = build_context(SYSTEM, history, current, context_tokens=70, reply_tokens=20)
    assert window.messages == [SYSTEM, history[3], history[4], current[0]]
    assert (window.history_kept, window.history_dropped) == (2, 3)
    assert window.tokens == 3 + 10 + 5 + 5 + 4


def test_a_current_turn_that_does_not_fit_keeps_its_newest_messages_and_no_history() -> None:
    history = numbered("h", [1])
    current = numbered("c", [20, 20, 5, 5])
    # budget 40: 27 left for messages: 5 + 5 fit, then 20 does not.
    window = build_context(SYSTEM, history, current, context_tokens=60, reply_tokens=20)
    assert window.messages == [SYSTEM, current[2], current[3]]
    assert (window.current_kept, window.current_dropped, window.history_kept) == (2, 2, 0)
    assert not window.over_budget


def test_the_newest_message_is_kept_even_alone_over_budget() -> None:
    current = numbered("c", [5, 500])
    window = build_context(SYSTEM, numbered("h", [1]), current, context_tokens=60, reply_tokens=20)
    assert window.messages == [SYSTEM, current[1]]
    assert window.over_budget
    assert window.tokens > window.budget


@pytest.mark.parametrize(
    ("current", "context_tokens", "reply_tokens", "message"),
    [
        ([], 100, 10, "no messages"),
        ([msg(1)], 100, 100, "must exceed"),
        ([msg(1)], 100, -1, "must exceed"),
        ([msg(-1)], 100, 10, "negative"),
    ],
)
def test_bad_arguments_are_clear_errors(
    current: list[ChatMessage], context_tokens: int, reply_tokens: int, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        build_context(SYSTEM, [], current, context_tokens, reply_tokens)


def test_counted_messages_carry_the_chat_overhead() -> None:
    counter = TokenCounter("gpt-4")
    assert ChatMessage.counted(counter, "user", "hello world") == ChatMessage("user", "hello world", 6)


sizes = st.integers(min_value=0, max_value=60)


@given(
    system_tokens=sizes,
    history_sizes=st.lists(sizes, max_size=12),
    current_sizes=st.lists(sizes, min_size=1, max_size=6),
    context_tokens=st.integers(min_value=1, max_value=400),
    reply_tokens=st.integers(min_value=0, max_value=200),
)
def test_window_properties(
    system_tokens: int,
    history_sizes: list[int],
    current_sizes: list[int],
    context_tokens: int,
    reply_tokens: int,
) -> None:
    if reply_tokens >= context_tokens:
        with pytest.raises(ValueError, match="must exceed"):
            build_context(SYSTEM, [], [msg(1)], context_tokens, reply_tokens)
        return
    system = ChatMessage("system", "s", system_tokens)
    history = numbered("h", history_sizes)
    current = numbered("c", current_sizes)
    window = build_context(system, history, current, context_tokens, reply_tokens)
    check_window(window, system, history, current, context_tokens - reply_tokens)
    # Reading only the history that fits history_budget (as get_context_window does) gives the
    # same window whenever history is used at all.
    if window.current_dropped == 0:
        fitting = history[len(history) - window.history_kept :]
        assert sum(m.tokens for m in fitting) <= history_budget(system, current, context_tokens, reply_tokens)
        assert (
            build_context(system, fitting, current, context_tokens, reply_tokens).messages == window.messages
        )


def check_window(
    window: ContextWindow,
    system: ChatMessage,
    history: list[ChatMessage],
    current: list[ChatMessage],
    budget: int,
) -> None:
    messages = window.messages
    assert window.budget == budget
    assert window.tokens == REPLY_PRIMING_TOKENS + sum(m.tokens for m in messages)
    # Starts with the system prompt; then a newest suffix of history; then a newest suffix of the
    # current turn, never empty, ending with the newest message.
    assert messages[0] is system
    kept_history = messages[1 : 1 + window.history_kept]
    kept_current = messages[1 + window.history_kept :]
    assert kept_history == history[len(history) - window.history_kept :]
    assert kept_current == current[len(current) - window.current_kept :]
    assert 1 <= window.current_kept == len(kept_current)
    assert kept_current[-1] is current[-1]
    assert window.history_dropped == len(history) - window.history_kept
    assert window.current_dropped == len(current) - window.current_kept

    floor = REPLY_PRIMING_TOKENS + system.tokens + current[-1].tokens
    # Never over the budget, unless the system prompt and the newest message alone are.
    assert window.over_budget == (floor > budget)
    if not window.over_budget:
        assert window.tokens <= budget
    else:
        assert messages == [system, current[-1]]

    # Maximal: the next older message (current first, then history) would not fit.
    if window.current_dropped:
        assert window.history_kept == 0
        if not window.over_budget:
            assert window.tokens + current[-window.current_kept - 1].tokens > budget
    elif window.history_dropped:
        assert window.tokens + history[-window.history_kept - 1].tokens > budget
