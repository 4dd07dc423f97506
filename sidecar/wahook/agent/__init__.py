"""The agent side of a turn: provider types, the echo and OpenAI-compatible providers behind a
circuit breaker, the token-budgeted context, and token counting."""
