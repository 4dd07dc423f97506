"""The SQLSTATE registry (db/schema/0002_error_codes.sql) as domain exceptions, in one place."""

from __future__ import annotations

import psycopg

# Each WahookError subclass by its sqlstate, filled as the classes below are declared.
BY_SQLSTATE: dict[str, type[WahookError]] = {}


class WahookError(Exception):
    """An error the engine raised on purpose, with its registered SQLSTATE."""

    sqlstate = ""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint

    def __init_subclass__(cls, *, sqlstate: str) -> None:
        # The class statement names its code, and this registers it: the list is written once.
        super().__init_subclass__()
        cls.sqlstate = sqlstate
        BY_SQLSTATE[sqlstate] = cls


class InvalidPayload(WahookError, sqlstate="WH001"): ...


class InvalidArgument(WahookError, sqlstate="WH002"): ...


class LeaseLost(WahookError, sqlstate="WH010"): ...


class ConversationNotFound(WahookError, sqlstate="WH011"): ...


class InvalidTransition(WahookError, sqlstate="WH012"): ...


class ConversationNotPaused(WahookError, sqlstate="WH013"): ...


class InvalidSetting(WahookError, sqlstate="WH020"): ...


class DlqEntryNotFound(WahookError, sqlstate="WH030"): ...


class OutboundMessageNotFound(WahookError, sqlstate="WH040"): ...


class CustomerBusy(WahookError, sqlstate="WH050"): ...


# Postgres rejects some JSON that Python accepts (\u0000 in text): bad input, not a server fault.
INVALID_INPUT_SQLSTATES = {"22P02", "22P05", "22021", "54001"}


def translate(exc: psycopg.Error) -> Exception:
    """The domain exception for a database error, or the error itself when it is not ours."""
    diag = exc.diag
    code = exc.sqlstate or ""
    if code in BY_SQLSTATE:
        return BY_SQLSTATE[code](diag.message_primary or str(exc), diag.message_hint)
    if code in INVALID_INPUT_SQLSTATES:
        return InvalidPayload(diag.message_primary or str(exc))
    return exc
