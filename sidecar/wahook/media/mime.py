"""MIME types as they come (`audio/ogg; codecs=opus`, `Application/JSON`) and as they are compared."""

from __future__ import annotations


def base_type(mime_type: str) -> str:
    """The type without its parameters, lower case: `audio/ogg` of `audio/ogg; codecs=opus`."""
    return mime_type.split(";", 1)[0].strip().lower()
