"""The Graph API calls of the media fetch step: GET /{media-id} for a download URL (valid for about
five minutes, so asked for anew on every attempt), then a streamed GET of that URL with the same
bearer token, cut off past the kind's size cap and a time limit, hashed as it arrives.

Failures come out as MediaError saying whether another attempt may help. Graph errors are judged as
the sender judges them (wahook.outbox.graph: 5xx, 429 and the temporary codes are retryable; a
media id Meta no longer knows is not); a connection reset or a timeout is retryable; a file over the
cap is not. The access token goes into the Authorization header only, never into a message.
"""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass
from typing import Any, ClassVar

import httpx

from wahook.coded_error import CodedError
from wahook.outbox.graph import GraphApi, GraphError, error_from_response, error_from_transport, json_object

# Meta's download URL points at its CDN; a redirect there keeps working (httpx drops the
# Authorization header when a redirect leaves the origin).
MAX_REDIRECTS = 3
# One attempt's Graph API call and download together (MediaSettings.timeout_seconds).
DEFAULT_TIMEOUT_SECONDS = 120.0


class MediaError(CodedError):
    """A fetch attempt failed. code: http_<status>, a Graph error code, connect_error, timeout,
    connection_lost, too_large, invalid_response..."""


@dataclass(frozen=True)
class Download:
    """A downloaded media: its bytes, their SHA-256, the mime type and sha256 the Graph API gave."""

    data: bytes
    sha256: bytes
    mime_type: str | None
    graph_sha256: object


class MediaClient(GraphApi):
    """GET {base_url}/{media_id}, then the URL it answers, both with the bearer token."""

    DEFAULT_TIMEOUT_SECONDS = DEFAULT_TIMEOUT_SECONDS
    CLIENT_OPTIONS: ClassVar[dict[str, Any]] = {"follow_redirects": True, "max_redirects": MAX_REDIRECTS}

    async def fetch(self, media_id: str, max_bytes: int) -> Download:
        """The media `media_id`, at most `max_bytes` long, within timeout_seconds in all."""
        try:
            async with asyncio.timeout(self.timeout_seconds):
                meta = await self._media_url(media_id)
                return await self._download(meta, max_bytes)
        except TimeoutError:
            raise MediaError(
                "timeout", f"the media was not fetched within {self.timeout_seconds:g} seconds", True
            ) from None
        except httpx.TransportError as exc:
            raise self._media_error(error_from_transport(exc)) from None

    async def _media_url(self, media_id: str) -> dict[str, Any]:
        if not media_id or "/" in media_id or media_id in {".", ".."} or "?" in media_id:
            raise MediaError("invalid_media_id", "the media id is not a Graph API id", False)
        response = await self._client.get(f"{self.base_url}/{media_id}", headers=self._bearer())
        if not response.is_success:
            raise self._media_error(error_from_response(response))
        meta = json_object(response)
        if meta is None or not isinstance(meta.get("url"), str) or not meta["url"]:
            raise MediaError("invalid_response", "GET /{media-id} answered without a url", True)
        size = meta.get("file_size")
        if isinstance(size, str) and size.isdigit():
            meta["file_size"] = int(size)
        return meta

    async def _download(self, meta: dict[str, Any], max_bytes: int) -> Download:
        announced = meta.get("file_size")
        if isinstance(announced, int) and announced > max_bytes:
            raise _too_large(max_bytes, f"announced {announced} bytes")
        digest = hashlib.sha256()
        chunks: list[bytes] = []
        size = 0
        async with self._client.stream("GET", meta["url"], headers=self._bearer()) as response:
            if not response.is_success:
                await response.aread()
                raise self._media_error(error_from_response(response))
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise _too_large(max_bytes, "the download ran past it")
                digest.update(chunk)
                chunks.append(chunk)
            content_type = response.headers.get("content-type")
        mime_type = meta.get("mime_type") if isinstance(meta.get("mime_type"), str) else content_type
        return Download(b"".join(chunks), digest.digest(), mime_type or None, meta.get("sha256"))

    def _media_error(self, error: GraphError) -> MediaError:
        return MediaError(error.code, self._redacted(str(error)), error.retryable)


def _too_large(max_bytes: int, how: str) -> MediaError:
    return MediaError("too_large", f"the media is larger than its cap of {max_bytes} bytes ({how})", False)
