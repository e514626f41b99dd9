"""One small ``Store`` interface, several engines chosen by name from a registry.

- ``oxigraph``: pyoxigraph (Rust), the fast default; in memory, or on disk with a folder;
- ``oxrdflib``: rdflib's API over the Oxigraph store (the ``oxrdflib`` plugin);
- ``rdflib``: rdflib's own in-memory store and SPARQL engine, the slow reference;
- ``remote``: any SPARQL 1.1 endpoint (see :mod:`bbkg.remote`).

Every engine answers with :class:`QueryResult`, whose terms are pyoxigraph terms, so that
results from different engines compare directly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from .errors import InputError, QueryError, UsageError
from .paths import built_trig, display

Term = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass
class QueryResult:
    """What a query returned: ``kind`` is 'select', 'ask' or 'graph'."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)


class Store(Protocol):
    """What every engine offers."""

    name: str

    def load(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads."""

    def load_file(self, path: Path) -> None:
        """Add the contents of an RDF file."""

    def query(self, sparql: str, bindings: dict[str, Term] | None = None) -> QueryResult:
        """Run a SPARQL query with variables bound to RDF terms."""

    def update(self, sparql: str) -> None:
        """Run a SPARQL update."""

    def quads(self) -> list[ox.Quad]:
        """Return every quad."""

    def count(self) -> int:
        """Return the number of quads."""


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


def _solutions_to_result(result: object) -> QueryResult:
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = [tuple(sol) for sol in result]
        return QueryResult("select", variables, rows)
    return QueryResult("graph", triples=list(result))


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

    @property
    def raw(self) -> ox.Store:
        """The underlying ``pyoxigraph.Store``."""
        return self._store

    def load(self, quads: Iterable[ox.Quad]) -> None:
        self._store.extend(quads)

    def load_file(self, path: Path) -> None:
        from .build import parse_rdf_file

        self._store.extend(parse_rdf_file(path))

    def query(self, sparql: str, bindings: dict[str, Term] | None = None, origin: str | None = None) -> QueryResult:
        from .sparql import bind

        sparql = bind(sparql, bindings)
        kwargs: dict = {}
        if self.graph:
            kwargs["default_graph"] = ox.NamedNode(self.graph)
        else:
            kwargs["use_default_graph_as_union"] = True
        try:
            return _solutions_to_result(self._store.query(sparql, **kwargs))
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

    def count(self) -> int:
        return len(self._store)


def to_ox(term: object) -> Term | None:
    """Convert an rdflib term to a pyoxigraph term."""
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


class RdflibStore:
    """rdflib's own in-memory dataset and SPARQL engine (the reference), or over oxrdflib."""

    name = "rdflib"

    def __init__(self, backend: str = "default", *, graph: str | None = None) -> None:
        from rdflib import Dataset

        self._ds = Dataset(store=backend, default_union=True)
        self.graph = graph
        if backend != "default":
            self.name = "oxrdflib"

    def load(self, quads: Iterable[ox.Quad]) -> None:
        data = ox.serialize(list(quads), format=ox.RdfFormat.N_QUADS)
        self._ds.parse(data=data.decode(), format="nquads")

    def load_file(self, path: Path) -> None:
        from .build import parse_rdf_file

        self.load(parse_rdf_file(path))

    def query(self, sparql: str, bindings: dict[str, Term] | None = None, origin: str | None = None) -> QueryResult:
        from pyparsing import ParseException

        from .sparql import bind

        target = self._ds.graph(self.graph) if self.graph else self._ds
        try:
            result = target.query(bind(sparql, bindings))
        except ParseException as exc:
            raise QueryError(f"SPARQL syntax error: {exc.msg}", path=origin, line=exc.lineno, col=exc.col) from None
        except Exception as exc:  # rdflib raises many kinds
            raise QueryError(f"query failed: {exc}", path=origin) from None
        if result.type == "ASK":
            return QueryResult("ask", boolean=bool(result.askAnswer))
        if result.type == "SELECT":
            variables = [str(v) for v in result.vars]
            rows = [tuple(to_ox(row[i]) for i in range(len(variables))) for row in result]
            return QueryResult("select", variables, rows)
        triples = [ox.Triple(*(to_ox(t) for t in triple)) for triple in result]
        return QueryResult("graph", triples=triples)

    def update(self, sparql: str) -> None:
        self._ds.update(sparql)

    def quads(self) -> list[ox.Quad]:
        out = []
        for s, p, o, g in self._ds.quads((None, None, None, None)):
            graph = ox.DefaultGraph() if g is None or str(g) == "urn:x-rdflib:default" else to_ox(g)
            out.append(ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph))
        return out

    def count(self) -> int:
        return sum(1 for _ in self._ds.quads((None, None, None, None)))


def _oxrdflib(**kwargs: object) -> RdflibStore:
    return RdflibStore("Oxigraph", **kwargs)


#: engine name -> factory; the remote engine registers itself in bbkg.remote
ENGINES: dict[str, Callable[..., Store]] = {
    "oxigraph": OxigraphStore,
    "oxrdflib": _oxrdflib,
    "rdflib": RdflibStore,
}
EMBEDDED = ("oxigraph", "oxrdflib", "rdflib")


def open_store(
    engine: str = "oxigraph",
    *,
    data: Path | str | Iterable[Path | str] | None = None,
    graph: str | None = None,
) -> Store:
    """Open an embedded engine by name and load ``data`` (default: the shipped graph)."""
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}; use one of: " + ", ".join(ENGINES))
    store = ENGINES[engine](graph=graph)
    files = [built_trig()] if data is None else ([data] if isinstance(data, (str, Path)) else list(data))
    for path in files:
        path = Path(path)
        if not path.exists():
            hint = "run `bbkg build` first" if path == built_trig() else "check the path"
            raise InputError(f"no such file; {hint}", path=display(path))
        store.load_file(path)
    return store
