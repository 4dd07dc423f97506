"""Handing a conversation to a person: the provider contract's way for the agent to ask for one.

The OpenAI-compatible provider offers the function tool `handoff_to_human` (when
AgentSettings.handoff is on, WAHOOK_AGENT_HANDOFF=1). A model that calls it hands the conversation
off: the provider answers AgentReply(handoff_reason=<its reason>, text=<any content it wrote beside
the call>), the worker completes the turn with that, and the completion pauses the conversation in
the same transaction and queues an alert (wahook_private.hand_off_turns). The echo agent never
hands off.
"""

from __future__ import annotations

import json
from typing import Any

HANDOFF_TOOL_NAME = "handoff_to_human"
# The reason a call without a usable one gets; the engine caps reasons at 1000 characters.
DEFAULT_REASON = "the agent asked for a person"
MAX_REASON_CHARS = 1000

HANDOFF_TOOL: dict[str, Any] = {
    "type": "function",
    "function": {
        "name": HANDOFF_TOOL_NAME,
        "description": (
            "Hand this conversation to a person at the business: when the customer asks for a human, "
            "or when you cannot help. You may also write a short message telling the customer that a "
            "person will answer. You stop answering this customer until a person hands it back."
        ),
        "parameters": {
            "type": "object",
            "properties": {
                "reason": {
                    "type": "string",
                    "description": "Why a person is needed, in one short sentence for the staff.",
                }
            },
            "required": ["reason"],
        },
    },
}


def handoff_reason(message: dict[str, Any]) -> str | None:
    """The reason of the first `handoff_to_human` call among an assistant message's tool_calls, or
    None when it makes none. A call whose arguments are not JSON with a text `reason` still hands
    off, with DEFAULT_REASON: the model asked for a person either way."""
    calls = message.get("tool_calls")
    if not isinstance(calls, list):
        return None
    for call in calls:
        function = call.get("function") if isinstance(call, dict) else None
        if not isinstance(function, dict) or function.get("name") != HANDOFF_TOOL_NAME:
            continue
        arguments = function.get("arguments")
        try:
            parsed = json.loads(arguments) if isinstance(arguments, str) else arguments
        except ValueError:
            parsed = None
        reason = parsed.get("reason") if isinstance(parsed, dict) else None
        if isinstance(reason, str) and reason.strip():
            return reason.strip()[:MAX_REASON_CHARS]
        return DEFAULT_REASON
    return None
