"""Evidence records: the source and exact quote of every curated fact, grouped by table row.

One record per (subject, source, quote, row extras such as a date or a note): the facts one row states about
one subject share it::

    evidence:<hash> bbkg:about S ; bbkg:property P1, P2 ; dcterms:source SRC ; bbkg:quote "..." .

A record without ``bbkg:statedValue`` supports every value of ``S P`` for each of its properties. When the
facts of one (S, P) come from more than one record key (two rows, two quotes, two sources), every fact of
that (S, P) gets a record of its own instead, with ``bbkg:statedValue O`` and exactly one ``bbkg:property``.
So for any (S, P) either one value-less record covers all its values, or every value has its own record(s).
A reader matches a fact ``S P O`` with::

    ?ev bbkg:about S ; bbkg:property P . OPTIONAL { ?ev bbkg:statedValue ?v }
    FILTER(!BOUND(?v) || sameTerm(?v, O))

Record IRIs are a hash of their key, so the same tables always give the same records.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from bbkg.namespaces import BBKG, DCTERMS, ID, PROVENANCE_GRAPH

ABOUT = ox.NamedNode(str(BBKG["about"]))
PROPERTY = ox.NamedNode(str(BBKG["property"]))
STATED_VALUE = ox.NamedNode(str(BBKG["statedValue"]))
QUOTE = ox.NamedNode(str(BBKG["quote"]))
SOURCE = ox.NamedNode(str(DCTERMS.source))

Term = ox.NamedNode | ox.Literal


@dataclass(frozen=True)
class SourcedFact:
    """One curated fact with what its table row says about where it comes from."""

    subject: ox.NamedNode
    predicate: ox.NamedNode
    object: Term
    source: ox.NamedNode
    quote: str
    #: (property, value) pairs the row adds to its record: a date and its precision, a note
    extras: tuple[tuple[ox.NamedNode, Term], ...] = ()

    @property
    def key(self) -> tuple:
        """The record this fact belongs to when its (subject, predicate) is not ambiguous."""
        return self.subject, self.source, self.quote, self.extras


def _iri(*parts: object) -> ox.NamedNode:
    text = "\t".join(str(part) for part in parts)
    return ox.NamedNode(str(ID["evidence/" + hashlib.sha1(text.encode()).hexdigest()[:16]]))


def _record(ev: ox.NamedNode, key: tuple, properties: Iterable[ox.NamedNode], graph: ox.NamedNode) -> list[ox.Quad]:
    subject, source, quote, extras = key
    quads = [ox.Quad(ev, ABOUT, subject, graph)]
    quads += [ox.Quad(ev, PROPERTY, p, graph) for p in properties]
    quads += [ox.Quad(ev, SOURCE, source, graph), ox.Quad(ev, QUOTE, ox.Literal(quote), graph)]
    quads += [ox.Quad(ev, p, value, graph) for p, value in extras]
    return quads


def _key_text(key: tuple) -> list[object]:
    subject, source, quote, extras = key
    return [subject, source, quote, *(f"{p} {value}" for p, value in extras)]


def ambiguous_pairs(facts: Iterable[SourcedFact]) -> set[tuple[ox.NamedNode, ox.NamedNode]]:
    """Return the (subject, predicate) pairs whose facts come from more than one record key."""
    first: dict[tuple, tuple] = {}
    ambiguous = set()
    for fact in facts:
        pair = (fact.subject, fact.predicate)
        if first.setdefault(pair, fact.key) != fact.key:
            ambiguous.add(pair)
    return ambiguous


def evidence_quads(facts: list[SourcedFact], graph: ox.NamedNode | None = None) -> list[ox.Quad]:
    """Return the evidence records of ``facts`` (in the provenance graph unless ``graph`` is given), in the
    order of the facts."""
    graph = graph or ox.NamedNode(str(PROVENANCE_GRAPH))
    ambiguous = ambiguous_pairs(facts)
    grouped: dict[tuple, dict[ox.NamedNode, None]] = {}
    valued: dict[tuple, None] = {}
    for fact in facts:
        if (fact.subject, fact.predicate) in ambiguous:
            valued.setdefault((fact.key, fact.predicate, fact.object))
        else:
            grouped.setdefault(fact.key, {}).setdefault(fact.predicate)
    quads: list[ox.Quad] = []
    for key, properties in grouped.items():
        quads += _record(_iri(*_key_text(key)), key, properties, graph)
    for key, predicate, obj in valued:
        ev = _iri("value", *_key_text(key), predicate, obj)
        quads += _record(ev, key, (predicate,), graph)
        quads.append(ox.Quad(ev, STATED_VALUE, obj, graph))
    return quads
