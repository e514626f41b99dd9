"""The partnership network built through SPARQL: organisations as nodes with their label, kind, city and region;
partnerships, spin-offs, memberships and acquisitions as edges of a :class:`networkx.MultiDiGraph`.

Everything is asked through :meth:`Store.query`, so every engine and a remote endpoint give the same network.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import pyoxigraph as ox

from bbkg.errors import QueryError
from bbkg.errors import UsageError
from bbkg.namespaces import BBKG as BBKG_NS
from bbkg.namespaces import sparql_prologue
from bbkg.vocab import ORG_KINDS, BestLabels, format_when

if TYPE_CHECKING:
    import networkx as nx

    from bbkg.query.catalogue import NamedQuery
    from bbkg.store import Store


BBKG = str(BBKG_NS)


#: edge kind -> the property that states it (its label names the kind in the legend)
EDGE_KINDS: dict[str, str] = {
    "partnership": "partnerOf",
    "spinoff": "spinOffOf",
    "membership": "memberOf",
    "acquisition": "acquiredBy",
}


#: edge kinds whose direction means something (drawn with an arrow)
DIRECTED_KINDS = frozenset({"spinoff", "membership", "acquisition"})


NO_REGION = "(no region)"


_NODES = """
SELECT ?org ?kind ?label ?city ?region WHERE {
  VALUES ?kind { %s }
  ?org a ?kind .
  OPTIONAL { ?org skos:prefLabel ?label }
  OPTIONAL { ?org bbkg:locatedIn ?city }
  OPTIONAL { ?org bbkg:inRegion ?region }
}"""


_PLACE_LABELS = """
SELECT DISTINCT ?place ?label WHERE {
  ?org bbkg:locatedIn|bbkg:inRegion ?place .
  ?place skos:prefLabel|rdfs:label ?label .
}"""


_PARTNERSHIPS = """
SELECT ?p ?kind ?label ?src ?start ?startp ?end ?endp WHERE {
  ?p a bbkg:Partnership .
  OPTIONAL { ?p bbkg:partnershipKind ?kind }
  OPTIONAL { ?p skos:prefLabel ?label }
  OPTIONAL { ?p dcterms:source ?src }
  OPTIONAL { ?p bbkg:startDate ?start OPTIONAL { ?p bbkg:startDatePrecision ?startp } }
  OPTIONAL { ?p bbkg:endDate ?end OPTIONAL { ?p bbkg:endDatePrecision ?endp } }
}"""


_PAIRS = """
SELECT ?p ?a ?b WHERE {
  ?p a bbkg:Partnership ; bbkg:hasParticipant ?a , ?b .
  FILTER(STR(?a) < STR(?b))
}"""


#: the pattern that finds the sources of the link ``?a ?rel ?b``: an evidence record about ?a listing ?rel, for
#: all its values or for ?b alone (bbkg:statedValue); the one place it is written
EDGE_EVIDENCE = ("?e bbkg:about ?a ; bbkg:property ?rel ; dcterms:source ?src . "
                 "OPTIONAL { ?e bbkg:statedValue ?stated } FILTER(!BOUND(?stated) || sameTerm(?stated, ?b))")


_RELATIONS = """
SELECT ?a ?rel ?b ?src WHERE {
  VALUES ?rel { %s }
  ?a ?rel ?b .
  OPTIONAL { """ + EDGE_EVIDENCE + """ }
}"""


_ACQUISITIONS = """
SELECT ?a ?b ?date ?precision WHERE {
  ?acq a bbkg:Acquisition ; bbkg:acquiredOrganisation ?a ; bbkg:acquiringOrganisation ?b ; bbkg:date ?date .
  OPTIONAL { ?acq bbkg:datePrecision ?precision }
}"""


_SOURCES = """
SELECT ?src ?title ?url WHERE {
  ?src a bbkg:Source .
  OPTIONAL { ?src dcterms:title ?title }
  OPTIONAL { ?src schema:url ?url }
}"""


def _local(iri: str) -> str:
    return re.split(r"[/#]", iri)[-1]


class _Labels(BestLabels):
    """Best label per IRI (:class:`bbkg.vocab.BestLabels`), fed with RDF literals too."""

    def add(self, iri: str, label: ox.Literal | None) -> None:
        if label is None or not isinstance(label, ox.Literal):
            return
        self.add_text(iri, label.value, label.language)


def _query(store: Store, text: str) -> list[tuple]:
    return store.query(sparql_prologue() + text).rows


def _term_labels(store: Store, iris: Iterable[str], lang: str) -> dict[str, str]:
    from bbkg.query.results import labels_for

    return labels_for(store, set(iris), lang)


def _sources(store: Store) -> dict[str, tuple[str, str | None]]:
    """Return source IRI -> (title, url)."""
    out: dict[str, tuple[str, str | None]] = {}
    for src, title, url in _query(store, _SOURCES):
        out[src.value] = (title.value if title is not None else _local(src.value), url.value if url is not None else None)
    return out


def _source_attrs(iris: Iterable[str], sources: dict[str, tuple[str, str | None]]) -> dict[str, str]:
    iris = sorted(set(iris))
    if not iris:
        return {}
    titles = [sources.get(i, (_local(i), None))[0] for i in iris]
    urls = [u for i in iris if (u := sources.get(i, ("", None))[1])]
    attrs = {"source": "; ".join(titles)}
    if urls:
        attrs["source_url"] = " ".join(urls)
    return attrs


class _Organisations:
    """Node attributes gathered from rows (organisation, kind, label, city, region), any of them unbound but the
    first; an organisation is one with a kind of :data:`bbkg.vocab.ORG_KINDS` (the first of them, in that
    order, names it), its city and region the first IRI in order."""

    def __init__(self, lang: str) -> None:
        self.lang, self.labels = lang, _Labels(lang)
        self.kinds: dict[str, set[str]] = defaultdict(set)
        self.places: dict[tuple[str, str], str] = {}

    def add(self, org, kind, label, city, region) -> None:
        if not isinstance(org, ox.NamedNode):
            return
        iri = org.value
        if kind is not None and kind.value.startswith(BBKG) and kind.value[len(BBKG):] in ORG_KINDS:
            self.kinds[iri].add(kind.value[len(BBKG):])
        self.labels.add(iri, label)
        for key, place in (("city", city), ("region", region)):
            if place is not None and ((iri, key) not in self.places or place.value < self.places[(iri, key)]):
                self.places[(iri, key)] = place.value

    def place_iris(self) -> set[str]:
        return set(self.places.values())

    def finish(self, store: Store, place_labels: _Labels) -> dict[str, dict[str, str]]:
        """Return organisation IRI -> its attributes (label, kind, city, region), sorted by IRI."""
        kind_labels = _term_labels(store, (BBKG + k for k in ORG_KINDS), self.lang)
        orgs: dict[str, dict[str, str]] = {}
        for iri in sorted(self.kinds):
            kind = next(k for k in ORG_KINDS if k in self.kinds[iri])
            attrs = orgs[iri] = {"iri": iri, "kind": kind}
            region, city = self.places.get((iri, "region")), self.places.get((iri, "city"))
            if region:
                attrs["region_iri"] = region
            attrs["label"] = self.labels.get(iri) or _local(iri)
            attrs["kind_label"] = kind_labels.get(BBKG + kind, kind)
            if city:
                attrs["city"] = place_labels.get(city) or _local(city)
            if region:
                attrs["region"] = place_labels.get(region) or _local(region)
        return orgs


def organisations(store: Store, lang: str = "en") -> dict[str, dict[str, str]]:
    """Return every organisation's node attributes, by IRI (label, kind, city, region)."""
    kinds = " ".join(f"bbkg:{k}" for k in ORG_KINDS)
    found = _Organisations(lang)
    for row in _query(store, _NODES % kinds):
        found.add(*row)
    place_labels = _Labels(lang)
    for place, label in _query(store, _PLACE_LABELS):
        place_labels.add(place.value, label)
    return found.finish(store, place_labels)


