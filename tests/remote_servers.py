"""Real servers for the remote tests: the Oxigraph server, small misbehaving HTTP servers, a cutting proxy.

All listen on 127.0.0.1 free ports in threads (or a child process for Oxigraph) and are stopped
by their context managers, also when a test fails.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bbkg.serve import oxigraph_binary, stop_process
from conftest import ROOT


def free_port() -> int:
    """Return a TCP port that is free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_listening(port: int, process: subprocess.Popen | None = None, seconds: float = 20) -> None:
    """Wait until something accepts connections on ``port``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port}")


@contextlib.contextmanager
def oxigraph_server(location: Path) -> Iterator[str]:
    """Run ``oxigraph serve --location DIR --bind 127.0.0.1:PORT``; yield its base URL; always stop it."""
    port = free_port()
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_listening(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_process(process)


def start_serve(port: int, data: Path, *args: str, env: dict | None = None) -> subprocess.Popen:
    """Start a real `bbkg serve` on 127.0.0.1:PORT and wait for its first line."""
    server = subprocess.Popen([sys.executable, "-m", "bbkg", "serve", "--bind", f"127.0.0.1:{port}", "--data",
                               str(data), *args], cwd=ROOT, env={**os.environ, **(env or {})},
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = server.stdout.readline()
    if not first.startswith("SPARQL endpoint: "):
        server.kill()
        raise AssertionError(first + server.stderr.read())
    return server


def stop_serve(server: subprocess.Popen) -> tuple[str, str]:
    """Stop a `bbkg serve` with Ctrl-C; check it stopped cleanly; return its output."""
    server.send_signal(signal.SIGINT)
    out, err = server.communicate(timeout=30)
    assert server.returncode == 0 and "Traceback" not in err, err
    return out, err


# ------------------------------------------------------------------ misbehaving SPARQL servers

GOOD_RESULTS = json.dumps({
    "head": {"vars": ["n"]},
    "results": {"bindings": [{"n": {"type": "literal", "value": "7",
                                    "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]},
}).encode()
USER, PASSWORD = "analyst", "s3cret-Pa55"


class FaultHandler(BaseHTTPRequestHandler):
    """Behaviour chosen by the first path segment: /400/query, /401/query, /hang/query, ..."""

    server: FaultServer

    def log_message(self, *args: object) -> None:  # keep pytest output clean
        pass

    def _send(self, code: int, body: bytes, content_type: str = "text/plain", headers: dict | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        mode = self.path.strip("/").split("/")[0].split("?")[0]
        self.server.seen.append((self.command, mode, self.path))
        if mode == "hang":
            self.server.release.wait(30)
            return
        if mode == "400":
            self._send(400, b"Parse error: line 1, column 10: Encountered \"<EOF>\" (message from the server)")
        elif mode == "401":
            self._send(401, b"Unauthorized", headers={"WWW-Authenticate": 'Basic realm="sparql"'})
        elif mode == "403":
            self._send(403, b"Forbidden")
        elif mode == "500":
            self._send(500, b"java.lang.OutOfMemoryError: the server failed")
        elif mode == "414":
            self._send(414, b"Request-URI Too Long")
        elif mode == "414get":  # rejects long GET URLs (all GETs here), answers POST
            if self.command == "GET":
                self._send(414, b"Request-URI Too Long")
            else:
                self._send(200, GOOD_RESULTS, "application/sparql-results+json")
        elif mode == "echo":  # an error page that repeats the request, headers included
            echoed = "".join(f"{k}: {v}\n" for k, v in self.headers.items())
            self._send(500, f"Bad request. You sent:\n{self.command} {self.path}\n{echoed}".encode())
        elif mode == "readonly":
            self._send(403, b"This endpoint is read-only: updates are not allowed")
        elif mode == "html":
            self._send(200, b"<html><body>Welcome to our portal</body></html>", "text/html")
        elif mode == "garbage":
            self._send(200, b'{"head": {"vars": ["n"]}, "results": {"bindings": [', "application/sparql-results+json")
        elif mode == "auth":
            expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
            given = self.headers.get("Authorization")
            if given is None:
                self._send(401, b"Unauthorized", headers={"WWW-Authenticate": 'Basic realm="sparql"'})
            elif given != expected:
                self._send(403, b"Forbidden: bad credentials")
            else:
                self._send(200, GOOD_RESULTS, "application/sparql-results+json")
        elif mode == "flaky":  # first request dropped without an answer, then fine
            self.server.flaky_count += 1
            if self.server.flaky_count == 1:
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self._send(200, GOOD_RESULTS, "application/sparql-results+json")
        else:
            self._send(200, GOOD_RESULTS, "application/sparql-results+json")

    do_GET = do_POST = do_PUT = _answer


class FaultServer(ThreadingHTTPServer):
    """A threaded HTTP server that records the requests it saw."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", free_port()), FaultHandler)
        self.seen: list[tuple[str, str, str]] = []
        self.release = threading.Event()
        self.flaky_count = 0

    def url(self, mode: str) -> str:
        """The query URL of one behaviour."""
        return f"http://127.0.0.1:{self.server_address[1]}/{mode}/query"


@contextlib.contextmanager
def fault_server() -> Iterator[FaultServer]:
    """Run a :class:`FaultServer` in a thread; always stop it."""
    server = FaultServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()


# ------------------------------------------------------------------ a proxy that cuts connections


class CuttingProxy(socketserver.ThreadingTCPServer):
    """Forwards HTTP/1.1 requests to ``upstream``, except that it cuts one kind of request midway.

    ``cut`` is 'put' (forward half of a PUT body, then close both sides) or 'move' (close
    the connection of an update that contains MOVE without forwarding it). Clients send
    ``Connection: close``, so there is one request per connection.
    """

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, upstream_port: int, cut: str) -> None:
        self.upstream_port = upstream_port
        self.cut = cut
        self.cuts = 0
        super().__init__(("127.0.0.1", free_port()), _ProxyHandler)

    @property
    def port(self) -> int:
        """The port clients connect to."""
        return self.server_address[1]


class _ProxyHandler(socketserver.BaseRequestHandler):
    server: CuttingProxy

    def handle(self) -> None:
        client = self.request
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = client.recv(65536)
            if not chunk:
                return
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            key, _, value = line.partition(b":")
            if key.strip().lower() == b"content-length":
                length = int(value.strip())
        while len(body) < length:
            chunk = client.recv(65536)
            if not chunk:
                break
            body += chunk
        method = head.split(b" ", 1)[0]
        with socket.create_connection(("127.0.0.1", self.server.upstream_port)) as upstream:
            if self.server.cut == "put" and method == b"PUT":
                self.server.cuts += 1
                upstream.sendall(head + b"\r\n\r\n" + body[: len(body) // 2])
                time.sleep(0.2)
                client.shutdown(socket.SHUT_RDWR)
                return
            if self.server.cut == "move" and method == b"POST" and b"MOVE" in body:
                self.server.cuts += 1
                client.shutdown(socket.SHUT_RDWR)
                return
            upstream.sendall(head + b"\r\n\r\n" + body)
            while True:
                chunk = upstream.recv(65536)
                if not chunk:
                    break
                client.sendall(chunk)


@contextlib.contextmanager
def cutting_proxy(upstream_port: int, cut: str) -> Iterator[CuttingProxy]:
    """Run a :class:`CuttingProxy` in a thread; always stop it."""
    proxy = CuttingProxy(upstream_port, cut)
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        proxy.shutdown()
        proxy.server_close()
