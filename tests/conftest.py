"""Shared fixtures: the tiny named fixture ecosystem, built once per session, and a CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
ECOSYSTEM = FIXTURES / "ecosystem"
#: a tiny ecosystem with a known history: dates of every precision on both sides of boundaries
HISTORY = FIXTURES / "history"


def run_cli(*args: object, cwd: Path | None = None, env: dict | None = None, input: str | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess:
    """Run ``bbkg ARGS`` in this process (click's test isolation: own stdin, stdout, stderr and
    environment); return what a process would give: return code, stdout and stderr as text."""
    from click.testing import CliRunner

    from bbkg.cli import run

    runner = CliRunner()
    previous = Path.cwd()
    os.chdir(cwd or ROOT)
    try:
        with runner.isolation(input=input, env=env) as (out, err, _):
            try:
                run([str(a) for a in args])
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            # as a text-mode subprocess reads them: universal newlines
            stdout = out.getvalue().decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
            stderr = err.getvalue().decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
    finally:
        os.chdir(previous)
    return subprocess.CompletedProcess(["bbkg", *map(str, args)], code, stdout, stderr)


def run_process(*args: object, cwd: Path | None = None, env: dict | None = None, input: str | None = None,
                timeout: float = 120) -> subprocess.CompletedProcess:
    """Run ``python -m bbkg ARGS`` as a real process, where the process itself is what is tested
    (signals, servers, a fresh interpreter, exit codes set by the runtime); return it."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "bbkg", *map(str, args)],
        cwd=cwd or ROOT, env=full_env, input=input, capture_output=True, text=True, timeout=timeout,
    )


#: files at least this large are parsed once per test process and content (see parsed_once)
PARSE_ONCE_BYTES = 256 * 1024


@pytest.fixture(scope="session", autouse=True)
def parsed_once():
    """bbkg's RDF file parser, remembering the quads of a large file (the shipped graph, which every CLI call
    without --data loads) by its path and the digest of its bytes: a changed file is parsed again, a file that
    fails to parse fails every time, small files always go to the parser. The store is still filled anew."""
    import hashlib

    import bbkg.rdfio as rdfio

    original, seen = rdfio.parse_rdf_file, {}

    def parse_rdf_file(path, graph=None):
        path = Path(path)
        try:
            data = path.read_bytes() if path.stat().st_size >= PARSE_ONCE_BYTES else None
        except OSError:
            data = None
        if data is None:
            return original(path, graph)
        key = (str(path.resolve()), hashlib.blake2b(data).digest(), graph)
        if key not in seen:
            seen[key] = original(path, graph)
        return list(seen[key])

    rdfio.parse_rdf_file = parse_rdf_file
    yield
    rdfio.parse_rdf_file = original


@pytest.fixture(scope="session")
def ecosystem_dir() -> Path:
    """The tables of the fixture ecosystem."""
    return ECOSYSTEM


def built(tables: Path, out: Path) -> Path:
    """Build (and validate) the tables of a fixture into ``out``; return its TriG file."""
    from bbkg.api import build_graph

    result = build_graph(tables, out_dir=out)
    assert result.report is not None and result.report.conforms, result.report.text()
    return out / "bbkg.trig"


@pytest.fixture(scope="session")
def ecosystem_trig(tmp_path_factory) -> Path:
    """The fixture ecosystem built (and validated) into a TriG file (beside it the build's Turtle), once per
    run for all workers: read it, never write beside it."""
    return once_per_run(tmp_path_factory, "ecosystem", lambda folder: built(ECOSYSTEM, folder)) / "bbkg.trig"


@pytest.fixture(scope="session")
def history_trig(tmp_path_factory) -> Path:
    """The history fixture built (and validated) into a TriG file, once per run for all workers."""
    return once_per_run(tmp_path_factory, "history", lambda folder: built(HISTORY, folder)) / "bbkg.trig"


@pytest.fixture(scope="session")
def hostile_trig(tmp_path_factory) -> Path:
    """The fixture ecosystem with labels that are markup and script (tests/fixtures/hostile) built (and
    validated) into a TriG file, once per run for all workers."""
    return once_per_run(tmp_path_factory, "hostile", lambda folder: built(FIXTURES / "hostile", folder)) / "bbkg.trig"


@pytest.fixture(scope="session")
def ecosystem_store(ecosystem_trig):
    """The fixture ecosystem in an embedded Oxigraph store."""
    from bbkg.store import open_store

    return open_store("oxigraph", data=ecosystem_trig)


@pytest.fixture(scope="session")
def shipped_build(tmp_path_factory):
    """The shipped tables built (and validated) once per test run: the build result and its folder."""
    from bbkg.api import build_graph

    out = tmp_path_factory.mktemp("shipped")
    return build_graph(out_dir=out), out


@pytest.fixture(scope="session")
def shipped_store():
    """The shipped graph (graph/bbkg.trig) in an embedded Oxigraph store."""
    from bbkg.store import open_store

    return open_store("oxigraph")


def once_per_run(tmp_path_factory, name: str, make) -> Path:
    """Make ``name`` once for all the test workers of a run: the first worker calls ``make(folder)`` under
    a lock, the others wait for it and reuse the folder. The folder lives in this run's temporary root
    (shared by the xdist workers of one run, never by two runs)."""
    import fcntl

    base = tmp_path_factory.getbasetemp()
    shared = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / f"bbkg-{name}"
    shared.mkdir(exist_ok=True)
    folder, done = shared / "out", shared / "done"
    with open(shared / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory):
    """The static site of the shipped graph, in English, French and German (the languages the tests read),
    built once per run for all workers."""
    from bbkg.site import build_site
    from bbkg.store import open_store

    def make(folder: Path) -> None:
        build_site(open_store("oxigraph"), folder / "site", langs=("en", "fr", "de"), network=False)

    return once_per_run(tmp_path_factory, "site", make) / "site"


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (Debian's), one per test module; see tests/browser.py."""
    from playwright.sync_api import sync_playwright

    from browser import BROWSER_ARGS, CHROMIUM

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        yield chromium
        chromium.close()