def edge_kind_labels(store: Store, lang: str = "en") -> dict[str, str]:
    """Return edge kind -> its name in ``lang`` (the label of the property that states it)."""
    labels = _term_labels(store, (BBKG + p for p in EDGE_KINDS.values()), lang)
    return {kind: labels.get(BBKG + prop, kind) for kind, prop in EDGE_KINDS.items()}


def parse_edge_kinds(text: str | Sequence[str] | None) -> tuple[str, ...]:
    """Return the edge kinds named in ``text`` ("partnership,spinoff"); all when empty."""
    if not text:
        return tuple(EDGE_KINDS)
    items = text.split(",") if isinstance(text, str) else [p for t in text for p in t.split(",")]
    kinds = []
    for item in (i.strip().lower() for i in items if i.strip()):
        item = {"spin-off": "spinoff", "partnerships": "partnership", "member": "membership"}.get(item, item)
        if item not in EDGE_KINDS:
            raise UsageError(f"unknown edge kind {item!r}; use one or more of: {', '.join(EDGE_KINDS)}",
                             parameter="edges", value=item, candidates=list(EDGE_KINDS))
        kinds.append(item)
    return tuple(dict.fromkeys(kinds)) or tuple(EDGE_KINDS)


def partnership_network(store: Store, *, edges: Sequence[str] = tuple(EDGE_KINDS), lang: str = "en",
                        isolated: bool = False) -> nx.MultiDiGraph:
    """Return the network of organisations joined by the chosen edge kinds.

    Organisations without any such edge are left out unless ``isolated`` is true.
    """
    import networkx as nx

    edges = parse_edge_kinds(list(edges))
    orgs = organisations(store, lang)
    kind_labels = edge_kind_labels(store, lang)
    sources = _sources(store)
    graph = nx.MultiDiGraph(lang=lang, edge_kinds=",".join(edges))
    links: list[tuple[str, str, str, dict]] = []
    if "partnership" in edges:
        attrs = partnership_attrs(store, _query(store, _PARTNERSHIPS), kind_labels["partnership"], sources, lang)
        links += [(a.value, b.value, p.value, dict(attrs[p.value])) for p, a, b in _query(store, _PAIRS)]
    relation_kinds = {f"{BBKG}{EDGE_KINDS[k]}": k for k in edges if k != "partnership"}
    if relation_kinds:
        found: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        for a, rel, b, src in _query(store, _RELATIONS % " ".join(f"<{r}>" for r in relation_kinds)):
            sources_of = found[(a.value, relation_kinds[rel.value], b.value)]
            if src is not None:
                sources_of.add(src.value)
        rows = _query(store, _ACQUISITIONS) if "acquisition" in edges else []
        links += relation_links(found, acquisition_dates(rows), kind_labels, sources)
    add_links(graph, orgs, links, isolated)
    return graph


