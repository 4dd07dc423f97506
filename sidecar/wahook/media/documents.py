"""Documents into text: a PDF's text (pypdf, in a child process killed at a deadline:
wahook.media.pdf_text) and plain text (its charset, else UTF-8, undecodable bytes replaced), cleaned
of control characters Postgres or a model cannot take, then cut to a token budget in the chat
model's encoding. Other types (Word, spreadsheets, ...) are not read: None, and the message reads
as its file name and caption.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import mimetypes
import re
import sys

from wahook.agent.tokens import TokenCounter
from wahook.media import pdf_text
from wahook.media.child_process import failure_reason, reaped
from wahook.media.mime import base_type
from wahook.media.read_error import MediaReadError

PDF = "application/pdf"
GENERIC = frozenset({"application/octet-stream", "binary/octet-stream", ""})
PLAIN_TEXT = frozenset({"text/plain", "text/csv", "text/markdown", "text/tab-separated-values"})
# Pages read at most, whatever the budget: a page of text is some hundreds of tokens.
MAX_PAGES = 200
# pdf_text stops reading pages at this many characters per budget token (a token is rarely longer).
CHARS_PER_TOKEN = 8
# UTF-8 and UTF-32 take up to 4 bytes a character: twice that leaves room for whitespace cleaned away.
MAX_BYTES_PER_CHAR = 8
# Control characters but tab and newline (NUL cannot be stored in a text column at all).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*){2,}")
CHARSET = re.compile(r";\s*charset\s*=\s*\"?([A-Za-z0-9._:-]+)", re.IGNORECASE)


async def read_document(
    mime_type: str,
    data: bytes,
    *,
    counter: TokenCounter,
    max_tokens: int,
    timeout_seconds: float,
    filename: str | None = None,
) -> str | None:
    """The document's text cut to `max_tokens`, or None for a type that is not read or a document
    without text (a scanned PDF). A generic type (application/octet-stream) is taken from the file
    name's extension. Raises MediaReadError: document_encrypted and document_unreadable (never
    retryable), document_timeout (retryable)."""
    kind = base_type(mime_type)
    if kind in GENERIC and filename:
        kind = mimetypes.guess_type(filename, strict=False)[0] or kind
    # Only the start can be kept: what is read, decoded, cleaned and encoded is bounded by the
    # budget, not by the file's size (a 100 MB text file costs no more than a short one).
    max_chars = max_tokens * CHARS_PER_TOKEN
    if kind == PDF:
        text = await pdf_to_text(data, max_chars=max_chars, timeout_seconds=timeout_seconds)
    elif kind in PLAIN_TEXT:
        text = decode_text(data[: max_chars * MAX_BYTES_PER_CHAR], mime_type)
    else:
        return None
    text = clean(text[: 2 * max_chars])
    return counter.cut_text(text, max_tokens).rstrip() or None


def decode_text(data: bytes, mime_type: str) -> str:
    """The bytes decoded with the charset the type names (when Python knows it), else UTF-8; a
    byte-order mark wins over both."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, "replace")
    encoding = "utf-8"
    match = CHARSET.search(mime_type)
    if match:
        with contextlib.suppress(LookupError):
            encoding = codecs.lookup(match.group(1)).name
    return data.decode(encoding, "replace")


def clean(text: str) -> str:
    text = CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    return BLANK_LINES.sub("\n\n", text).strip()


async def pdf_to_text(data: bytes, *, max_chars: int, timeout_seconds: float) -> str:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *("-m", "wahook.media.pdf_text", "--max-pages", str(MAX_PAGES), "--max-chars", str(max_chars)),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        async with reaped(process), asyncio.timeout(timeout_seconds):
            output, errors = await process.communicate(data)
    except TimeoutError:
        raise MediaReadError(
            "document_timeout", f"the PDF's text was not read within {timeout_seconds:g} s", retryable=True
        ) from None
    if process.returncode == pdf_text.EXIT_ENCRYPTED:
        raise MediaReadError("document_encrypted", "the PDF is protected by a password", retryable=False)
    if process.returncode != 0:
        detail = failure_reason(errors, process.returncode, 300)
        raise MediaReadError("document_unreadable", f"the PDF could not be read: {detail}", retryable=False)
    return output.decode("utf-8", "replace")
