"""Real media bytes made in the tests: an OGG/Opus voice note and images by ffmpeg (a Debian
package scripts/setup installs), PDFs by pypdf (a page each, its text drawn in Helvetica: text that
pypdf, or any PDF reader, extracts)."""

from __future__ import annotations

import io
import subprocess

from pypdf import PdfWriter
from pypdf.generic import ContentStream, DictionaryObject, NameObject

from tests.host_tools import require


def ffmpeg(*args: str, input: bytes | None = None, timeout: float = 60) -> bytes:
    """What ffmpeg with `args` writes to its standard output (pipe:1), given `input` on its
    standard input (pipe:0)."""
    program = require("ffmpeg", "making and reading real voice notes and images for the media tests")
    return subprocess.run(
        [program, "-hide_banner", "-loglevel", "error", "-nostdin", *args, "pipe:1"],
        input=input,
        check=True,
        capture_output=True,
        timeout=timeout,
    ).stdout


def voice_note(frequency: int = 440, seconds: float = 1.0) -> bytes:
    """A tone as WhatsApp sends voice notes: Opus in an OGG container."""
    return ffmpeg(
        "-f", "lavfi", "-i", f"sine=frequency={frequency}:duration={seconds}", "-c:a", "libopus", "-f", "ogg"
    )


def image(codec: str = "mjpeg", color: str = "red", size: str = "16x16") -> bytes:
    """A one-frame image: `mjpeg` (JPEG) or `png`."""
    return ffmpeg(
        "-f", "lavfi", "-i", f"color={color}:s={size}", "-frames:v", "1", "-c:v", codec, "-f", "image2"
    )


def pdf(*pages: str, user_password: str | None = None, algorithm: str = "AES-256") -> bytes:
    """A PDF with one page per text; encrypted with `algorithm` when a user password is given (""
    opens without one)."""
    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    for text in pages:
        page = writer.add_blank_page(612, 792)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        content = ContentStream(None, None)
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        content.set_data(f"BT /F1 12 Tf 72 720 Td ({escaped}) Tj ET".encode("latin-1"))
        page.replace_contents(content)
    if user_password is not None:
        writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
