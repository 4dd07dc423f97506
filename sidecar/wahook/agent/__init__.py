"""The agent side of a turn: providers (echo, OpenAI-compatible) behind a circuit breaker, the
token-budgeted context, and the agent settings."""
