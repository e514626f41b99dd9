"""Whole processes for the benchmark (scripts/bench.py): run a command, time it and read its peak memory;
`bbkg query NAME` on a store or an endpoint; the Oxigraph server (bulk load, then a read-only server on
127.0.0.1); and the side-by-side scripts of other branches (``--json OUT``), read when they exist.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts"


def bbkg(*args: object) -> list[str]:
    """The command line of ``bbkg ARGS`` with this Python."""
    return [sys.executable, "-m", "bbkg", *map(str, args)]


def run(cmd: list[str], *, cwd: Path = ROOT, stdout: int | None = subprocess.DEVNULL,
        timeout: float | None = None) -> dict:
    """Run ``cmd`` to its end (killed after ``timeout`` seconds); return its wall seconds, peak memory (its own
    maximum resident set size, MB), exit code, whether it timed out, the end of its stderr and, when
    ``stdout`` is ``subprocess.PIPE``, its output."""
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        child = subprocess.Popen(cmd, cwd=cwd, stdout=out if stdout == subprocess.PIPE else stdout, stderr=err)
        killer = threading.Timer(timeout, child.kill) if timeout else None
        if killer:
            killer.start()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        if killer:
            killer.cancel()
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        out.seek(0)
        return {"seconds": seconds, "peak_mb": round(usage.ru_maxrss / 1024, 1), "code": child.returncode,
                "timed_out": bool(timeout) and seconds >= timeout and child.returncode < 0,
                "stderr": err.read().decode(errors="replace")[-3000:],
                "stdout": out.read().decode(errors="replace") if stdout == subprocess.PIPE else ""}


def checked(cmd: list[str], what: str, **kwargs) -> dict:
    """:func:`run`, stopping the benchmark with the command's message when it fails."""
    done = run(cmd, **kwargs)
    if done["code"] != 0:
        raise SystemExit(f"bench: {what} failed (exit {done['code']}): {' '.join(map(str, cmd))}\n{done['stderr']}")
    return done


#: seconds after which one measured process is stopped (its row then says so); set by bench.py --timeout
TIMEOUT = {"seconds": 120.0}


def failure(done: dict) -> str:
    """What went wrong with a measured process, in a few words."""
    if done["timed_out"]:
        return f"no answer within {TIMEOUT['seconds']:g} s (stopped)"
    lines = done["stderr"].strip().splitlines()
    return f"exit {done['code']}: {lines[-1] if lines else ''}"[:200]


def repeated(cmd: list[str], repeat: int) -> dict:
    """Run ``cmd`` ``repeat`` times: {"times": [...], "peak_mb": max}, or {"error": the first failure}."""
    times, peak = [], 0.0
    for _ in range(repeat):
        done = run(cmd, timeout=TIMEOUT["seconds"])
        if done["code"] != 0:
            return {"error": failure(done)}
        times.append(done["seconds"])
        peak = max(peak, done["peak_mb"])
    return {"times": times, "peak_mb": peak}


def query_processes(names: list[str], source: list[str], repeat: int) -> dict:
    """Every named query as a whole process, ``bbkg query NAME SOURCE...`` (the table goes to /dev/null)."""
    return {name: repeated(bbkg("query", name, *source), repeat) for name in names}


def folder_mb(path: Path) -> float:
    """The size of the files under ``path`` in MB (what it takes on disk, hard links counted once)."""
    seen, total = set(), 0
    for file in path.rglob("*"):
        info = file.lstat()
        if file.is_file() and (info.st_dev, info.st_ino) not in seen:
            seen.add((info.st_dev, info.st_ino))
            total += info.st_size
    return round(total / 2**20, 1)


# ----------------------------------------------------------------------------- the Oxigraph server


def oxigraph() -> str:
    """The ``oxigraph`` server binary that bbkg uses (``bbkg[serve]``)."""
    from bbkg.serve import oxigraph_binary

    return oxigraph_binary()


def server_load(files: list[Path], location: Path) -> dict:
    """Bulk-load ``files`` into a new server database with ``oxigraph load``: seconds, peak MB, size MB."""
    done = checked([oxigraph(), "load", "--location", str(location), "--file", *map(str, files)], "oxigraph load")
    return {"times": [done["seconds"]], "peak_mb": done["peak_mb"], "store_mb": folder_mb(location)}


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def server(location: Path, seconds: float = 60) -> Iterator[str]:
    """Run ``oxigraph serve-read-only`` on ``location`` at a free 127.0.0.1 port with the union default graph;
    yield its query URL; stop it afterwards, whatever happens."""
    from bbkg.serve import stop_process

    port = _port()
    child = subprocess.Popen([oxigraph(), "serve-read-only", "--location", str(location), "--bind",
                              f"127.0.0.1:{port}", "--union-default-graph"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + seconds
        while True:
            if child.poll() is not None:
                raise SystemExit(f"bench: the Oxigraph server on {location} stopped at start (exit {child.returncode})")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit(f"bench: the Oxigraph server did not listen within {seconds:g} s") from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/query"
    finally:
        stop_process(child)


# ----------------------------------------------------------------------------- other branches' scripts


def external(script: str, args: list[object], workdir: Path) -> dict | None:
    """Run ``scripts/SCRIPT ARGS --json OUT`` and return what it wrote, or None when the script is not
    there, takes no ``--json`` or fails (the caller then measures it itself)."""
    path = SCRIPTS / script
    if not path.exists():
        return None
    helped = run([sys.executable, str(path), "--help"], stdout=subprocess.PIPE)
    if "--json" not in helped["stdout"]:
        return None
    out = workdir / f"{path.stem}.json"
    done = run([sys.executable, str(path), *map(str, args), "--json", str(out)])
    if done["code"] != 0 or not out.exists():
        print(f"[bench] {script} failed (exit {done['code']}); measuring it here instead", file=sys.stderr)
        return None
    return json.loads(out.read_text(encoding="utf-8"))
