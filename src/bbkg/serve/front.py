"""The front server of ``bbkg serve``: answers the reconciliation API at ``/reconcile`` itself, serves a built
site at ``/site/`` when given one, and passes every other request (SPARQL query, update, Graph Store, the
query UI) unchanged to the Oxigraph server, which listens on a loopback port of its own.

A small threaded ``http.server``: the standard library suffices for a local service, and the Oxigraph
server keeps doing all SPARQL work.
"""

from __future__ import annotations

import http.client
import json
import mimetypes
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from bbkg.serve.reconcile import Reconciler

#: headers that belong to one connection and are not passed on
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
              "transfer-encoding", "upgrade", "host", "content-length"}
CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
        "Access-Control-Allow-Headers": "Content-Type"}


class FrontServer(ThreadingHTTPServer):
    """Listens on the public address; knows the Oxigraph server's port, the reconciler and the site folder."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], upstream: int, reconciler: Reconciler, site: Path | None) -> None:
        super().__init__(address, FrontHandler)
        self.upstream, self.reconciler, self.site = upstream, reconciler, site

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
        """Pass the request to the Oxigraph server and its answer back, unchanged."""
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        upstream = http.client.HTTPConnection("127.0.0.1", self.server.upstream, timeout=None)
        try:
            upstream.request(self.command, self.path, body=body, headers=headers)
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
