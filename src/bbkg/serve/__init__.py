"""Stage 8, serve: a local SPARQL endpoint over the graph, the Oxigraph server (``oxigraph`` on PyPI)
run as a child process on a temporary copy of the data, read-only, stopped cleanly on a signal; in front
of it (``front``) a small server that answers the W3C reconciliation API at ``/reconcile``
(``reconcile``), serves a built site at ``/site/`` and passes every other request to Oxigraph, after
screening SERVICE and LOAD (``front``). The Oxigraph server dies with bbkg (even on SIGKILL: Linux's
parent-death signal), and the temporary database of a ``bbkg serve`` that was killed is removed by the
next one."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bbkg.errors import EndpointError, InputError, UsageError
from bbkg.resources import built_trig, display

STARTUP_SECONDS = 20.0


WORKDIR_PREFIX = "bbkg-serve-"


def oxigraph_binary() -> str:
    """Return the path of the ``oxigraph`` server binary: beside this Python first, then on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.exists():
        return str(beside)
    found = shutil.which("oxigraph")
    if not found:
        raise UsageError("the Oxigraph server is not installed; run: pip install 'bbkg[serve]' (or pip install oxigraph)")
    return found


def parse_bind(bind: str) -> tuple[str, int]:
    """Split ``HOST:PORT`` (``[::1]:7878`` for IPv6) into host and port."""
    host, sep, port = bind.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise UsageError(f"--bind {bind!r} is not HOST:PORT (e.g. 127.0.0.1:7878)")
    return host.strip("[]") or "127.0.0.1", int(port)


def endpoint_url(bind: str) -> str:
    """Return the SPARQL query URL of a server bound to ``bind``."""
    host, port = parse_bind(bind)
    if host in ("0.0.0.0", "::"):
        host = "127.0.0.1"
    return f"http://{f'[{host}]' if ':' in host else host}:{port}/query"


def stop_process(child: subprocess.Popen, timeout: float = 10) -> None:
    """Terminate a child process, killing it when it does not stop within ``timeout`` seconds."""
    if child.poll() is not None:
        return
    child.terminate()
    try:
        child.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def _first_line(log: Path) -> str:
    """The server's message: the first non-empty line of its log (not the backtrace that follows)."""
    lines = [line.strip() for line in log.read_text(errors="replace").splitlines() if line.strip()]
    return lines[0][:300] if lines else "no message"


def _check_free(host: str, port: int) -> None:
    """Fail early when something already listens on the address (SO_REUSEADDR, as the servers bind: a
    port that only has connections in TIME-WAIT, left by a server that just stopped, is free)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
            sock.listen(1)
        except OSError as exc:
            raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}; choose another --bind") from None


def _die_with_parent() -> Callable[[], None] | None:
    """Return a ``preexec_fn`` that makes the child get SIGKILL when bbkg dies (Linux), else None."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    parent = os.getpid()

    def arm() -> None:
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # bbkg died before the signal was armed
            os._exit(1)

    return arm


def _workdir() -> tuple[Path, object]:
    """Make the temporary folder of this server, locked while it runs; first remove those of servers
    that were killed (no process holds their lock)."""
    from bbkg.store.versions import try_lock

    for old in Path(tempfile.gettempdir()).glob(WORKDIR_PREFIX + "*"):
        lock = try_lock(old, exclusive=True)
        if lock is not None and old.stat().st_uid == os.getuid():
            shutil.rmtree(old, ignore_errors=True)
        del lock
    workdir = Path(tempfile.mkdtemp(prefix=WORKDIR_PREFIX))
    return workdir, try_lock(workdir, exclusive=True, wait=True)


