"""Where the project's files are: the ontology, the curated tables, the queries."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """Return the folder holding ``ontology/``, ``graph/`` and ``queries/``.

    ``BBKG_ROOT`` overrides it; otherwise it is the checkout this package lives in.
    """
    env = os.environ.get("BBKG_ROOT")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2]


def ontology_dir() -> Path:
    """Return the ``ontology/`` folder."""
    return project_root() / "ontology"


def graph_dir() -> Path:
    """Return the ``graph/`` folder (curated tables and the built graph)."""
    return project_root() / "graph"


def queries_dir() -> Path:
    """Return the ``queries/`` folder (the named-query catalogue)."""
    return project_root() / "queries"


def built_trig() -> Path:
    """Return the path of the built dataset with its named graphs."""
    return graph_dir() / "bbkg.trig"


def built_turtle() -> Path:
    """Return the path of the built union graph."""
    return graph_dir() / "bbkg.ttl"


def display(path: Path | str) -> str:
    """Return ``path`` relative to the working directory when it is below it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)
