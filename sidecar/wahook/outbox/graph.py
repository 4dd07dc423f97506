"""The WhatsApp Cloud (Graph) API calls the sender makes: send a message, mark one read.

Every failure comes out as a GraphError saying whether trying again may help (`retryable`) and
whether the message may have been sent although we got no answer (`ambiguous`: a timeout or a lost
connection after the whole request went out; such a send is not repeated at once, but waits for a
status webhook that names it by its callback data). A failure before the whole request was written
(no connection, a connect or write timeout, a connection broken while writing) is not ambiguous:
Meta acts on a complete request only.

The access token goes into the Authorization header only: never into a repr, a log record or an
exception's text.
"""

from __future__ import annotations

import logging
from types import TracebackType
from typing import Any, ClassVar, Self

import httpx

from wahook.coded_error import CodedError
from wahook.config.graph import DEFAULT_GRAPH_API_URL, GraphSettings

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECONDS = 20.0

# Graph API error codes (error.code) of the Cloud API, by what trying again can do. Codes in
# neither set follow the HTTP status: 5xx and 429 are retryable, other 4xx are not.
# 1, 2: unknown / temporary API error; 4: application request limit; 80007: WABA rate limit;
# 130429: throughput limit; 131000: something went wrong; 131016: service unavailable;
# 131056: pair rate limit (too many messages to one customer); 131057: account in maintenance.
RETRYABLE_CODES = frozenset({1, 2, 4, 80007, 130429, 131000, 131016, 131056, 131057})
# 100: invalid parameter; 130472: number is part of an experiment; 131026: undeliverable;
# 131047: re-engagement needed (outside the 24-hour window); 131049: not delivered to keep
# engagement healthy; 132xxx: template errors.
PERMANENT_CODES = frozenset({100, 130472, 131026, 131047, 131049})

MAX_MESSAGE_CHARS = 500


class GraphError(CodedError):
    """A Graph API call failed.

    code: the Graph error code as text ("130429"), or for failures without one: "http_<status>",
    "timeout", "connect_error", "connection_lost", "invalid_response".
    retryable: the same request may succeed later. ambiguous: the request may have reached Meta and
    the message been sent (no answer was read); never resend such a message blindly.
    """

    def __init__(
        self,
        code: str,
        message: str,
        retryable: bool,
        ambiguous: bool = False,
        *,
        status: int | None = None,
        subcode: int | None = None,
        fbtrace_id: str | None = None,
    ) -> None:
        super().__init__(code, message, retryable)
        self.ambiguous = ambiguous
        self.status = status
        self.subcode = subcode
        self.fbtrace_id = fbtrace_id

    def __repr__(self) -> str:
        return (
            f"GraphError(code={self.code!r}, retryable={self.retryable}, ambiguous={self.ambiguous}, "
            f"status={self.status}, message={str(self)!r})"
        )


def is_retryable_code(code: int, status: int) -> bool:
    if code in RETRYABLE_CODES:
        return True
    if code in PERMANENT_CODES or 132000 <= code <= 132999:
        return False
    return status >= 500 or status == 429


def json_object(response: httpx.Response) -> dict[str, Any] | None:
    """The answer's body when it is a JSON object, else None (an HTML error page, a list...)."""
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def error_from_response(response: httpx.Response) -> GraphError:
    """The GraphError of a non-2xx answer, from its Graph error body when it has one."""
    status = response.status_code
    body = json_object(response)
    error = body.get("error") if body is not None else None
    if not isinstance(error, dict) or not isinstance(error.get("code"), int):
        return GraphError(
            f"http_{status}",
            f"Graph API answered HTTP {status} without a Graph error body",
            status >= 500 or status == 429,
            status=status,
        )
    code: int = error["code"]
    subcode = error.get("error_subcode") if isinstance(error.get("error_subcode"), int) else None
    fbtrace_id = error.get("fbtrace_id") if isinstance(error.get("fbtrace_id"), str) else None
    text = str(error.get("message") or "")
    details = (
        error.get("error_data", {}).get("details") if isinstance(error.get("error_data"), dict) else None
    )
    if isinstance(details, str) and details and details not in text:
        text = f"{text}: {details}"
    message = f"Graph API error {code}"
    if subcode is not None:
        message += f" (subcode {subcode})"
    message += f", HTTP {status}: {text[:MAX_MESSAGE_CHARS]}"
    if fbtrace_id:
        message += f" [fbtrace_id {fbtrace_id}]"
    return GraphError(
        str(code),
        message,
        is_retryable_code(code, status),
        status=status,
        subcode=subcode,
        fbtrace_id=fbtrace_id,
    )


