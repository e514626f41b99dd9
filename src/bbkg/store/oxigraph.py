"""The Oxigraph engine (pyoxigraph, Rust): in memory, or on a store folder, read-only for readers.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from bbkg.errors import QueryError
from bbkg.store.base import QueryResult, Term


def _syntax_error(exc: SyntaxError, origin: str | None) -> QueryError:
    """Turn pyoxigraph's syntax error ("error at L:C: ...") into a located QueryError."""
    import re

    msg = str(exc.msg if getattr(exc, "msg", None) else exc)
    line, col = exc.lineno, exc.offset
    m = re.match(r"error at (\d+):(\d+):\s*(.*)", msg, re.S)
    if m:
        line, col, msg = int(m.group(1)), int(m.group(2)), m.group(3)
    msg = " ".join(msg.split())
    if len(msg) > 160:
        msg = msg[:157] + "..."
    return QueryError(f"SPARQL syntax error: {msg}", path=origin, line=line, col=col)


def _solutions_to_result(result: object, lazy: bool = False, origin: str | None = None) -> QueryResult:
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = _lazy_rows(result, origin) if lazy else [tuple(sol) for sol in result]
        return QueryResult("select", variables, rows)
    return QueryResult("graph", triples=list(result))


def _lazy_rows(solutions: ox.QuerySolutions, origin: str | None):
    """Yield the rows as the engine finds them; an evaluation error on the way is a QueryError."""
    try:
        for solution in solutions:
            yield tuple(solution)
    except (OSError, ValueError) as exc:
        raise QueryError(f"query failed: {exc}", path=origin) from None


class OxigraphStore:
    """pyoxigraph's store, in memory or in a folder; the default union graph is all graphs."""

    name = "oxigraph"

    def __init__(self, path: Path | None = None, *, read_only: bool = False, graph: str | None = None) -> None:
        if path is None:
            self._store = ox.Store()
        elif read_only:
            self._store = ox.Store.read_only(str(path))
        else:
            self._store = ox.Store(str(path))
        self.graph = graph
        #: the version's label index (:mod:`bbkg.store.labels`), set by :func:`bbkg.store.disk.open_disk_store`
        self.label_index = None
        #: whether SERVICE clauses run (by bbkg, see bbkg.store.service), and the seconds each may take
        self.allow_service = False
        self.timeout: float | None = None

    def load(self, quads: Iterable[ox.Quad]) -> None:
        self._store.extend(quads)

    def load_file(self, path: Path) -> None:
        from bbkg.rdfio import parse_rdf_file

        self._store.extend(parse_rdf_file(path))

    def query(self, sparql: str, bindings: dict[str, Term] | None = None, origin: str | None = None,
              lazy: bool = False) -> QueryResult:
        """Run a query; with ``lazy`` the rows of a SELECT are an iterator that yields them as the engine
        finds them (read them once), instead of a list."""
        from bbkg.sparql import bind
        from bbkg.store.service import run_service

        sparql = bind(run_service(sparql, origin, allow=self.allow_service, timeout=self.timeout), bindings)
        kwargs: dict = {}
        if self.graph:
            kwargs["default_graph"] = ox.NamedNode(self.graph)
        else:
            kwargs["use_default_graph_as_union"] = True
        try:
            return _solutions_to_result(self._store.query(sparql, **kwargs), lazy, origin)
        except SyntaxError as exc:
            raise _syntax_error(exc, origin) from None
        except (OSError, ValueError) as exc:
            raise QueryError(f"query failed: {exc}", path=origin) from None

    def update(self, sparql: str) -> None:
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise _syntax_error(exc, None) from None

    def quads(self) -> list[ox.Quad]:
        return list(self._store)

    def dump(self, handle, fmt: ox.RdfFormat, prefixes: dict[str, str] | None = None) -> None:
        """Stream the data to ``handle`` with pyoxigraph's own writer (about a million quads a second)."""
        options = {"prefixes": prefixes} if prefixes else {}
        if fmt.supports_datasets and self.graph is None:
            self._store.dump(handle, format=fmt, **options)
            return
        pattern = self._store.quads_for_pattern(None, None, None, ox.NamedNode(self.graph) if self.graph else None)
        ox.serialize((q.triple for q in pattern), handle, format=fmt, **options)

    def count(self) -> int:
        return len(self._store)