def partnership_attrs(store: Store, rows: Iterable[tuple], kind_label: str, sources: dict[str, tuple[str, str | None]],
                      lang: str) -> dict[str, dict]:
    """Return partnership IRI -> the attributes of each of its edges, from rows (partnership, kind, label,
    source, start, start precision, end, end precision), any of them unbound but the first."""
    meta: dict[str, dict] = {}
    labels, kinds = _Labels(lang), {}
    for p, kind, label, src, start, startp, end, endp in rows:
        info = meta.setdefault(p.value, {"sources": set()})
        labels.add(p.value, label)
        if kind is not None:
            kinds[p.value] = kind.value
        if src is not None:
            info["sources"].add(src.value)
        if start is not None:
            info["start"] = format_when(start.value, startp.value if startp is not None else None)
        if end is not None:
            info["end"] = format_when(end.value, endp.value if endp is not None else None)
    concept_labels = _term_labels(store, kinds.values(), lang)
    edge_attrs: dict[str, dict] = {}
    for iri, info in meta.items():
        attrs = {"kind": "partnership", "kind_label": kind_label, "partnership": iri,
                 "partnership_label": labels.get(iri) or _local(iri)}
        if iri in kinds:
            attrs["partnership_kind"] = concept_labels.get(kinds[iri]) or _local(kinds[iri])
        attrs.update({k: info[k] for k in ("start", "end") if k in info})
        attrs.update(_source_attrs(info["sources"], sources))
        edge_attrs[iri] = attrs
    return edge_attrs


