"""The graph as the site reads it: every triple of the union graph indexed by subject and by object, the
labels of every IRI in every language, the types, and the evidence (source and quote) of every fact.

One pass over the store's quads (any engine or endpoint: :meth:`Store.quads`), then plain dictionaries:
building thousands of pages asks no further query.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyoxigraph as ox

from bbkg.namespaces import BBKG, DCTERMS, RDF, RDFS, SCHEMA, SKOS
from bbkg.vocab import label_rank

if TYPE_CHECKING:
    from bbkg.store import Store

TYPE = RDF.type
LABELS = frozenset((SKOS.prefLabel, RDFS.label, DCTERMS.title))
#: the properties of an evidence record (bbkg.build.evidence)
_ABOUT, _PROPERTY, _VALUE = BBKG["about"], BBKG["property"], BBKG["statedValue"]
_SOURCE, _QUOTE = DCTERMS.source, BBKG.quote
_RECORD = frozenset((_ABOUT, _PROPERTY, _VALUE, _SOURCE, _QUOTE))
_EVIDENCE, _SUBPROPERTY, _IDENTIFIER = BBKG.Evidence, RDFS.subPropertyOf, DCTERMS.identifier
#: identifier properties the search indexes (besides every sub-property of dcterms:identifier)
IDENTIFIERS = {BBKG.kboNumber, BBKG.rorId, BBKG.picNumber, BBKG.pic, BBKG.vatNumber, BBKG.wikidataId,
               BBKG.nisCode, SCHEMA.identifier, DCTERMS.identifier}


@dataclass
class Evidence:
    """Where one fact comes from."""

    iri: str
    source: str
    quote: str


@dataclass
class SiteGraph:
    """The union graph, indexed for page building."""

    triples: list[ox.Triple]
    out: dict[str, list[tuple[str, ox.NamedNode | ox.Literal | ox.BlankNode]]] = field(default_factory=dict)
    props: dict[str, dict[str, list]] = field(default_factory=dict)
    into: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    types: dict[str, set[str]] = field(default_factory=dict)
    names: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    evidence: dict[tuple[str, str, str], list[Evidence]] = field(default_factory=dict)
    identifier_properties: set[str] = field(default_factory=set)
    _labels: dict[tuple[str, str], str | None] = field(default_factory=dict)

    def label(self, iri: str, lang: str = "en") -> str | None:
        """Return the best label of ``iri`` in ``lang`` (the project's one ranking), or None."""
        key = (iri, lang)
        if key not in self._labels:
            found = self.names.get(iri)
            rank = label_rank(lang)
            self._labels[key] = min(found, key=lambda pair: (rank(pair[1]), pair[0]))[0] if found else None
        return self._labels[key]

    def langs_of(self, iri: str) -> set[str]:
        """Return the language tags of the literals stated about ``iri``."""
        return {o.language for _, o in self.out.get(iri, ()) if isinstance(o, ox.Literal) and o.language}

    def values(self, iri: str, predicate: str) -> list[ox.NamedNode | ox.Literal]:
        """Return the objects of ``iri predicate ?o``."""
        return self.props.get(iri, {}).get(predicate, [])

    def first(self, iri: str, predicate: str) -> str | None:
        """Return the value (IRI or lexical form) of the first object of ``iri predicate ?o``, sorted."""
        found = sorted(o.value for o in self.values(iri, predicate))
        return found[0] if found else None

    def subjects(self, predicate: str, obj: str) -> list[str]:
        """Return the subjects of ``?s predicate obj``."""
        return sorted(s for s, p in self.into.get(obj, ()) if p == predicate)

    def is_a(self, iri: str, cls: str) -> bool:
        """Return whether ``iri`` has the type ``cls``."""
        return cls in self.types.get(iri, ())


def _key(term) -> str:
    """A term as a string key: the IRI for a named node, N-Triples for anything else."""
    return term.value if isinstance(term, ox.NamedNode) else str(term)


def fact_key(subject: str, predicate: str, obj) -> tuple[str, str, str]:
    """Return the key of a fact in :attr:`SiteGraph.evidence`."""
    return subject, predicate, _key(obj)


def read_graph(store: Store) -> SiteGraph:
    """Index the union of the store's graphs."""
    return index_triples(list({q.triple for q in store.quads()}))


def index_triples(triples: list[ox.Triple]) -> SiteGraph:
    """Index ``triples`` (the union graph) for the site."""
    graph = SiteGraph(triples)
    out: dict = defaultdict(list)
    props: dict = defaultdict(lambda: defaultdict(list))
    into: dict = defaultdict(list)
    types: dict = defaultdict(set)
    names: dict = defaultdict(list)
    records: dict = defaultdict(dict)
    named, literal = ox.NamedNode, ox.Literal
    for t in triples:
        subject, o = t.subject, t.object
        s = subject.value if isinstance(subject, named) else str(subject)
        p = t.predicate.value
        out[s].append((p, o))
        props[s][p].append(o)
        if isinstance(o, named):
            value = o.value
            into[value].append((s, p))
            if p == TYPE:
                types[s].add(value)
            elif p == _SUBPROPERTY and value == _IDENTIFIER:
                graph.identifier_properties.add(s)
        elif p in LABELS and isinstance(o, literal):
            names[s].append((o.value, o.language or ""))
        if p in _RECORD:
            records[s].setdefault(p, []).append(o)
    graph.props = {s: dict(p) for s, p in props.items()}
    graph.evidence = _evidence(records, graph.props, types)
    graph.out, graph.into, graph.types, graph.names = dict(out), dict(into), dict(types), dict(names)
    graph.identifier_properties |= IDENTIFIERS
    return graph


def _evidence(records: dict, props: dict, types: dict) -> dict[tuple[str, str, str], list[Evidence]]:
    """Index the evidence records by the facts they cover: every value of each property of the record's
    subject, or only its ``bbkg:statedValue``. A subject of ``bbkg:about`` gets the type bbkg:Evidence (the
    property's domain), so that its page is folded into the page of the subject."""
    evidence: dict = defaultdict(list)
    for iri, record in records.items():
        if _ABOUT not in record or _PROPERTY not in record:
            continue
        types[iri].add(_EVIDENCE)
        about = record[_ABOUT][0]
        subject = _key(about)
        found = Evidence(iri, record[_SOURCE][0].value if _SOURCE in record else "",
                         record[_QUOTE][0].value if _QUOTE in record else "")
        for prop in record[_PROPERTY]:
            values = record.get(_VALUE) or props.get(subject, {}).get(prop.value, ())
            for value in values:
                evidence[fact_key(subject, prop.value, value)].append(found)
    return dict(evidence)
