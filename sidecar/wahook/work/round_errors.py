"""How a background loop (claims, ingest, the sender's rounds) takes the failure of one round: it
logs it and goes on, to try again at its next round. A database that is away is expected and
passes (a warning); anything else is logged with its traceback."""

from __future__ import annotations

import logging
from types import TracebackType

from wahook.db.pool import DatabaseUnavailable


class RoundErrors:
    """`with RoundErrors(log, "claim", "claim_failed"): ...` logs and swallows what the block raises
    (Exception, never a cancellation): "claim skipped: database unavailable" (warning) or "claim
    failed" (error, event claim_failed), logged as from the block's own function. A class rather
    than a generator: it wraps hot loops."""

    __slots__ = ("_event", "_log", "_what")

    def __init__(self, log: logging.Logger, what: str, event: str) -> None:
        self._log = log
        self._what = what
        self._event = event

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool:
        if isinstance(exc, DatabaseUnavailable):
            self._log.warning(
                f"{self._what} skipped: database unavailable", extra={"error": str(exc)}, stacklevel=2
            )
            return True
        if isinstance(exc, Exception):
            self._log.error(f"{self._what} failed", exc_info=exc, extra={"event": self._event}, stacklevel=2)
            return True
        return False