def acquisition_dates(rows: Iterable[tuple]) -> dict[tuple[str, str], str]:
    """Return (acquired, acquirer) -> the date of the acquisition (the latest, when several are stated), from
    rows (acquired, acquirer, date, precision)."""
    latest: dict[tuple[str, str], tuple[str, str | None]] = {}
    for a, b, date, precision in rows:
        candidate = (date.value, precision.value if precision is not None else None)
        if (a.value, b.value) not in latest or candidate > latest[(a.value, b.value)]:
            latest[(a.value, b.value)] = candidate
    return {pair: format_when(*when) for pair, when in latest.items()}


def relation_links(found: dict[tuple[str, str, str], set[str]], dates: dict[tuple[str, str], str],
                   kind_labels: dict[str, str], sources: dict[str, tuple[str, str | None]]
                   ) -> list[tuple[str, str, str, dict]]:
    """Return the links (a, b, kind, attributes) of the relations found: (a, kind, b) -> their sources."""
    links = []
    for (a, kind, b), srcs in sorted(found.items()):
        attrs = {"kind": kind, "kind_label": kind_labels[kind], **_source_attrs(srcs, sources)}
        if kind == "acquisition" and (a, b) in dates:
            attrs["date"] = dates[(a, b)]
        links.append((a, b, kind, attrs))
    return links


def add_links(graph: nx.MultiDiGraph, orgs: dict[str, dict], links: list[tuple[str, str, str, dict]],
              isolated: bool, always: Iterable[str] = ()) -> None:
    """Add organisations (all, or those with a link, and those of ``always``) and the links between organisations."""
    links = sorted((link for link in links if link[0] in orgs and link[1] in orgs), key=lambda x: x[:3])
    wanted = sorted(orgs) if isolated else sorted({n for a, b, _, _ in links for n in (a, b)} | set(always))
    graph.add_nodes_from((iri, orgs[iri]) for iri in wanted)
    graph.add_edges_from(links)


def query_network(store: Store, named: NamedQuery, bindings: dict | None = None, *,
                  lang: str = "en") -> nx.MultiDiGraph:
    """Return the network a named query draws: each row's first two IRI columns are a pair of organisations.

    The row's other values become edge attributes; rows whose pair is not two organisations are left out.
    """
    import networkx as nx

    from bbkg.query.results import to_python

    result = store.query(named.text, bindings, origin=str(named.path))
    if result.kind != "select":
        raise QueryError(f"query {named.name!r} is not a SELECT query, so it gives no pairs of organisations")
    orgs = organisations(store, lang)
    sources = _sources(store)
    links = []
    for row in result.rows:
        ends = [i for i, term in enumerate(row) if isinstance(term, ox.NamedNode)][:2]
        if len(ends) < 2 or not all(row[i].value in orgs for i in ends) or row[ends[0]] == row[ends[1]]:
            continue
        attrs: dict[str, object] = {"kind": named.name, "kind_label": named.name}
        for i, (var, term) in enumerate(zip(result.variables, row)):
            if i in ends or term is None:
                continue
            value = to_python(term)
            attrs[var] = value if isinstance(value, (int, float, bool)) else str(value)
            if isinstance(term, ox.NamedNode) and term.value in sources:
                attrs.update(_source_attrs([term.value], sources))
        links.append((row[ends[0]].value, row[ends[1]].value, str(len(links)), attrs))
    if not links:
        raise QueryError(
            f"query {named.name!r} gives no pairs of organisations: its rows need two organisation IRIs "
            f"(its columns: {', '.join(result.variables) or 'none'}); try --query partner-pairs"
        )
    graph = nx.MultiDiGraph(lang=lang, edge_kinds=named.name)
    add_links(graph, orgs, links, isolated=False)
    return graph
