"""A PDF's text, extracted with pypdf in a child process (`python -m wahook.media.pdf_text`).

The PDF comes in on stdin, its text (UTF-8) goes out on stdout. A child process, because pypdf is
pure Python working on hostile input: a crafted file can make it spin or swell, and only a process
can be killed at a deadline (wahook.media.documents does) and bounded in memory (here).

Exit codes: 0 the text (possibly empty: a scanned PDF has none), 3 encrypted with a password,
4 not a readable PDF; the reason on stderr.
"""

from __future__ import annotations

import argparse
import io
import logging
import resource
import sys

EXIT_ENCRYPTED = 3
EXIT_UNREADABLE = 4
# Address space of the child: pypdf on a normal PDF needs far less.
MEMORY_BYTES = 1024 * 1024 * 1024


def extract(data: bytes, max_pages: int, max_chars: int) -> str:
    """The text of the first pages, up to about `max_chars` characters (pages are read until it
    has that many). Raises PermissionError when the PDF needs a password, ValueError when it is
    not a readable PDF."""
    from pypdf import PasswordType, PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        # Many PDFs are encrypted with an empty user password only (to forbid copying): they open.
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise PermissionError("the PDF is protected by a password")
        texts: list[str] = []
        size = 0
        for page in reader.pages[:max_pages]:
            text = page.extract_text() or ""
            texts.append(text)
            size += len(text)
            if size >= max_chars:
                break
    except PermissionError:
        raise
    except Exception as exc:
        # A damaged or crafted file makes pypdf fail in many ways (its own errors, zlib, struct,
        # recursion...): in this throwaway process each means the same thing.
        raise ValueError(f"not a readable PDF ({type(exc).__name__})") from None
    return "\n\n".join(texts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max-pages", type=int, required=True)
    parser.add_argument("--max-chars", type=int, required=True)
    args = parser.parse_args(argv)
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    # pypdf warns about every irregularity of a damaged file; only the outcome matters here.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    data = sys.stdin.buffer.read()
    try:
        text = extract(data, args.max_pages, args.max_chars)
    except PermissionError as exc:
        print(exc, file=sys.stderr)
        return EXIT_ENCRYPTED
    except (ValueError, MemoryError) as exc:
        print(exc if isinstance(exc, ValueError) else "not a readable PDF (too large)", file=sys.stderr)
        return EXIT_UNREADABLE
    sys.stdout.buffer.write(text.encode("utf-8", "replace"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
