"""One endpoint of an OpenAI-compatible server (chat completions, audio transcriptions): its URL, the
API key sent as a bearer token and kept out of every repr and log line, the turn's correlation id
as `X-Client-Request-Id`, and the API's error code read without its free text."""

from __future__ import annotations

import re

import httpx

SAFE_CODE = re.compile(r"[A-Za-z0-9_.\-]{1,64}")
SAFE_HEADER_VALUE = re.compile(r"[\x21-\x7e]{1,512}")


class OpenAIEndpoint:
    """POSTs to `{base_url}{path}` over the given client or one of its own (closed with it). Each
    call passes its own timeout: what is left of its deadline."""

    def __init__(self, base_url: str, path: str, api_key: str, client: httpx.AsyncClient | None) -> None:
        self.base_url = base_url.rstrip("/")
        self.url = self.base_url + path
        self._api_key = api_key
        self._owns_client = client is None
        self._client = client or httpx.AsyncClient(follow_redirects=False)

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.aclose()

    def _headers(self, correlation_id: str | None) -> dict[str, str]:
        """JSON answers, the bearer token when there is a key (a local server may need none), and
        the correlation id."""
        headers = {"Accept": "application/json"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        return headers | request_id_header(correlation_id)


def request_id_header(correlation_id: str | None) -> dict[str, str]:
    """The correlation id as X-Client-Request-Id, when it is a safe header value."""
    if correlation_id and SAFE_HEADER_VALUE.fullmatch(correlation_id):
        return {"X-Client-Request-Id": correlation_id}
    return {}


def api_error_code(response: httpx.Response) -> str | None:
    """The API's own error code or type (`context_length_exceeded`), never its free text, which
    may quote the request or part of the key."""
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        return None
    if not isinstance(error, dict):
        return None
    for key in ("code", "type"):
        value = error.get(key)
        if isinstance(value, str) and SAFE_CODE.fullmatch(value):
            return value
    return None
