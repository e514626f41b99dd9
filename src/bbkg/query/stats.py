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
