"""Sending one HTTP request to an endpoint: bounded reads, retries of reads, and every failure turned into
an :class:`~bbkg.errors.EndpointError` that carries the HTTP status and never the credentials.
"""

from __future__ import annotations

import html
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from http.client import HTTPException, HTTPResponse

import pyoxigraph as ox

from bbkg.errors import EndpointError
from bbkg.store import QueryResult
from bbkg.store.oxigraph import _solutions_to_result
from bbkg.store.remote.endpoint import Endpoint, shown_url

READ_ATTEMPTS = 3


RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.9"


GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"


def scrub(text: str, endpoint: Endpoint | None = None) -> str:
    """Return ``text`` with every secret removed: the password (plain or in a Basic credential),
    ``Authorization`` headers, and Basic or Bearer tokens, whatever a server echoes back."""
    import base64

    text = re.sub(r"(?i)(authorization|proxy-authorization)\s*[:=]\s*\S+(\s+\S+)?", r"\1: [hidden]", text)
    text = re.sub(r"(?i)\b(basic|bearer)\s+[A-Za-z0-9._~+/=-]{6,}", r"\1 [hidden]", text)
    if endpoint is not None and endpoint.password:
        secrets = {endpoint.password}
        if endpoint.user:
            secrets.add(base64.b64encode(f"{endpoint.user}:{endpoint.password}".encode()).decode())
        for secret in sorted(secrets, key=len, reverse=True):
            text = text.replace(secret, "[hidden]")
    return text


def _server_message(body: bytes | None, endpoint: Endpoint | None = None) -> str:
    """Return the server's error text on one line, HTML markup and secrets removed, at most 300 characters."""
    if not body:
        return ""
    text = scrub(body.decode("utf-8", "replace"), endpoint)
    if re.search(r"(?i)<(!doctype|html|body|title|/p>|/h[1-6]>|pre>)", text):
        text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", text)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = " ".join(text.split())
    return text[:297] + "..." if len(text) > 300 else text


def _http_error(endpoint: Endpoint, url: str, code: int, reason: str, body: bytes | None, action: str) -> EndpointError:
    """Turn an HTTP error status into a one-line EndpointError; credentials are never shown."""
    where = f"{shown_url(url)}: {action}" if action else shown_url(url)
    message = _server_message(body, endpoint)
    said = f": {message}" if message else ""
    if code in (401, 403) and re.search(r"(?i)read[- ]only", message):
        return EndpointError(f"{where}: HTTP {code}: the server is read-only{said}; push to an endpoint that "
                             "accepts writes (e.g. `oxigraph serve`, not `serve-read-only`)", status=code)
    if code == 401:
        hint = (
            "the server refused the credentials given; check --user and BBKG_ENDPOINT_PASSWORD"
            if endpoint.user else
            "the server needs credentials; pass --user NAME and set BBKG_ENDPOINT_PASSWORD"
        )
        return EndpointError(f"{where}: HTTP 401 Unauthorized: {hint}{said}", status=401)
    if code == 403:
        hint = (
            "the credentials given are wrong or not allowed to do this"
            if endpoint.user else
            "the server refuses this without credentials; pass --user NAME and set BBKG_ENDPOINT_PASSWORD"
        )
        return EndpointError(f"{where}: HTTP 403 Forbidden: {hint}{said}", status=403)
    if code == 414:
        return EndpointError(f"{where}: HTTP 414 URI Too Long: the server rejected the query as too long{said}", status=414)
    if code == 404:
        return EndpointError(f"{where}: HTTP 404 Not Found: no such service at this URL; check the endpoint URL{said}", status=404)
    return EndpointError(f"{where}: HTTP {code} {reason or ''}".rstrip() + said, status=code)


def _transport_error(endpoint: Endpoint, url: str, exc: BaseException, action: str) -> EndpointError:
    """Turn a connection-level failure into a one-line EndpointError."""
    where = f"{shown_url(url)}: {action}" if action else shown_url(url)
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return EndpointError(
            f"{where}: no answer within {endpoint.timeout:g} s (client timeout); "
            "check the server or raise --timeout"
        )
    if isinstance(reason, ConnectionRefusedError):
        return EndpointError(f"{where}: connection refused; is the server running and the URL right?")
    if isinstance(reason, socket.gaierror):
        return EndpointError(f"{where}: cannot resolve host {urllib.parse.urlsplit(url).hostname!r}")
    if isinstance(reason, (ConnectionResetError, BrokenPipeError, HTTPException, ConnectionAbortedError)):
        return EndpointError(f"{where}: the server closed the connection before answering ({type(reason).__name__})")
    text = getattr(reason, "strerror", None) or str(reason) or type(reason).__name__
    return EndpointError(f"{where}: cannot connect: {text}")


