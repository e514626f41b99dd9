"""The front of ``bbkg serve``: an HTTP server on the user's address that hands every request to the
Oxigraph server (a child listening on a loopback port) after reading the SPARQL it carries.

The Oxigraph server runs ``SERVICE`` itself, fetching any URL a query names and waiting as long as
that endpoint takes (its ``--timeout-s`` does not cover it), and runs ``LOAD <url>`` updates. So the
front refuses a query or update with a ``SERVICE`` clause (HTTP 400, one line of text), unless
``allow_service``: then bbkg runs each clause itself within the timeout and hands the server the
query with the answers in place (see :mod:`bbkg.store.service`). ``LOAD`` is always refused.
Everything else (the query UI, results, the Graph Store Protocol) passes through unchanged.
"""

from __future__ import annotations

import http.client
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from bbkg.errors import BbkgError, QueryError

#: headers that belong to one connection, not to the request or response passed on
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade",
              "content-length", "host"}
FORM = "application/x-www-form-urlencoded"
SPARQL_BODY = {"application/sparql-query": "query", "application/sparql-update": "update"}


class Front(ThreadingHTTPServer):
    """The listening front; ``backend`` is the child's (host, port)."""

    daemon_threads = True
    allow_reuse_address = True  # a port with connections in TIME-WAIT can be listened on again

    def __init__(self, address: tuple[str, int], family: int, *, allow_service: bool = False,
                 timeout: float | None = None) -> None:
        self.address_family = family
        super().__init__(address, FrontHandler)
        self.backend: tuple[str, int] | None = None
        self.allow_service = allow_service
        self.service_timeout = timeout

    def handle_error(self, request: object, client_address: object) -> None:
        """A request that breaks off (a client that goes away, a malformed request) ends quietly."""


def screen(text: str, kind: str, server: Front) -> str:
    """Return the SPARQL to hand to the Oxigraph server, or raise a BbkgError saying why it is refused."""
    from bbkg.sparql import words
    from bbkg.store.service import run_service

    if kind == "update" and any(word == "LOAD" for word, _, _ in words(text)):
        raise QueryError("LOAD would make this server fetch a URL; `bbkg serve` does not run it "
                         "(serve files with --data FILE, or push them with `bbkg push`)")
    return run_service(text, allow=server.allow_service, timeout=server.service_timeout, machine="this server",
                       hint="start `bbkg serve --allow-service` only for clients you trust (bbkg then fetches "
                            "each endpoint within --timeout)")


class FrontHandler(BaseHTTPRequestHandler):
    """Reads one request, screens its SPARQL, passes it on and streams the answer back."""

    server: Front
    protocol_version = "HTTP/1.0"  # one request per connection: answers stream until the connection closes

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        """Stay quiet: the server's own log is not shown either."""

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._forward()

    do_POST = do_PUT = do_DELETE = do_HEAD = do_OPTIONS = do_PATCH = do_GET

    def _forward(self) -> None:
        body = self._body()
        path = self.path
        try:
            path, body = self._screened(path, body)
        except BbkgError as exc:  # refused (400), or a SERVICE endpoint failed (500: not retried by clients)
            self._answer(400 if isinstance(exc, QueryError) else 500, str(exc))
            return
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        if body or self.command in ("POST", "PUT", "PATCH"):
            headers["Content-Length"] = str(len(body))
        host, port = self.server.backend
        connection = http.client.HTTPConnection(host, port, timeout=None)
        try:
            connection.request(self.command, path, body=body or None, headers=headers)
            response = connection.getresponse()
        except OSError as exc:
            self._answer(502, f"the Oxigraph server did not answer: {exc}")
            return
        self.send_response(response.status, response.reason)
        for key, value in response.getheaders():
            if key.lower() not in HOP_BY_HOP or (key.lower() == "content-length" and not response.chunked):
                self.send_header(key, value)
        self.end_headers()
        try:
            while chunk := response.read1(65536):
                self.wfile.write(chunk)
        except OSError:
            pass  # the client went away
        finally:
            connection.close()

    def _body(self) -> bytes:
        """Read the request body, whole: by its Content-Length, or chunk by chunk."""
        if "chunked" not in (self.headers.get("Transfer-Encoding") or "").lower():
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))
        parts = []
        while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
            parts.append(self.rfile.read(size))
            self.rfile.readline()
        while self.rfile.readline().strip():  # trailers
            pass
        return b"".join(parts)

    def _screened(self, path: str, body: bytes) -> tuple[str, bytes]:
        """Return the path and body with every query and update screened (and rewritten where allowed)."""
        url = urllib.parse.urlsplit(path)
        params = urllib.parse.parse_qsl(url.query, keep_blank_values=True)
        if any(key in ("query", "update") for key, _ in params):
            params = [(k, screen(v, k, self.server) if k in ("query", "update") else v) for k, v in params]
            path = urllib.parse.urlunsplit(url._replace(query=urllib.parse.urlencode(params)))
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if media == FORM and body:
            form = urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
            if any(key in ("query", "update") for key, _ in form):
                form = [(k, screen(v, k, self.server) if k in ("query", "update") else v) for k, v in form]
                body = urllib.parse.urlencode(form).encode()
        elif media in SPARQL_BODY:
            body = screen(body.decode("utf-8", "replace"), SPARQL_BODY[media], self.server).encode()
        return path, body

    def _answer(self, status: int, message: str) -> None:
        data = (message + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
