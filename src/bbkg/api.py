"""The library's front door for scripts and notebooks.

>>> from bbkg.api import build_graph                     # doctest: +SKIP
>>> result = build_graph()                                # doctest: +SKIP
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from bbkg.build.validate import ValidationReport

#: an evidence record is a subject of bbkg:about (records carry no rdf:type)
ABOUT = "https://w3id.org/bbkg/ontology#about"


@dataclass
class BuildResult:
    """What ``build_graph`` produced."""

    quads: list[ox.Quad]
    report: ValidationReport | None
    written: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        """Return a one-line summary: triples, graphs, sources, evidence records."""
        graphs = {str(q.graph_name) for q in self.quads}
        triples = {q.triple for q in self.quads}
        records = {q.subject for q in self.quads if q.predicate.value == ABOUT}
        types = Counter(str(q.object).rsplit("#", 1)[-1].rstrip(">") for q in self.quads if q.predicate.value.endswith("#type"))
        return (
            f"{len(triples)} triples in {len(graphs)} named graphs; "
            f"{types['Source']} sources, {len(records)} evidence records"
        )


def build_graph(
    tables: Path | None = None,
    ontology: Path | None = None,
    out_dir: Path | None = None,
    *,
    validate: bool = True,
    write: bool = True,
) -> BuildResult:
    """Read and check the tables, build the dataset, validate it, and write bbkg.ttl / bbkg.trig.

    Raises :class:`~bbkg.errors.InputError` for table problems; nothing is written when the
    tables are bad or the graph does not conform.
    """
    from bbkg.build import build_quads, ontology_quads
    from bbkg.build.validate import check_queries, shapes_path, validate_quads
    from bbkg.rdfio import HEADER, serialize, write_all_atomic
    from bbkg.resources import graph_dir
    from bbkg.tables import load_tables

    checked = load_tables(tables)
    quads = build_quads(checked, ontology_quads(ontology))
    report = None
    if validate:
        report = validate_quads(quads, shapes=shapes_path(ontology), checks=check_queries())
        if not report.conforms:
            return BuildResult(quads, report)
    result = BuildResult(quads, report)
    if write:
        folder = Path(out_dir) if out_dir else Path(tables) if tables else graph_dir()
        files = {
            folder / "bbkg.ttl": serialize(quads, "turtle", header=HEADER),
            folder / "bbkg.trig": serialize(quads, "trig", header=HEADER),
        }
        write_all_atomic(files)
        result.written = list(files)
    return result


class KnowledgeGraph:
    """A knowledge graph opened for querying: the shipped graph, files, or an endpoint.

    >>> kg = open_graph()                                   # doctest: +SKIP
    >>> kg.run("partners-of", org="BioWin")[0]["partner"]  # doctest: +SKIP
    """

    def __init__(self, store) -> None:
        self.store = store

    def run(self, name: str, *, as_of: str | None = None, between: tuple[str, str] | None = None, **params: str):
        """Run a named query (or a .rq path) with keyword parameters; return Rows, a bool, or triples.

        ``as_of="2015"`` or ``between=("2010", "2015")`` bind the time parameters (``from``, ``to``) of the
        queries that have them.
        """
        from bbkg.query.catalogue import find_query
        from bbkg.query.params import bind_params
        from bbkg.query.results import rows_of
        from bbkg.query.time import as_of as window_as_of
        from bbkg.query.time import between as window_between

        named = find_query(name)
        bindings = bind_params(named, {k: str(v) for k, v in params.items()}, self.store)
        if as_of is not None or between is not None:
            from bbkg.errors import UsageError

            if not named.timed or (as_of is not None and between is not None):
                raise UsageError(f"give as_of or between (not both), to a query with the parameters from and to; "
                                 f"{named.name!r} {'has them' if named.timed else 'has none'}")
            window = window_as_of(as_of, "as_of") if as_of is not None else window_between(*between, "between")
            bindings.update(window.bindings())
        from bbkg.query.windowless import query_text

        return _plain(self.store.query(query_text(named, bindings), bindings, origin=str(named.path)), rows_of)

    def sparql(self, text: str):
        """Run SPARQL text; return Rows for SELECT, a bool for ASK, triples for CONSTRUCT/DESCRIBE."""
        from bbkg.query.results import rows_of

        return _plain(self.store.query(text), rows_of)

    def queries(self) -> dict:
        """Return the named-query catalogue by name."""
        from bbkg.query.catalogue import catalogue

        return catalogue()


def _plain(result, rows_of):
    if result.kind == "ask":
        return bool(result.boolean)
    if result.kind == "graph":
        return result.triples
    return rows_of(result)


def open_graph(data=None, *, engine: str = "oxigraph", endpoint: str | None = None, store: str | None = None,
               **options) -> KnowledgeGraph:
    """Open a graph for querying and return a KnowledgeGraph.

    By default the shipped graph on Oxigraph; ``data`` a path or list of paths; ``engine``
    'oxigraph', 'oxrdflib' or 'rdflib'; ``store`` a folder made by ``bbkg load``; or
    ``endpoint`` a SPARQL endpoint URL, with ``options`` such as ``user``, ``password``,
    ``timeout``, ``graph`` (see bbkg.remote.open_remote).
    """
    if endpoint is not None:
        from bbkg.store.remote.client import open_remote

        return KnowledgeGraph(open_remote(endpoint, **options))
    if store is not None:
        from bbkg.store.disk import open_disk_store

        return KnowledgeGraph(open_disk_store(store, **options))
    from bbkg.store import open_store

    return KnowledgeGraph(open_store(engine, data=data, **options))
