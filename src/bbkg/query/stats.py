"""Counts of what a graph holds: entities by kind, relations, organisations per region, and coverage.
"""

from __future__ import annotations

import pyoxigraph as ox

from bbkg.namespaces import sparql_prologue
from bbkg.store import Store
from bbkg.vocab import LANGS, ORG_KINDS

ENTITY_CLASSES = (
    "Country", "Region", "Province", "Municipality", *ORG_KINDS,
    "Partnership", "Membership", "Acquisition", "Observation", "Source", "Evidence",
)


#: relations between two organisations: an organisation with none of them has no link
LINKS = (
    "memberOf", "spinOffOf", "acquiredBy", "subsidiaryOf", "partOf", "foundedBy", "mergedInto",
    "partnerOf",
)


RELATIONS = (
    "locatedIn", "hasSiteIn", "answersTo", "memberOf", "spinOffOf", "acquiredBy", "subsidiaryOf", "partOf",
    "foundedBy", "mergedInto", "mainResearchDriverIn", "biotechCentreOf",
    "hasParticipant", "partnerOf",
)


BELGIUM = "https://w3id.org/bbkg/id/country/belgium"


LABEL_IN_LANG = """
  OPTIONAL { ?region skos:prefLabel ?l1 FILTER(lang(?l1) = str(?lang)) }
  OPTIONAL { ?region skos:prefLabel ?l2 FILTER(lang(?l2) = "en") }
  BIND(COALESCE(?l1, ?l2, str(?region)) AS ?regionLabel)
"""


def _values(name: str, items: tuple[str, ...]) -> str:
    return f"VALUES ?{name} {{ " + " ".join(f"bbkg:{i}" for i in items) + " }"


def graph_stats(store: Store, lang: str = "en") -> dict:
    """Return counts: triples, entities by class, relations by predicate, organisations by region and kind."""
    pro = sparql_prologue()
    entities = store.query(
        pro + "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { " + _values("class", ENTITY_CLASSES)
        + " ?s a ?class } GROUP BY ?class"
    )
    relations = store.query(
        pro + "SELECT ?p (COUNT(*) AS ?n) WHERE { " + _values("p", RELATIONS)
        + " { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } } } GROUP BY ?p"
    )
    by_region = store.query(
        pro + "SELECT ?regionLabel ?kind (COUNT(DISTINCT ?org) AS ?n) WHERE { " + _values("kind", ORG_KINDS)
        + " ?org a ?kind ; bbkg:locatedIn ?m . ?m bbkg:inRegion ?region ." + LABEL_IN_LANG
        + "} GROUP BY ?regionLabel ?kind ORDER BY ?regionLabel ?kind",
        {"lang": ox.Literal(lang)},
    )
    triples = store.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    graphs = store.query("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")

    def local(term: ox.NamedNode) -> str:
        return term.value.rsplit("#", 1)[-1]

    entity_counts = {local(c): int(n.value) for c, n in entities.rows}
    # evidence records carry no rdf:type: a record is a subject of bbkg:about (the property's domain)
    entity_counts["Evidence"] = _count(store, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e bbkg:about ?s }")
    coverage = coverage_stats(store, lang)
    relation_counts = {local(p): int(n.value) for p, n in relations.rows}
    return {
        "triples": int(triples.rows[0][0].value),
        "graphs": int(graphs.rows[0][0].value),
        "entities": {k: entity_counts.get(k, 0) for k in ENTITY_CLASSES},
        "relations": {k: relation_counts.get(k, 0) for k in RELATIONS},
        "organisations_by_region": [
            {"region": r.value, "kind": local(k), "count": int(n.value)} for r, k, n in by_region.rows
        ],
        "coverage": coverage,
    }


def _count(store: Store, text: str) -> int:
    return int(store.query(sparql_prologue() + text).rows[0][0].value)


