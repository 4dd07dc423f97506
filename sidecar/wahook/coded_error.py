"""The base of the failures that outside calls report (a provider's, the Graph API's, reading a
medium): a short stable `code`, stored and counted, and whether trying again may help."""

from __future__ import annotations


class CodedError(Exception):
    def __init__(self, code: str, message: str, retryable: bool) -> None:
        super().__init__(message)
        self.code = code
        self.retryable = retryable

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, retryable={self.retryable}, message={str(self)!r})"
