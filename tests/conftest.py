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


def run_cli(*args: object, cwd: Path | None = None, env: dict | None = None, input: str | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess:
    """Run ``python -m bbkg ARGS`` as a real process; return it (stdout/stderr as text)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "bbkg", *map(str, args)],
        cwd=cwd or ROOT, env=full_env, input=input, capture_output=True, text=True, timeout=timeout,
    )


@pytest.fixture(scope="session")
def ecosystem_dir() -> Path:
    """The tables of the fixture ecosystem."""
    return ECOSYSTEM


@pytest.fixture(scope="session")
def ecosystem_trig(tmp_path_factory) -> Path:
    """The fixture ecosystem built (and validated) into a TriG file."""
    from bbkg.api import build_graph

    out = tmp_path_factory.mktemp("ecosystem")
    result = build_graph(ECOSYSTEM, out_dir=out)
    assert result.report is not None and result.report.conforms, result.report.text()
    return out / "bbkg.trig"


@pytest.fixture(scope="session")
def ecosystem_store(ecosystem_trig):
    """The fixture ecosystem in an embedded Oxigraph store."""
    from bbkg.store.__init__ import open_store

    return open_store("oxigraph", data=ecosystem_trig)


@pytest.fixture(scope="session")
def shipped_store():
    """The shipped graph (graph/bbkg.trig) in an embedded Oxigraph store."""
    from bbkg.store.__init__ import open_store

    return open_store("oxigraph")
