"""Settings that hold a secret (a key, a token, a URL with a password): marked on the field, and
shown only as set or unset by the settings' repr, so that none reaches a log or a traceback."""

from __future__ import annotations

from dataclasses import field, fields
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

SECRET = "secret"


def secret(*, required: bool = False) -> str:
    """A dataclass field whose value redacted_repr never shows; empty by default, or one the
    constructor must be given."""
    if required:
        marked: str = field(metadata={SECRET: True})
        return marked
    return field(default="", metadata={SECRET: True})


def redacted_repr(settings: DataclassInstance) -> str:
    """The dataclass's repr, its fields in order (those with repr=False left out), each secret as
    <set> or <unset>."""
    shown = []
    for item in fields(settings):
        if not item.repr:
            continue
        value = getattr(settings, item.name)
        text = ("<set>" if value else "<unset>") if item.metadata.get(SECRET) else repr(value)
        shown.append(f"{item.name}={text}")
    return f"{type(settings).__name__}({', '.join(shown)})"
