"""Stage 3, store: one small ``Store`` interface, several engines chosen by name from a registry.

- ``oxigraph``: pyoxigraph (Rust), the fast default; in memory, or on disk with a folder;
- ``oxrdflib``: rdflib's API over the Oxigraph store (the ``oxrdflib`` plugin);
- ``rdflib``: rdflib's own in-memory store and SPARQL engine, the slow reference;
- ``remote``: any SPARQL 1.1 endpoint (see :mod:`bbkg.store.remote`); ``disk`` holds the persistent store, ``export`` writes a store out.

Every engine answers with :class:`QueryResult`, whose terms are pyoxigraph terms, so that
results from different engines compare directly.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from pathlib import Path

from bbkg.errors import InputError, UsageError
from bbkg.resources import built_trig, display
from bbkg.store.base import QueryResult, Store, Term

__all__ = ["EMBEDDED", "ENGINES", "REFERENCE", "QueryResult", "Store", "Term", "engine_factory", "open_store"]

#: engine name -> ``"module:factory"``, imported on first use (nothing registers itself on import)
ENGINES: dict[str, str] = {
    "oxigraph": "bbkg.store.oxigraph:OxigraphStore",
    "oxrdflib": "bbkg.store.rdflib_store:oxrdflib_store",
    "rdflib": "bbkg.store.rdflib_store:RdflibStore",
    "remote": "bbkg.store.remote.client:RemoteStore",
}
#: the engines that run in this process (the others answer over the network)
EMBEDDED = ("oxigraph", "oxrdflib", "rdflib")
#: rdflib's own engine: the conformance baseline, slow
REFERENCE = "rdflib"


def engine_factory(engine: str) -> Callable[..., Store]:
    """Return the factory of an engine by name; an unknown name is answered with the known ones."""
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}; use one of: " + ", ".join(ENGINES), parameter="engine",
                         value=engine, candidates=list(ENGINES))
    module, _, name = ENGINES[engine].partition(":")
    return getattr(importlib.import_module(module), name)


def open_store(
    engine: str = "oxigraph",
    *,
    data: Path | str | Iterable[Path | str] | None = None,
    graph: str | None = None,
) -> Store:
    """Open an embedded engine by name and load ``data`` (default: the shipped graph)."""
    if engine not in EMBEDDED:
        raise UsageError(f"unknown engine {engine!r}; use one of: " + ", ".join(EMBEDDED), parameter="engine",
                         value=engine, candidates=list(EMBEDDED))
    store = engine_factory(engine)(graph=graph)
    files = [built_trig()] if data is None else ([data] if isinstance(data, (str, Path)) else list(data))
    for path in files:
        path = Path(path)
        if not path.exists():
            hint = "run `bbkg build` first" if path == built_trig() else "check the path"
            raise InputError(f"no such file; {hint}", path=display(path))
        store.load_file(path)
    return store
