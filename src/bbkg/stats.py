"""Counts of what a graph holds: entities by kind, relations, organisations per region."""

from __future__ import annotations

import pyoxigraph as ox

from .namespaces import sparql_prologue
from .store import Store

ENTITY_CLASSES = (
    "Country", "Region", "Province", "Municipality",
    "University", "ResearchInstitute", "Company", "GovernmentAgency", "IndustryAssociation",
    "Cluster", "Investor", "SciencePark",
    "Partnership", "Acquisition", "Observation", "Source", "Evidence",
)
RELATIONS = (
    "locatedIn", "hasSiteIn", "memberOf", "spinOffOf", "acquiredBy", "subsidiaryOf", "partOf",
    "foundedBy", "mergedInto", "represents", "mainResearchDriverIn", "biotechCentreOf",
    "hasParticipant", "partnerOf",
)
ORG_KINDS = ENTITY_CLASSES[4:12]

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
    relation_counts = {local(p): int(n.value) for p, n in relations.rows}
    return {
        "triples": int(triples.rows[0][0].value),
        "graphs": int(graphs.rows[0][0].value),
        "entities": {k: entity_counts.get(k, 0) for k in ENTITY_CLASSES},
        "relations": {k: relation_counts.get(k, 0) for k in RELATIONS},
        "organisations_by_region": [
            {"region": r.value, "kind": local(k), "count": int(n.value)} for r, k, n in by_region.rows
        ],
    }


def stats_tables(stats: dict) -> list[tuple[str, list[str], list[list[object]]]]:
    """Return the stats as (title, columns, rows) tables for rendering."""
    return [
        ("Totals", ["what", "count"], [["triples", stats["triples"]], ["named graphs", stats["graphs"]]]),
        ("Entities", ["class", "count"], [[k, v] for k, v in stats["entities"].items()]),
        ("Relations", ["predicate", "count"], [[k, v] for k, v in stats["relations"].items()]),
        (
            "Organisations by region",
            ["region", "kind", "count"],
            [[r["region"], r["kind"], r["count"]] for r in stats["organisations_by_region"]],
        ),
    ]
