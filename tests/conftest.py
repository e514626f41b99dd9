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
    """The fixture ecosystem built (and validated) into a TriG file."""
    return built(ECOSYSTEM, tmp_path_factory.mktemp("ecosystem"))


@pytest.fixture(scope="session")
def history_trig(tmp_path_factory) -> Path:
    """The history fixture built (and validated) into a TriG file."""
    return built(HISTORY, tmp_path_factory.mktemp("history"))


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


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory, shipped_store):
    """The static site of the shipped graph, in English, French and German (the languages the tests read)."""
    from bbkg.site import build_site

    out = tmp_path_factory.mktemp("site") / "site"
    build_site(shipped_store, out, langs=("en", "fr", "de"), network=False)
    return out


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (Debian's), one per test module; see tests/browser.py."""
    from playwright.sync_api import sync_playwright

    from browser import BROWSER_ARGS, CHROMIUM

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        yield chromium
        chromium.close()
