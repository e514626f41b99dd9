"""Where the project's files are: the ontology, the curated tables and built graph, the queries,
the page templates.

They ship inside the package (``bbkg/data/ontology``, ``bbkg/data/queries``, ``bbkg/data/graph``
and ``bbkg/render/templates``), found with :mod:`importlib.resources`, so that a wheel installed
anywhere has them. In a checkout ``bbkg/data/*`` are links to the top-level ``ontology/``,
``queries/`` and ``graph/`` folders, which stay the source of truth. ``BBKG_ROOT`` points
every lookup at another folder that holds ``ontology/``, ``graph/`` and ``queries/``.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path


def project_root() -> Path:
    """Return the folder holding ``ontology/``, ``graph/`` and ``queries/``.

    ``BBKG_ROOT`` overrides it; otherwise it is the package's own data folder (in a checkout, its
    links lead to the checkout's folders).
    """
    env = os.environ.get("BBKG_ROOT")
    if env:
        return Path(env)
    return Path(str(files("bbkg").joinpath("data")))


def ontology_dir() -> Path:
    """Return the ``ontology/`` folder."""
    return project_root() / "ontology"


def graph_dir() -> Path:
    """Return the ``graph/`` folder (curated tables and the built graph)."""
    return project_root() / "graph"


def queries_dir() -> Path:
    """Return the ``queries/`` folder (the named-query catalogue)."""
    return project_root() / "queries"


def template_text(name: str) -> str:
    """Return the text of a page template shipped in ``bbkg/render/templates``."""
    return files("bbkg").joinpath("render", "templates", name).read_text(encoding="utf-8")


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
