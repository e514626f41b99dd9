"""rdflib's own dataset and SPARQL engine (the slow reference), and rdflib's API over Oxigraph (oxrdflib).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from bbkg.errors import QueryError
from bbkg.store.base import QueryResult, Term


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
        #: whether SERVICE clauses run (by bbkg, see bbkg.store.service), and the seconds each may take
        self.allow_service = False
        self.timeout: float | None = None
        if backend != "default":
            self.name = "oxrdflib"

    def load(self, quads: Iterable[ox.Quad]) -> None:
        data = ox.serialize(list(quads), format=ox.RdfFormat.N_QUADS)
        self._ds.parse(data=data.decode(), format="nquads")

    def load_file(self, path: Path) -> None:
        from bbkg.rdfio import parse_rdf_file

        self.load(parse_rdf_file(path))

    def query(self, sparql: str, bindings: dict[str, Term] | None = None, origin: str | None = None) -> QueryResult:
        import rdflib.plugins.sparql
        from pyparsing import ParseException

        from bbkg.sparql import bind
        from bbkg.store.service import run_service

        sparql = bind(run_service(sparql, origin, allow=self.allow_service, timeout=self.timeout), bindings)
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False  # FROM <url> names a graph here, it never fetches the URL
        target = self._ds.graph(self.graph) if self.graph else self._ds
        try:
            result = target.query(sparql)
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

    def dump(self, handle, fmt: ox.RdfFormat, prefixes: dict[str, str] | None = None) -> None:
        """Write the data to ``handle`` (this engine has no streaming writer: its quads, serialised)."""
        from bbkg.store.base import dump_quads

        dump_quads(self.quads(), handle, fmt, prefixes, keeps_graphs=fmt.supports_datasets and self.graph is None)

    def count(self) -> int:
        return sum(1 for _ in self._ds.quads((None, None, None, None)))


def oxrdflib_store(**kwargs: object) -> RdflibStore:
    return RdflibStore("Oxigraph", **kwargs)
