"""The front server of ``bbkg serve``: answers the reconciliation API at ``/reconcile`` itself, serves a built
site at ``/site/`` when given one, and passes every other request (SPARQL query, update, Graph Store, the
query UI) to the Oxigraph server, which listens on a loopback port of its own.

A small threaded ``http.server``: the standard library suffices for a local service, and the Oxigraph
server keeps doing all SPARQL work. One thing the front reads first: the Oxigraph server runs
``SERVICE`` itself, fetching any URL a query names and waiting as long as that endpoint takes (its
``--timeout-s`` does not cover it), and runs ``LOAD <url>`` updates. So a query or update with a
``SERVICE`` clause is refused (HTTP 400, one line of text) unless ``allow_service``: then bbkg runs
each clause itself within the timeout and hands the server the query with the answers in place
(see :mod:`bbkg.store.service`). ``LOAD`` is always refused.
"""

from __future__ import annotations

import http.client
import json
import mimetypes
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from bbkg.errors import BbkgError, QueryError
from bbkg.serve.reconcile import Reconciler

#: headers that belong to one connection and are not passed on
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
              "transfer-encoding", "upgrade", "host", "content-length"}
FORM = "application/x-www-form-urlencoded"
SPARQL_BODY = {"application/sparql-query": "query", "application/sparql-update": "update"}
CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
        "Access-Control-Allow-Headers": "Content-Type"}


class FrontServer(ThreadingHTTPServer):
    """Listens on the public address; knows the Oxigraph server's port, the reconciler and the site folder."""

    daemon_threads = True
    allow_reuse_address = True  # a port with connections in TIME-WAIT can be listened on again

    def __init__(self, address: tuple[str, int], upstream: int, reconciler: Reconciler, site: Path | None, *,
                 allow_service: bool = False, timeout: float | None = None) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, FrontHandler)
        self.upstream, self.reconciler, self.site = upstream, reconciler, site
        self.allow_service, self.service_timeout = allow_service, timeout

    def handle_error(self, request: object, client_address: object) -> None:
        """A request that breaks off (a client that goes away, a malformed request) ends quietly."""

    def start(self) -> threading.Thread:
        """Serve in a background thread; return it."""
        thread = threading.Thread(target=self.serve_forever, name="bbkg-serve-front", daemon=True)
        thread.start()
        return thread


