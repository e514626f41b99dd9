"""What every engine offers: the :class:`Store` protocol and :class:`QueryResult`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol

import pyoxigraph as ox

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

    #: the named graph the store is scoped to (queries see only it), or None for the whole dataset
    graph: str | None

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

    def dump(self, handle: BinaryIO, fmt: ox.RdfFormat, prefixes: dict[str, str] | None = None) -> None:
        """Stream the data to ``handle`` in the store's own order: every quad for a format with graphs,
        else the triples (only those of ``graph`` when the store is scoped to one)."""


def dump_quads(quads: Iterable[ox.Quad], handle: BinaryIO, fmt: ox.RdfFormat,
               prefixes: dict[str, str] | None = None, *, keeps_graphs: bool = True) -> None:
    """Write quads (or their triples) to ``handle``: the ``dump`` of stores without a streaming writer."""
    items = quads if keeps_graphs else (q.triple for q in quads)
    ox.serialize(items, handle, format=fmt, **({"prefixes": prefixes} if prefixes else {}))
