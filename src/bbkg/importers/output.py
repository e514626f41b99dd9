"""What an import makes: one named graph, streamed as N-Quads in batches, with its source record, and the
report of what was read, kept, dropped and matched.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import BinaryIO, Protocol

import pyoxigraph as ox

from bbkg.importers.download import BadRows, Progress  # noqa: F401 (Progress: re-exported)
from bbkg.namespaces import BBKG, CONCEPT, DCTERMS, GRAPH, ID, PROV, RDF, RDFS, SCHEMA, SKOS, XSD

TYPE = ox.NamedNode(str(RDF.type))
PREF = ox.NamedNode(str(SKOS.prefLabel))
ALT = ox.NamedNode(str(SKOS.altLabel))
LABEL = ox.NamedNode(str(RDFS.label))
CONCEPT_BASE = CONCEPT[""]
#: quads written in one go
BATCH = 20_000


def node(value: object) -> ox.NamedNode:
    """A named node from a namespace term or string."""
    return ox.NamedNode(str(value))


def text(value: str, lang: str | None = None) -> ox.Literal:
    """A plain or language-tagged literal."""
    return ox.Literal(value, language=lang) if lang else ox.Literal(value)


def typed(value: str, datatype: object) -> ox.Literal:
    """A typed literal."""
    return ox.Literal(value, datatype=node(datatype))


def day(value: str) -> ox.Literal:
    """An ``xsd:date`` literal from YYYY-MM-DD."""
    return typed(value, XSD.date)


DAY_PRECISION = node(CONCEPT["date-precision/day"])


@dataclass
class Candidate:
    """What an importer knows of an organisation when it asks whether the graph already has it."""

    source: str  # "kbo" or "cordis"
    identifier: str  # the KBO number (10 digits) or the PIC
    names: list[str]
    municipality: str | None = None  # NIS code
    kbo: str | None = None  # 10 digits, when known (a Belgian VAT number gives it)
    pic: str | None = None


class Identify(Protocol):
    """Return the curated organisation an imported one is, or None (the importer then mints its own IRI)."""

    def __call__(self, candidate: Candidate) -> ox.NamedNode | None: ...


def no_match(candidate: Candidate) -> ox.NamedNode | None:
    """An :class:`Identify` that never matches (imports on their own)."""
    return None


@dataclass
class ImportReport:
    """What an import read and wrote."""

    graph: str
    counts: Counter = field(default_factory=Counter)
    bad: BadRows = field(default_factory=BadRows)
    quads: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One paragraph for the terminal."""
        parts = ", ".join(f"{n:,} {what}" for what, n in self.counts.items() if n)
        text_ = f"{self.quads:,} quads into <{self.graph}>: {parts}"
        if self.bad.count:
            text_ += f"; {self.bad.count:,} bad rows skipped"
        return text_


class GraphWriter:
    """Writes the quads of one named graph to a binary handle as N-Quads, in batches (bounded memory)."""

    def __init__(self, handle: BinaryIO | ox.Store, graph: ox.NamedNode) -> None:
        #: an N-Quads file, or a store the batches go straight into (an import into a store's private
        #: copy: nothing to serialise and parse again)
        self.handle = handle
        self.graph = graph
        self.batch: list[ox.Quad] = []
        self.count = 0
        #: the concepts (``concept/...`` IRIs) stated as objects so far
        self.objects: set[ox.NamedNode] = set()

    def add(self, s: ox.NamedNode | ox.BlankNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> None:
        """Add one triple to the graph."""
        self.batch.append(ox.Quad(s, p, o, self.graph))
        if isinstance(o, ox.NamedNode) and o.value.startswith(CONCEPT_BASE):
            self.objects.add(o)
        if len(self.batch) >= BATCH:
            self.flush()

    def label(self, s: ox.NamedNode, value: str, lang: str | None, *, pref: bool = True) -> None:
        """A preferred (and ``rdfs:label``) or alternative name."""
        literal = text(value, lang)
        if pref:
            self.add(s, PREF, literal)
            self.add(s, LABEL, literal)
        else:
            self.add(s, ALT, literal)

    def flush(self) -> None:
        """Write what is buffered."""
        if self.batch:
            if isinstance(self.handle, ox.Store):
                self.handle.bulk_extend(self.batch)
            else:
                ox.serialize(self.batch, self.handle, ox.RdfFormat.N_QUADS)
            self.count += len(self.batch)
            self.batch = []


def import_graph(path: str) -> ox.NamedNode:
    """The named graph of one import: ``.../graph/kbo/147``, ``.../graph/cordis/h2020``."""
    return node(GRAPH[path])


def source_record(out: GraphWriter, key: str, title: str, fields: dict[str, str], licence: str,
                  url: str) -> ox.NamedNode:
    """State the import's source inside its graph: the graph ``prov:wasDerivedFrom`` the download."""
    src = node(ID[f"source/{key}"])
    out.add(src, TYPE, node(BBKG.Source))
    out.add(src, TYPE, node(PROV.Entity))
    out.add(src, node(DCTERMS.title), text(title))
    out.add(src, LABEL, text(title))
    out.add(src, node(DCTERMS.license), node(licence))
    out.add(src, node(SCHEMA.url), node(url))
    for prop, value in fields.items():
        if value:
            literal = day(value) if prop in ("snapshotDate",) else text(value)
            out.add(src, node(BBKG[prop]), literal)
    out.add(out.graph, TYPE, node(PROV.Bundle))
    out.add(out.graph, node(PROV.wasDerivedFrom), src)
    return src