def _retriable(exc: BaseException) -> bool:
    """Whether a failed read may be tried again: connection errors and 502/503/504, never timeouts."""
    if isinstance(exc, urllib.error.HTTPError):
        return exc.code in (502, 503, 504)
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return False
    return isinstance(reason, (ConnectionError, HTTPException))


#: at most this much of an error page is read (its message is cut to 300 characters anyway)
ERROR_BODY_LIMIT = 65536


def _read_body(response: HTTPResponse, deadline: float, limit: int | None = None, *, partial: bool = False) -> bytes:
    """Read the whole response body (at most ``limit`` bytes) by ``deadline``: a server that drips its
    answer cannot hold the client past the timeout. Past it, raise TimeoutError, or with ``partial``
    return what came in time."""
    chunks = []
    size = 0
    while limit is None or size < limit:
        if time.monotonic() > deadline:
            if partial:
                break
            raise TimeoutError("the response did not complete in time")
        try:
            chunk = response.read1(65536)
        except (OSError, HTTPException, ValueError):
            if not partial:
                raise
            break
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)[:limit]


def _error_body(exc: urllib.error.HTTPError, deadline: float) -> bytes:
    """The start of an error page: what comes by the deadline, at most ERROR_BODY_LIMIT bytes."""
    fp = getattr(exc, "fp", None)
    return _read_body(fp, deadline, ERROR_BODY_LIMIT, partial=True) if fp is not None else b""


def _open(request: urllib.request.Request, timeout: float) -> HTTPResponse:
    """``urlopen`` bounded by ``timeout`` for the status line and headers too: the socket's timeout
    counts only between bytes, so a server that drips its headers would hold the client for ever."""
    import threading

    box: dict[str, object] = {}

    def worker() -> None:
        try:
            box["response"] = urllib.request.urlopen(request, timeout=timeout)
        except BaseException as exc:  # handed to the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=worker, name="bbkg-http", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise TimeoutError("no response headers in time")
    if "error" in box:
        raise box["error"]
    return box["response"]


def _auth_header(endpoint: Endpoint) -> dict[str, str]:
    import base64

    if not endpoint.user:
        return {}
    token = base64.b64encode(f"{endpoint.user}:{endpoint.password or ''}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def _send(
    endpoint: Endpoint,
    request: urllib.request.Request,
    action: str,
    *,
    read: bool,
) -> tuple[bytes, str]:
    """Send a request; return (body, content type). Reads are retried, writes sent once."""
    attempts = READ_ATTEMPTS if read else 1
    for attempt in range(attempts):
        deadline = time.monotonic() + endpoint.timeout
        try:
            with _open(request, endpoint.timeout) as response:
                body = _read_body(response, deadline)
                return body, response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            if attempt + 1 < attempts and _retriable(exc):
                time.sleep(0.3 * (attempt + 1))
                continue
            body = _error_body(exc, deadline)
            raise _http_error(endpoint, request.full_url, exc.code, exc.reason, body, action) from None
        except (urllib.error.URLError, OSError, HTTPException) as exc:
            if attempt + 1 < attempts and _retriable(exc):
                time.sleep(0.3 * (attempt + 1))
                continue
            raise _transport_error(endpoint, request.full_url, exc, action) from None
    raise AssertionError("unreachable")


def _parse_results(endpoint: Endpoint, kind: str, body: bytes, content_type: str) -> QueryResult:
    """Parse a query response body by its media type; anything else is an EndpointError."""
    media = content_type.split(";")[0].strip().lower()
    where = endpoint.shown
    try:
        if kind == "graph":
            fmt = ox.RdfFormat.from_media_type(media) if media else None
            if fmt is None:
                raise ValueError(f"Content-Type {media or 'missing'!r} is not an RDF format")
            triples = [q.triple for q in ox.parse(body, format=fmt)]
            return QueryResult("graph", triples=triples)
        fmt = ox.QueryResultsFormat.from_media_type(media) if media else None
        if fmt is None:
            raise ValueError(f"Content-Type {media or 'missing'!r} is not a SPARQL results format")
        result = _solutions_to_result(ox.parse_query_results(body, format=fmt))
    except (SyntaxError, ValueError, UnicodeDecodeError) as exc:
        detail = " ".join(str(getattr(exc, "msg", None) or exc).split())[:200]
        raise EndpointError(f"{where}: the response is not valid SPARQL results: {detail}") from None
    if result.kind != kind:
        raise EndpointError(f"{where}: the response is not valid SPARQL results: expected {kind}, got {result.kind}")
    return result