def error_from_transport(exc: httpx.TransportError) -> GraphError:
    """The GraphError of a request that got no answer. Before the whole request was written (no
    connection, connect timeout, no pooled connection, a write that timed out or failed, a request
    httpx refused to write) it is retryable and certainly not sent: a server acts on a complete
    request only. After (read timeout, connection dropped while waiting for the answer) Meta may
    have sent the message: ambiguous."""
    kind = type(exc).__name__
    if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        return GraphError("connect_timeout", f"Graph API not reached in time ({kind})", True)
    if isinstance(exc, httpx.ConnectError | httpx.ProxyError | httpx.UnsupportedProtocol):
        return GraphError("connect_error", f"Graph API not reachable ({kind})", True)
    if isinstance(exc, httpx.WriteTimeout | httpx.WriteError | httpx.LocalProtocolError):
        return GraphError("not_sent", f"the request to the Graph API was not written whole ({kind})", True)
    if isinstance(exc, httpx.TimeoutException):
        # A read timeout: the request went out whole; no answer came.
        return GraphError("timeout", f"Graph API did not answer in time ({kind})", True, ambiguous=True)
    return GraphError(
        "connection_lost", f"connection to the Graph API lost before an answer ({kind})", True, ambiguous=True
    )


class GraphApi:
    """A bearer-token connection to the Graph API (base_url includes the API version), shared by
    the sender's client and the media client: the token goes into the Authorization header only,
    and out of every repr and error text."""

    DEFAULT_TIMEOUT_SECONDS = DEFAULT_TIMEOUT_SECONDS
    # httpx.AsyncClient options of this kind of call.
    CLIENT_OPTIONS: ClassVar[dict[str, Any]] = {}

    def __init__(
        self,
        base_url: str = DEFAULT_GRAPH_API_URL,
        access_token: str = "",
        timeout_seconds: float | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout_seconds = timeout_seconds or self.DEFAULT_TIMEOUT_SECONDS
        self._access_token = access_token
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(self.timeout_seconds), transport=transport, **self.CLIENT_OPTIONS
        )

    @classmethod
    def from_settings(cls, settings: GraphSettings, timeout_seconds: float | None = None) -> Self:
        return cls(settings.base_url, settings.access_token, timeout_seconds)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, timeout_seconds={self.timeout_seconds:g})"

    async def aclose(self) -> None:
        await self._client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def _bearer(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._access_token}"}

    def _redacted(self, text: str) -> str:
        """An answer may echo what it was sent: the token never leaves in an exception's text."""
        return text.replace(self._access_token, "[redacted]") if self._access_token else text


class GraphClient(GraphApi):
    """Calls `{base_url}/{phone_number_id}/messages`."""

    CLIENT_OPTIONS: ClassVar[dict[str, Any]] = {
        "follow_redirects": False,
        "headers": {"Accept": "application/json"},
    }

    async def send(self, phone_number_id: str, body: dict[str, Any], request_id: str | None = None) -> str:
        """POSTs one message object; returns its wamid (messages[0].id of the answer)."""
        data = await self._post(phone_number_id, body, request_id)
        messages = data.get("messages")
        if isinstance(messages, list) and messages and isinstance(messages[0], dict):
            wamid = messages[0].get("id")
            if isinstance(wamid, str) and wamid:
                return wamid
        # Meta accepted the request (2xx) but we cannot tell which message it made.
        raise GraphError(
            "invalid_response", "Graph API answered 2xx without messages[0].id", False, ambiguous=True
        )

    async def mark_read(
        self, phone_number_id: str, wamid: str, request_id: str | None = None, *, typing: bool = False
    ) -> None:
        """Marks an inbound message read (the customer sees blue ticks); with `typing`, the customer
        also sees the business typing until the reply arrives or 25 seconds pass."""
        body: dict[str, Any] = {"messaging_product": "whatsapp", "status": "read", "message_id": wamid}
        if typing:
            body["typing_indicator"] = {"type": "text"}
        await self._post(phone_number_id, body, request_id)

    async def _post(
        self, phone_number_id: str, body: dict[str, Any], request_id: str | None
    ) -> dict[str, Any]:
        if not phone_number_id or "/" in phone_number_id or phone_number_id in {".", ".."}:
            raise GraphError("invalid_argument", "phone_number_id must be a Graph API id", False)
        headers = self._bearer()
        if request_id:
            headers["X-Request-ID"] = request_id
        url = f"{self.base_url}/{phone_number_id}/messages"
        try:
            response = await self._client.post(url, json=body, headers=headers)
        except httpx.TransportError as exc:
            raise self._scrubbed(error_from_transport(exc)) from None
        if not response.is_success:
            raise self._scrubbed(error_from_response(response))
        data = json_object(response)
        if data is None:
            raise GraphError(
                "invalid_response",
                f"Graph API answered HTTP {response.status_code} without a JSON object",
                False,
                ambiguous=True,
            )
        return data

    def _scrubbed(self, error: GraphError) -> GraphError:
        error.args = (self._redacted(str(error)),)
        return error
