"""The partnership network of some organisations only: their attributes and the links between them, asked
in batches of ``VALUES`` (one organisation, partnership or link a row), so the cost follows what is drawn,
not the size of the store.

Every answer is the one :func:`bbkg.network.graph.partnership_network` gives, restricted to those
organisations: the same rows meet the same code (:class:`~bbkg.network.graph._Organisations`,
:func:`~bbkg.network.graph.partnership_attrs`, :func:`~bbkg.network.graph.relation_links`). The queries
bind one variable with ``VALUES`` and gather attributes with ``UNION`` rather than ``OPTIONAL``: Oxigraph
evaluates an ``OPTIONAL`` (or a second ``VALUES``) by reading its whole right side, which is the store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

import pyoxigraph as ox

from bbkg.network.graph import (
    BBKG,
    EDGE_EVIDENCE,
    EDGE_KINDS,
    _Labels,
    _Organisations,
    _query,
    _sources,
    acquisition_dates,
    add_links,
    edge_kind_labels,
    parse_edge_kinds,
    partnership_attrs,
    relation_links,
)
from bbkg.vocab import ORG_KINDS

if TYPE_CHECKING:
    import networkx as nx

    from bbkg.store import Store

#: IRIs in one ``VALUES`` block
BATCH = 400

# only the kinds that make an organisation (:class:`_Organisations` reads no other): not the 4 or 5 classes
# each organisation also has (bbkg:Organisation, schema:Organization, ...), 60% of the rows at 100k
_ORG_ROWS = """
SELECT ?n ?kind ?label ?city ?region WHERE {
  VALUES (?n ?org) { %s }
  { ?org a ?kind FILTER(?kind IN (""" + ", ".join(f"bbkg:{k}" for k in ORG_KINDS) + """)) } UNION { ?org skos:prefLabel ?label } UNION { ?org bbkg:locatedIn ?city }
  UNION { ?org bbkg:inRegion ?region }
}"""

_PARTICIPATIONS_OF = "SELECT ?n ?p WHERE { VALUES (?n ?a) { %s } ?p bbkg:hasParticipant ?a }"

_PARTNERSHIPS = "SELECT ?n WHERE { VALUES (?n ?p) { %s } ?p a bbkg:Partnership }"

#: the properties of a partnership that :func:`partnership_attrs` reads, by the column of its rows they fill
_PARTNERSHIP_COLUMNS = {BBKG + "partnershipKind": 1, "http://www.w3.org/2004/02/skos/core#prefLabel": 2,
                        "http://purl.org/dc/terms/source": 3, BBKG + "startDate": 4, BBKG + "startDatePrecision": 5,
                        BBKG + "endDate": 6, BBKG + "endDatePrecision": 7}

# one scan of each partnership's triples, the properties kept by a filter: cheaper than a UNION of seven lookups
_PARTNERSHIP_ROWS = """
SELECT ?n ?property ?value WHERE {
  VALUES (?n ?p) { %s }
  ?p ?property ?value .
  FILTER(?property IN (bbkg:partnershipKind, skos:prefLabel, dcterms:source, bbkg:startDate, bbkg:startDatePrecision,
                       bbkg:endDate, bbkg:endDatePrecision))
}"""

_RELATIONS_FROM = "SELECT ?n ?rel ?b WHERE { VALUES (?n ?a) { %s } ?a ?rel ?b . FILTER(?rel IN (RELATIONS)) }"

_EVIDENCE_OF = "SELECT ?n ?src WHERE { VALUES (?n ?a ?rel ?b) { %s } " + EDGE_EVIDENCE + " }"

_ACQUISITIONS_OF = """
SELECT ?n ?acq ?b ?date ?precision WHERE {
  VALUES (?n ?a) { %s }
  ?acq bbkg:acquiredOrganisation ?a . ?acq a bbkg:Acquisition ; bbkg:acquiringOrganisation ?b .
  { ?acq bbkg:date ?date } UNION { ?acq bbkg:datePrecision ?precision }
}"""


def batches(items: Iterable, size: int = BATCH) -> Iterator[list]:
    """Yield ``items`` (sorted) in lists of at most ``size``."""
    items = sorted(set(items))
    for i in range(0, len(items), size):
        yield items[i:i + size]


def iris(batch: Iterable[str]) -> str:
    """Return IRIs as the body of a ``VALUES`` block."""
    return " ".join(f"<{i}>" for i in batch)


def rows_of(store: Store, text: str, items: Iterable) -> Iterator[tuple]:
    """Yield the rows of query ``text`` (with ``%s`` where the IRIs go) for ``items``, a batch at a time."""
    for batch in batches(items):
        yield from _query(store, text % iris(batch))


def numbered_rows(store: Store, text: str, items: Iterable) -> Iterator[tuple]:
    """Yield the rows of query ``text`` for ``items`` (IRIs, sorted), a batch at a time, each with its item
    (a NamedNode) first. ``text`` has ``VALUES (?n ?x) { %s }`` (each item with its position in the batch)
    and answers ``?n`` first: the engine returns a small number instead of turning the IRI back into text
    for every row (on an Oxigraph store that is a third to a half of what an attribute query costs)."""
    for batch in batches(items):
        nodes = [ox.NamedNode(i) for i in batch]
        for row in _query(store, text % " ".join(f"({n} <{i}>)" for n, i in enumerate(batch))):
            yield (nodes[int(row[0].value)], *row[1:])


def labels_of(store: Store, terms: Iterable[str], lang: str) -> _Labels:
    """Return the best labels of ``terms`` (``skos:prefLabel`` or ``rdfs:label``)."""
    from bbkg.store.labels import stated_labels

    labels = _Labels(lang)
    for iri, value, tag in stated_labels(store, terms):
        labels.add_text(iri, value, tag)
    return labels


def org_attributes(store: Store, orgs: Iterable[str], lang: str = "en") -> dict[str, dict[str, str]]:
    """Return the node attributes of those of ``orgs`` that are organisations (as
    :func:`bbkg.network.graph.organisations` gives them)."""
    found = _Organisations(lang)
    for row in numbered_rows(store, _ORG_ROWS, orgs):
        found.add(*row)
    return found.finish(store, labels_of(store, found.place_iris(), lang))


def _partnership_rows(store: Store, partnerships: Iterable[str]) -> list[tuple]:
    """Return the rows :func:`partnership_attrs` reads, for ``partnerships``: a start or end with its precision."""
    rows, dates = [], defaultdict(dict)
    for batch in batches(partnerships):
        rows += [(ox.NamedNode(p), None, None, None, None, None, None, None) for p in batch]
    keys = {4: "start", 5: "startp", 6: "end", 7: "endp"}
    for p, prop, value in numbered_rows(store, _PARTNERSHIP_ROWS, partnerships):
        column = _PARTNERSHIP_COLUMNS[prop.value]
        if column in keys:
            dates[p][keys[column]] = value
        else:
            rows.append((p, *(value if c == column else None for c in range(1, 8))))
    for p, when in dates.items():
        start, end = when.get("start"), when.get("end")
        rows.append((p, None, None, None, start, when.get("startp") if start else None, end,
                     when.get("endp") if end else None))
    return rows


def _relations(store: Store, orgs: set[str], kinds: dict[str, str]) -> dict[tuple[str, str, str], set[str]]:
    """Return (a, kind, b) -> sources, for the relations of ``kinds`` (property IRI -> kind) within ``orgs``."""
    text = _RELATIONS_FROM.replace("RELATIONS", ", ".join(f"<{k}>" for k in kinds))
    stated = [(a.value, rel.value, b.value) for a, rel, b in numbered_rows(store, text, orgs) if b.value in orgs]
    found: dict[tuple[str, str, str], set[str]] = {(a, kinds[rel], b): set() for a, rel, b in stated}
    for batch in batches(stated):
        body = " ".join(f"({n} <{a}> <{rel}> <{b}>)" for n, (a, rel, b) in enumerate(batch))
        for n, src in _query(store, _EVIDENCE_OF % body):
            a, rel, b = batch[int(n.value)]
            found[(a, kinds[rel], b)].add(src.value)
    return found


def _acquisitions(store: Store, orgs: set[str]) -> dict[tuple[str, str], str]:
    """Return (acquired, acquirer) -> the date of the acquisition, for the organisations acquired of ``orgs``."""
    ends, dates, precision = {}, defaultdict(list), {}
    for a, acq, b, date, prec in numbered_rows(store, _ACQUISITIONS_OF, orgs):
        ends[acq.value] = (a, b)
        if date is not None:
            dates[acq.value].append(date)
        if prec is not None:
            precision[acq.value] = prec
    return acquisition_dates((*ends[acq], date, precision.get(acq)) for acq, found in dates.items() for date in found)


def induced_links(store: Store, orgs: dict[str, dict], edges: Sequence[str], lang: str
                  ) -> list[tuple[str, str, str, dict]]:
    """Return the links (a, b, key, attributes) of the chosen edge kinds between organisations of ``orgs``."""
    keep = set(orgs)
    kind_labels = edge_kind_labels(store, lang)
    sources = _sources(store)
    links: list[tuple[str, str, str, dict]] = []
    if "partnership" in edges:
        # the participations of the chosen organisations only, paired here: asking the store for the pairs
        # would return every partner of every chosen organisation (a hub's partnerships, squared)
        members: dict[str, set[str]] = defaultdict(set)
        for a, p in numbered_rows(store, _PARTICIPATIONS_OF, keep):
            members[p.value].add(a.value)
        # which of the shared ones are partnerships: asked for them only, not for every participation
        shared = {p.value for (p,) in numbered_rows(store, _PARTNERSHIPS, (p for p, m in members.items() if len(m) > 1))}
        pairs = [(p, a, b) for p, found in members.items() if p in shared for a in found for b in found if a < b]
        rows = _partnership_rows(store, {p for p, _, _ in pairs})
        attrs = partnership_attrs(store, rows, kind_labels["partnership"], sources, lang)
        links += [(a, b, p, dict(attrs[p])) for p, a, b in pairs]
    relation_kinds = {f"{BBKG}{EDGE_KINDS[k]}": k for k in edges if k != "partnership"}
    if relation_kinds:
        found = _relations(store, keep, relation_kinds)
        dates = _acquisitions(store, keep) if "acquisition" in edges else {}
        links += relation_links(found, dates, kind_labels, sources)
    return links


def induced_network(store: Store, orgs: Iterable[str] | dict[str, dict], *, edges: Sequence[str] = tuple(EDGE_KINDS),
                    lang: str = "en", isolated: bool = False, always: Iterable[str] = ()) -> nx.MultiDiGraph:
    """Return :func:`bbkg.network.graph.partnership_network` restricted to the organisations ``orgs`` (IRIs,
    or their attributes by IRI): their links between them; ``always`` are kept without a link."""
    import networkx as nx

    edges = parse_edge_kinds(list(edges))
    attrs = orgs if isinstance(orgs, dict) else org_attributes(store, orgs, lang)
    graph = nx.MultiDiGraph(lang=lang, edge_kinds=",".join(edges))
    add_links(graph, attrs, induced_links(store, attrs, edges, lang), isolated, always)
    return graph