class FrontHandler(BaseHTTPRequestHandler):
    """One request: reconciliation, a site file, or a request passed on to Oxigraph."""

    server: FrontServer
    server_version = "bbkg-serve"

    def log_message(self, *args: object) -> None:  # quiet: the Oxigraph server keeps no access log either
        pass

    def do_OPTIONS(self) -> None:  # noqa: N802 (http.server's naming)
        if self.path.startswith("/reconcile"):
            self._send(204, b"", "text/plain", CORS)
        else:
            self._proxy()

    def do_GET(self) -> None:  # noqa: N802
        self._route()

    def do_POST(self) -> None:  # noqa: N802
        self._route()

    def do_PUT(self) -> None:  # noqa: N802
        self._proxy()

    def do_DELETE(self) -> None:  # noqa: N802
        self._proxy()

    def do_HEAD(self) -> None:  # noqa: N802
        self._proxy()

    def _route(self) -> None:
        path = urlsplit(self.path).path
        if path in ("/reconcile", "/reconcile/"):
            self._reconcile()
        elif path == "/reconcile/preview":
            self._preview()
        elif path == "/reconcile/view":
            self._view()
        elif self.server.site is not None and (path == "/site" or path.startswith("/site/")):
            self._site_file(path)
        else:
            self._proxy()

    def _send(self, status: int, body: bytes, content_type: str, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, value: object) -> None:
        body = json.dumps(value, ensure_ascii=False).encode("utf-8")
        self._send(status, body, "application/json; charset=utf-8", CORS)

    def _params(self) -> dict[str, list[str]]:
        params = parse_qs(urlsplit(self.path).query)
        if self.command == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace")
            if self.headers.get("Content-Type", "").startswith("application/json"):
                params.setdefault("queries", []).append(body)
            else:
                for key, values in parse_qs(body).items():
                    params.setdefault(key, []).extend(values)
        return params

    def _reconcile(self) -> None:
        params = self._params()
        if "queries" not in params:
            self._json(200, self.server.reconciler.manifest())
            return
        try:
            batch = json.loads(params["queries"][0])
            if not isinstance(batch, dict) or not all(isinstance(q, dict) for q in batch.values()):
                raise ValueError("queries must be a JSON object of query objects")
        except ValueError as exc:
            self._json(400, {"error": f"queries: not a batch of reconciliation queries: {exc}"})
            return
        self._json(200, self.server.reconciler.reconcile(batch))

    def _preview(self) -> None:
        oid = parse_qs(urlsplit(self.path).query).get("id", [""])[0]
        page = self.server.reconciler.preview(oid)
        if page is None:
            self._send(404, b"no such organisation", "text/plain; charset=utf-8", CORS)
        else:
            self._send(200, page.encode("utf-8"), "text/html; charset=utf-8", CORS)

    def _view(self) -> None:
        """Redirect a view link (the manifest's view template) to the organisation's page."""
        oid = parse_qs(urlsplit(self.path).query).get("id", [""])[0]
        if oid not in self.server.reconciler.organisations:
            self._send(404, b"no such organisation", "text/plain; charset=utf-8", CORS)
            return
        self._send(303, b"", "text/plain", {**CORS, "Location": self.server.reconciler.page_of(oid)})

    def _site_file(self, path: str) -> None:
        root = self.server.site.resolve()
        target = (root / unquote(path[len("/site"):]).lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if root not in (target, *target.parents) or not target.is_file():
            self._send(404, b"not found", "text/plain; charset=utf-8")
            return
        kind = {".ttl": "text/turtle", ".jsonld": "application/ld+json"}.get(target.suffix) or \
            mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        self._send(200, target.read_bytes(), kind + ("; charset=utf-8" if kind.startswith(("text", "application/")) else ""))

    def _proxy(self) -> None:
        """Pass the request to the Oxigraph server, its SPARQL screened, and its answer back, unchanged."""
        path = self.path
        try:
            path, body = _screened(self.server, path, self.headers.get("Content-Type"), self._body())
        except BbkgError as exc:  # refused (400), or a SERVICE endpoint failed (500: clients do not retry it)
            self._send(400 if isinstance(exc, QueryError) else 500, (str(exc) + "\n").encode(),
                       "text/plain; charset=utf-8")
            return
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        if body is not None:
            headers["Content-Length"] = str(len(body))
        upstream = http.client.HTTPConnection("127.0.0.1", self.server.upstream, timeout=None)
        try:
            upstream.request(self.command, path, body=body, headers=headers)
            answer = upstream.getresponse()
            data = answer.read()
        except OSError as exc:
            self._send(502, f"the Oxigraph server did not answer: {exc}".encode(), "text/plain; charset=utf-8")
            return
        finally:
            upstream.close()
        self.send_response(answer.status, answer.reason)
        for name, value in answer.getheaders():
            if name.lower() not in HOP_BY_HOP:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _body(self) -> bytes | None:
        """Read the request body, whole: by its Content-Length, or chunk by chunk; None when there is none."""
        if "chunked" not in (self.headers.get("Transfer-Encoding") or "").lower():
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else None
        parts = []
        while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
            parts.append(self.rfile.read(size))
            self.rfile.readline()
        while self.rfile.readline().strip():  # trailers
            pass
        return b"".join(parts)


def screen(server: FrontServer, text: str, kind: str) -> str:
    """Return the SPARQL to hand to the Oxigraph server, or raise a BbkgError saying why it is refused."""
    from bbkg.sparql import words
    from bbkg.store.service import run_service

    if kind == "update" and any(word == "LOAD" for word, _, _ in words(text)):
        raise QueryError("LOAD would make this server fetch a URL; `bbkg serve` does not run it "
                         "(serve files with --data FILE, or push them with `bbkg push`)")
    return run_service(text, allow=server.allow_service, timeout=server.service_timeout, machine="this server",
                       hint="start `bbkg serve --allow-service` only for clients you trust (bbkg then fetches "
                            "each endpoint within --timeout)")


def _screened(server: FrontServer, path: str, content_type: str | None, body: bytes | None
              ) -> tuple[str, bytes | None]:
    """Return the path and body with every query and update screened (and rewritten where allowed)."""
    url = urlsplit(path)
    params = parse_qsl(url.query, keep_blank_values=True)
    if any(key in ("query", "update") for key, _ in params):
        params = [(k, screen(server, v, k) if k in ("query", "update") else v) for k, v in params]
        path = urlunsplit(url._replace(query=urlencode(params)))
    media = (content_type or "").split(";")[0].strip().lower()
    if media == FORM and body:
        form = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        if any(key in ("query", "update") for key, _ in form):
            body = urlencode([(k, screen(server, v, k) if k in ("query", "update") else v) for k, v in form]).encode()
    elif media in SPARQL_BODY and body is not None:
        body = screen(server, body.decode("utf-8", "replace"), SPARQL_BODY[media]).encode()
    return path, body