def _wait_until_listening(host: str, port: int, child: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise EndpointError(f"the Oxigraph server on {host}:{port} stopped at start: {_first_line(log)}")
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
            return
        time.sleep(0.1)
    raise EndpointError(f"the Oxigraph server did not listen on {host}:{port} within {STARTUP_SECONDS:g} s")


def _load(binary: str, location: Path, files: list[Path]) -> None:
    """Load files into a fresh database with ``oxigraph load``; a syntax error is reported with its location."""
    for path in files:
        if not path.exists():
            hint = "run `bbkg build` first" if path == built_trig() else "check the path"
            raise InputError(f"no such file; {hint}", path=display(path))
    done = subprocess.run(
        [binary, "load", "--location", str(location), "--file", *map(str, files)],
        capture_output=True, text=True, check=False, preexec_fn=_die_with_parent(),
    )
    if done.returncode != 0:
        from bbkg.rdfio import parse_rdf_file

        for path in files:  # bbkg's own parser names path:line:col
            parse_rdf_file(path)
        message = " ".join(done.stderr.split())[-300:]
        raise InputError(f"the Oxigraph server could not load the data: {message}")


def _announce(announce: Callable[[str], None], url: str, write: bool, site: Path | None) -> None:
    base = url.rsplit("/", 1)[0]
    announce(f"SPARQL endpoint: {url} ({'read-write' if write else 'read-only'})")
    announce(f"query UI: {base}/")
    announce(f"reconciliation service (W3C API v0.2, OpenRefine): {base}/reconcile")
    if site is not None:
        announce(f"site: {base}/site/")
    announce(f"try: bbkg query --endpoint {url} organisations-by-region")
    announce("press Ctrl-C to stop")
    sys.stdout.flush()


def _free_loopback_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _front(host: str, port: int, internal: int, site: Path | None, allow_service: bool, timeout: int | None):
    """Index the organisations through the Oxigraph server and start the front server on the public address."""
    from bbkg.serve.front import FrontServer
    from bbkg.serve.reconcile import ID_SPACE, Reconciler
    from bbkg.store.remote.client import open_remote

    shown = f"[{host}]" if ":" in host else host
    base = f"http://{shown}:{port}"
    # ids hold a slash (org/umons): the view template leads to /reconcile/view, which redirects to the page
    page = f"{base}/site/id/{{id}}/index.html" if site else ID_SPACE + "{id}"
    store = open_remote(f"http://127.0.0.1:{internal}/query", timeout=120)
    reconciler = Reconciler.from_store(store, view=f"{base}/reconcile/view?id={{{{id}}}}",
                                       preview=f"{base}/reconcile/preview?id={{{{id}}}}", page=page)
    try:
        front = FrontServer((host, port), internal, reconciler, site, allow_service=allow_service, timeout=timeout)
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}; choose another --bind") from None
    front.start()
    return front


def _run(binary: str, location: Path, bind: str, write: bool, timeout: int | None, log: Path, internal: int):
    command = [binary, "serve" if write else "serve-read-only", "--location", str(location),
               "--bind", f"127.0.0.1:{internal}", "--union-default-graph"]
    if timeout:
        command += ["--timeout-s", str(timeout)]
    with log.open("wb") as log_handle:
        return subprocess.Popen(command, stdout=log_handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True, preexec_fn=_die_with_parent())


def serve(
    bind: str = "127.0.0.1:7878",
    data: list[Path] | None = None,
    *,
    write: bool = False,
    timeout: int | None = None,
    site: Path | None = None,
    allow_service: bool = False,
    announce: Callable[[str], None] = print,
) -> None:
    """Run the Oxigraph server over ``data`` (default: the built graph), behind the front server, until a signal.

    The data is loaded into a temporary database that is removed when the server stops. The Oxigraph
    server listens on a free loopback port; the front server on ``bind`` answers ``/reconcile`` and
    ``/site/`` and passes the rest on, refusing SERVICE unless ``allow_service`` (then run by bbkg within
    ``timeout`` seconds, default 60). The signals stop both; Oxigraph is started in its own session.
    """
    host, port = parse_bind(bind)
    binary = oxigraph_binary()
    _check_free(host, port)
    site = _site_folder(site)
    files = [Path(p) for p in data] if data else [built_trig()]
    workdir, hold = _workdir()
    child: subprocess.Popen | None = None
    front = None
    stopping: list[int] = []

    def forward(signum: int, _frame: object) -> None:
        stopping.append(signum)
        if child is not None and child.poll() is None:
            child.send_signal(signal.SIGTERM)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        _load(binary, workdir / "db", files)
        if stopping:
            return
        internal = _free_loopback_port()
        log = workdir / "server.log"
        child = _run(binary, workdir / "db", bind, write, timeout, log, internal)
        if stopping:
            child.send_signal(signal.SIGTERM)
        else:
            _wait_until_listening("127.0.0.1", internal, child, log)
            front = _front(host, port, internal, site, allow_service, timeout)
            _announce(announce, endpoint_url(bind), write, site)
        _wait(child)
        if not stopping:
            raise EndpointError(f"the Oxigraph server on {bind} stopped (exit {child.returncode}): {_first_line(log)}")
        announce("stopped")
    finally:
        if front is not None:
            front.shutdown()
            front.server_close()
        if child is not None:
            stop_process(child)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        shutil.rmtree(workdir, ignore_errors=True)
        hold.close()


def _site_folder(site: Path | str | None) -> Path | None:
    """Return the site folder to serve, checked, or None."""
    if site is not None and not (Path(site) / "index.html").is_file():
        raise InputError("not a site folder (no index.html); write one with `bbkg site --out DIR`", path=display(site))
    return Path(site) if site is not None else None


def _wait(child: subprocess.Popen) -> None:
    while child.poll() is None:
        try:
            child.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            continue