def coverage_stats(store: Store, lang: str = "en") -> dict:
    """Return how well the graph covers the sector: Belgian companies, those of the biotech and
    life-science sector (with a segment; by region), partnerships
    and how many are dated, organisations without any link, organisations with no name in a language."""
    from bbkg.query.results import labels_for

    belgian = f"?c a bbkg:Company ; bbkg:inCountry <{BELGIUM}> ."
    companies = _count(store, f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ {belgian} }}")
    # a biotechnology or life-science company: one that a source places in a segment of the sector, or
    # that the KBO register gives a biotech or pharma activity (the importer's default selection)
    sector = ("{ ?c bbkg:segment ?s } UNION { { ?c bbkg:naceActivity ?nace } UNION "
              "{ ?site bbkg:establishmentOf ?c ; bbkg:naceActivity ?nace } FILTER(REGEX(STR(?nace), "
              '"/concept/nace20(08/72110|25/72101|08/2110|25/2110|08/2120[19]|25/2120[19])")) }')
    biotech = _count(store, f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ {belgian} {sector} }}")
    by_region = store.query(
        sparql_prologue()
        + f"SELECT ?region (COUNT(DISTINCT ?c) AS ?n) WHERE {{ {belgian} FILTER EXISTS {{ {sector} }}"
        " OPTIONAL { ?c bbkg:inRegion ?r } BIND(COALESCE(?r, <urn:none>) AS ?region) } GROUP BY ?region"
    ).rows
    names = labels_for(store, {r.value for r, _ in by_region}, lang)
    partnerships = _count(store, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a bbkg:Partnership }")
    dated = _count(store, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a bbkg:Partnership ; bbkg:startDate ?d }")
    links = " | ".join(f"bbkg:{p}" for p in LINKS)
    unlinked = store.query(
        sparql_prologue()
        + f"SELECT DISTINCT ?o WHERE {{ ?o a bbkg:Organisation FILTER NOT EXISTS {{ ?o {links} ?x }}"
        f" FILTER NOT EXISTS {{ ?y {links} ?o }} }}"
    ).rows
    unlinked_iris = sorted(o.value for (o,) in unlinked)
    unlinked_names = labels_for(store, set(unlinked_iris), lang)
    nameless = {}
    for code in LANGS:
        nameless[code] = _count(
            store,
            "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a bbkg:Organisation FILTER NOT EXISTS {"
            f' ?o skos:prefLabel ?l FILTER(lang(?l) = "{code}" || lang(?l) = "") }} }}',
        )
    return {
        "belgian_companies": companies,
        "belgian_biotech_companies": biotech,
        "belgian_biotech_companies_by_region": sorted(
            ((names.get(r.value, "(no seat)") if r.value != "urn:none" else "(no seat)"), int(n.value))
            for r, n in by_region
        ),
        "partnerships": partnerships,
        "dated_partnerships": dated,
        "organisations_without_link": [unlinked_names.get(i, i) for i in unlinked_iris],
        "organisations_without_name": nameless,
    }


def window_stats(store: Store, window, lang: str = "en") -> dict:
    """Return the counts of the network active in a window of time (:mod:`bbkg.query.time`): partnerships
    (by kind), links (memberships, acquisitions, spin-offs), and the organisations they join (by kind and
    region), leaving out organisations dissolved before the window; and how many organisations existed."""
    from collections import Counter

    from bbkg.query.activity import (
        active_links,
        active_partnerships,
        closed_organisations,
        existing_organisations,
        participants,
    )
    from bbkg.query.results import labels_for
    from bbkg.query.time import data_date

    partnerships = {p for p, found in active_partnerships(store, [window]).items() if found}
    links = {key for key, found in active_links(store, [window]).items() if found}
    closed = {o for o, found in closed_organisations(store, [window]).items() if found}
    members = participants(store)
    joined = {o for p in partnerships for o in members.get(p, ())} | {n for a, _, b in links for n in (a, b)}
    joined -= closed
    pro = sparql_prologue()
    kinds = dict(store.query(pro + "SELECT ?p ?k WHERE { ?p a bbkg:Partnership ; bbkg:partnershipKind ?k }").rows)
    kind_names = labels_for(store, {k.value for k in kinds.values()}, lang)
    orgs = store.query(pro + "SELECT ?o ?kind ?region WHERE { " + _values("kind", ORG_KINDS)
                       + " ?o a ?kind OPTIONAL { ?o bbkg:inRegion ?region } }").rows
    kind_of = {o.value: k.value.rsplit("#", 1)[-1] for o, k, _ in orgs}
    region_of = {o.value: r.value for o, _, r in orgs if r is not None}
    region_names = labels_for(store, set(region_of.values()), lang)
    dated = data_date(store)
    return {
        "window": {"label": window.label, "from": window.first.isoformat(), "to": window.last.isoformat()},
        "data_date": dated.isoformat() if dated else None,
        "partnerships": len(partnerships),
        "partnerships_by_kind": dict(sorted(Counter(
            kind_names.get(kinds[ox.NamedNode(p)].value, "") if ox.NamedNode(p) in kinds else "" for p in partnerships
        ).items())),
        "links": {kind: sum(1 for _, k, _ in links if k == kind) for kind in ("membership", "acquisition", "spinoff")},
        "organisations_linked": len(joined),
        "organisations_by_kind": {k: n for k in ORG_KINDS if (n := sum(1 for o in joined if kind_of.get(o) == k))},
        "organisations_by_region": dict(sorted(Counter(
            region_names.get(region_of[o], region_of[o]) if o in region_of else "(no region)" for o in joined
        ).items())),
        "organisations_existing": sum(1 for found in existing_organisations(store, [window]).values() if found),
        "organisations_dissolved": len(closed),
    }
