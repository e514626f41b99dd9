"""Stage 7, serve: a local SPARQL endpoint over the graph, the Oxigraph server (``oxigraph`` on PyPI)
run as a child process on a temporary copy of the data, read-only, stopped cleanly on a signal.

The user's address is held by bbkg's front (:mod:`bbkg.serve.front`), which screens SERVICE and
LOAD and passes the rest to the server on a loopback port. The server dies with bbkg (even on
SIGKILL: Linux's parent-death signal), and the temporary database of a ``bbkg serve`` that was
killed is removed by the next one.
"""

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


def _front(host: str, port: int, allow_service: bool, timeout: int | None):
    """Listen on the user's address (SO_REUSEADDR: a port in TIME-WAIT is free); fail early when taken."""
    from bbkg.serve.front import Front

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return Front((host, port), family, allow_service=allow_service, timeout=timeout)
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}; choose another --bind") from None


def _loopback_port() -> int:
    """Return a port free on 127.0.0.1 for the Oxigraph server behind the front."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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

    base = Path(tempfile.gettempdir())
    for old in base.glob(WORKDIR_PREFIX + "*"):
        lock = try_lock(old, exclusive=True)
        if lock is not None and old.stat().st_uid == os.getuid():
            shutil.rmtree(old, ignore_errors=True)
        del lock
    workdir = Path(tempfile.mkdtemp(prefix=WORKDIR_PREFIX))
    return workdir, try_lock(workdir, exclusive=True)


def _wait_until_listening(host: str, port: int, child: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise EndpointError(f"the Oxigraph server stopped at start: {_first_line(log)}")
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
            return
        time.sleep(0.1)
    raise EndpointError(f"the Oxigraph server did not listen on {host}:{port} within {STARTUP_SECONDS:g} s")


def _start_server(binary: str, location: Path, backend: tuple[str, int], write: bool, timeout: int | None,
                  log: Path) -> subprocess.Popen:
    """Start the Oxigraph server on the loopback port, in its own session, dying with bbkg."""
    command = [binary, "serve" if write else "serve-read-only", "--location", str(location),
               "--bind", f"{backend[0]}:{backend[1]}", "--union-default-graph"]
    if timeout:
        command += ["--timeout-s", str(timeout)]
    with log.open("wb") as log_handle:
        return subprocess.Popen(command, stdout=log_handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True, preexec_fn=_die_with_parent())


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


def _announce(announce: Callable[[str], None], url: str, write: bool) -> None:
    announce(f"SPARQL endpoint: {url} ({'read-write' if write else 'read-only'})")
    announce(f"query UI: {url.rsplit('/', 1)[0]}/")
    announce(f"try: bbkg query --endpoint {url} organisations-by-region")
    announce("press Ctrl-C to stop")
    sys.stdout.flush()


def _wait_for_end(child: subprocess.Popen, stopping: list[int], bind: str, log: Path) -> None:
    """Wait until the server ends; unless it was asked to (a signal in ``stopping``), that is an error."""
    while child.poll() is None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=0.5)
    if not stopping:
        raise EndpointError(f"the Oxigraph server behind {bind} stopped (exit {child.returncode}): {_first_line(log)}")


def serve(
    bind: str = "127.0.0.1:7878",
    data: list[Path] | None = None,
    *,
    write: bool = False,
    timeout: int | None = None,
    allow_service: bool = False,
    announce: Callable[[str], None] = print,
) -> None:
    """Run the Oxigraph server over ``data`` (default: the built graph) until SIGINT or SIGTERM.

    The data is loaded into a temporary database that is removed when the server stops.
    The signals are forwarded to the server, which is started in its own session. SERVICE is
    refused unless ``allow_service`` (then run by bbkg within ``timeout`` seconds, default 60).
    """
    import threading

    host, port = parse_bind(bind)
    binary = oxigraph_binary()
    front = _front(host, port, allow_service, timeout)
    files = [Path(p) for p in data] if data else [built_trig()]
    workdir, hold = _workdir()
    child: subprocess.Popen | None = None
    stopping: list[int] = []

    def forward(signum: int, _frame: object) -> None:
        stopping.append(signum)
        if child is not None and child.poll() is None:
            child.send_signal(signal.SIGTERM)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM)}
    serving = threading.Thread(target=front.serve_forever, daemon=True)
    try:
        _load(binary, workdir / "db", files)
        if stopping:
            return
        backend = ("127.0.0.1", _loopback_port())
        child = _start_server(binary, workdir / "db", backend, write, timeout, workdir / "server.log")
        if stopping:
            child.send_signal(signal.SIGTERM)
        else:
            _wait_until_listening(*backend, child, workdir / "server.log")
            front.backend = backend
            serving.start()  # threads only now: a preexec_fn is safe only in a process without them
            _announce(announce, endpoint_url(bind), write)
        _wait_for_end(child, stopping, bind, workdir / "server.log")
        announce("stopped")
    finally:
        if serving.is_alive():
            front.shutdown()
        front.server_close()
        if child is not None:
            stop_process(child)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        shutil.rmtree(workdir, ignore_errors=True)
        del hold
