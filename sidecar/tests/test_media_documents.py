"""Documents into text: real PDFs (made with pypdf) and plain text, cut to the token budget, and
the PDFs that cannot be read (password, corrupt, too slow) failing clearly."""

from __future__ import annotations

import asyncio
import codecs
from typing import Any

import pytest

from tests.media_files import pdf
from wahook.agent.tokens import TokenCounter
from wahook.media import documents
from wahook.media.documents import read_document
from wahook.media.read_error import MediaReadError

COUNTER = TokenCounter("gpt-4o-mini")


def read(mime_type: str, data: bytes, max_tokens: int = 2000, **options: Any) -> str | None:
    options.setdefault("timeout_seconds", 30)
    return asyncio.run(read_document(mime_type, data, counter=COUNTER, max_tokens=max_tokens, **options))


def fails(mime_type: str, data: bytes, **options: Any) -> MediaReadError:
    with pytest.raises(MediaReadError) as raised:
        read(mime_type, data, **options)
    return raised.value


def test_a_pdf_reads_as_the_text_of_its_pages() -> None:
    data = pdf("Invoice 2026-118 for Ada Lovelace", "Total due: 42.00 EUR (by 1 December)")
    assert read("application/pdf", data) == (
        "Invoice 2026-118 for Ada Lovelace\n\nTotal due: 42.00 EUR (by 1 December)"
    )


def test_a_long_document_is_cut_to_the_token_budget() -> None:
    pages = [f"Page {n}: " + " ".join(f"clause{n}x{i}" for i in range(40)) for n in range(30)]
    whole = read("application/pdf", pdf(*pages), max_tokens=100_000)
    assert whole is not None and whole.startswith("Page 0:") and "Page 29:" in whole
    cut = read("application/pdf", pdf(*pages), max_tokens=50)
    assert cut is not None and whole.startswith(cut)
    assert 45 <= COUNTER.count_text(cut) <= 50
    text = "Grüße aus Köln. " * 400
    cut_text = read("text/plain; charset=utf-8", text.encode(), max_tokens=30)
    assert cut_text is not None and text.startswith(cut_text) and COUNTER.count_text(cut_text) <= 30


def test_a_huge_text_file_costs_no_more_than_its_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    decoded: list[int] = []  # the size of each text given to decode_text
    real_decode_text = documents.decode_text

    def decode_text(data: bytes, mime_type: str) -> str:
        decoded.append(len(data))
        return real_decode_text(data, mime_type)

    monkeypatch.setattr(documents, "decode_text", decode_text)
    data = ("lorem ipsum dolor sit amet " * 1_000_000).encode()  # 27 MB
    text = read("text/plain", data, max_tokens=100)
    [size] = decoded
    assert size <= 100 * documents.CHARS_PER_TOKEN * documents.MAX_BYTES_PER_CHAR, (
        "more of the file was decoded than the budget can use"
    )
    assert text is not None and COUNTER.count_text(text) == 100


@pytest.mark.parametrize("algorithm", ["AES-256", "AES-128", "RC4-128"])
def test_a_pdf_with_an_empty_user_password_opens_one_with_a_password_does_not(algorithm: str) -> None:
    protected = pdf("copy-protected only", user_password="", algorithm=algorithm)
    assert read("application/pdf", protected) == "copy-protected only"
    error = fails("application/pdf", pdf("secret terms", user_password="s3cret", algorithm=algorithm))
    assert (error.code, error.retryable) == ("document_encrypted", False)
    assert "password" in str(error)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"%PDF-1.7\n%garbage that is no PDF at all\n",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
        pdf("cut short")[:200],
    ],
    ids=["empty", "garbage", "png", "truncated"],
)
def test_a_corrupt_pdf_is_a_clear_error_that_is_not_retried(data: bytes) -> None:
    error = fails("application/pdf", data)
    assert (error.code, error.retryable) == ("document_unreadable", False)
    assert str(error).startswith("the PDF could not be read")


def test_reading_a_pdf_is_bounded_in_time() -> None:
    error = fails("application/pdf", pdf("slow"), timeout_seconds=0.001)
    assert (error.code, error.retryable) == ("document_timeout", True)


def test_a_pdf_without_text_reads_as_nothing() -> None:
    assert read("application/pdf", pdf("")) is None  # a scanned page: the message reads as its name


@pytest.mark.parametrize(
    ("mime_type", "data", "text"),
    [
        ("text/plain", b"Hello\r\nworld\r\n", "Hello\nworld"),
        ("text/plain; charset=ISO-8859-1", "Grüße".encode("latin-1"), "Grüße"),
        ('text/plain; charset="windows-1252"', "“quoted” \u2013 €5".encode("cp1252"), "“quoted” \u2013 €5"),
        ("text/plain", codecs.BOM_UTF16_LE + "Ünïcode".encode("utf-16-le"), "Ünïcode"),
        ("text/plain; charset=no-such-charset", "plain ütf-8".encode(), "plain ütf-8"),
        ("text/plain", b"bad \xff byte", "bad \ufffd byte"),
        ("text/plain", b"nul\x00 and \x07bell\n\n\n\n\nand gaps", "nul  and  bell\n\nand gaps"),
        ("text/csv", b"name,qty\nbolt,4\n", "name,qty\nbolt,4"),
    ],
)
def test_plain_text_is_decoded_by_its_charset_and_cleaned(mime_type: str, data: bytes, text: str) -> None:
    assert read(mime_type, data) == text


def test_a_generic_type_is_read_by_the_file_name() -> None:
    assert read("application/octet-stream", b"notes", filename="notes.txt") == "notes"
    assert read("application/octet-stream", pdf("by name"), filename="Scan.PDF") == "by name"
    assert read("application/octet-stream", b"PK\x03\x04", filename="report.docx") is None


@pytest.mark.parametrize(
    "mime_type",
    [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/msword",
        "image/jpeg",
        "text/html",
    ],
)
def test_other_types_are_not_read(mime_type: str) -> None:
    assert read(mime_type, b"<p>whatever</p>") is None
