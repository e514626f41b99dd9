"""The label index of a store version: every label of the store in a small SQLite file, so that a table
of 80,000 organisations names them in a quarter of a second instead of five.

Turning a term of an Oxigraph store on disk back into text costs a RocksDB read (15-50 microseconds of
CPU a label, however the query is written), and the table and Markdown forms of a listing, the diagrams
and the summaries look up one label per IRI they show. ``bbkg load`` therefore writes, at the end of
every load, ``bbkg-labels.sqlite`` into the new version folder: one row per (IRI, label, language tag)
of ``skos:prefLabel`` and ``rdfs:label`` in any graph. A version folder never changes once its load
has finished (the next load writes a new one), so the index is never stale, and it goes with its
version when that is removed. A store whose version has no index (loaded by an older bbkg), or a store
opened on one named graph, is asked by SPARQL as before; both ways give the same labels (tested).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyoxigraph as ox

    from bbkg.store.base import Store

#: the index's file in a version folder (RocksDB leaves files it does not know alone)
FILE = "bbkg-labels.sqlite"

#: the layout of the file; a reader ignores an index of another format and asks the store
FORMAT = "1"

#: IRIs per SQLite lookup, and per SPARQL query when there is no index
BATCH = 500
SPARQL_BATCH = 2000

_ALL_LABELS = ("SELECT ?s ?l WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel>"
               "|<http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(isIRI(?s) && isLiteral(?l)) }")

_LABELS_OF = ("SELECT ?n ?l WHERE { VALUES (?n ?s) { %s } ?s <http://www.w3.org/2004/02/skos/core#prefLabel>"
              "|<http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(isLiteral(?l)) }")


def write_label_index(store: ox.Store, folder: Path) -> int:
    """Write the label index of ``store`` (all its graphs) into ``folder``; return the number of labels.

    Called by a load on its new version before the marker names it, so a load killed here leaves a
    version that the next command removes, and readers never see a half-written index."""
    target = folder / FILE
    target.unlink(missing_ok=True)
    # in key order: SQLite then appends to its tree instead of inserting all over it (ten times faster)
    rows = sorted({(s.value, label.language or "", label.value)
                   for s, label in store.query(_ALL_LABELS, use_default_graph_as_union=True)})
    db = sqlite3.connect(target)
    try:
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                         "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                         "CREATE TABLE label (iri TEXT NOT NULL, label TEXT NOT NULL, lang TEXT NOT NULL,"
                         " PRIMARY KEY (iri, lang, label)) WITHOUT ROWID;")
        db.executemany("INSERT INTO label (iri, lang, label) VALUES (?, ?, ?)", rows)
        count = db.execute("SELECT count(*) FROM label").fetchone()[0]
        db.executemany("INSERT INTO meta VALUES (?, ?)", [("format", FORMAT), ("labels", str(count))])
        db.commit()
    finally:
        db.close()
    return count


class LabelIndex:
    """A version's label index, open read-only (``immutable``: the file never changes, so no locks)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    @classmethod
    def open(cls, folder: Path) -> LabelIndex | None:
        """Open the index of the version folder ``folder``; None when it has none that this bbkg reads."""
        path = folder / FILE
        if not path.is_file():
            return None
        try:
            db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True,
                                 check_same_thread=False)
            found = db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        except sqlite3.Error:
            return None
        if found is None or found[0] != FORMAT:
            db.close()
            return None
        return cls(db)

    def rows(self, iris: Sequence[str]) -> Iterator[tuple[str, str, str]]:
        """Yield (IRI, label, language tag or "") for every label of ``iris``."""
        for i in range(0, len(iris), BATCH):
            batch = iris[i:i + BATCH]
            yield from self._db.execute(
                f"SELECT iri, label, lang FROM label WHERE iri IN ({', '.join('?' * len(batch))})", batch)


def stated_labels(store: Store, iris: Iterable[str]) -> Iterator[tuple[str, str, str | None]]:
    """Yield (IRI, label, language tag) for every ``skos:prefLabel`` and ``rdfs:label`` of ``iris``: from
    the store's label index when it has one, else by SPARQL (the IRIs numbered in ``VALUES``, so that the
    engine answers small numbers instead of turning every IRI back into text)."""
    ordered = sorted(set(iris))
    index = getattr(store, "label_index", None)
    if index is not None:
        yield from index.rows(ordered)
        return
    for i in range(0, len(ordered), SPARQL_BATCH):
        batch = ordered[i:i + SPARQL_BATCH]
        values = " ".join(f"({n} <{iri}>)" for n, iri in enumerate(batch))
        for n, label in store.query(_LABELS_OF % values).rows:
            yield batch[int(n.value)], label.value, label.language
