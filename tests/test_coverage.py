"""The curated graph's coverage and the model traps a SPARQL user falls into.

Every expected figure is computed here from graph/*.csv with the csv module, independently of the
builder, and compared with what `bbkg stats` and the README say.
"""

from __future__ import annotations

import csv
import re
from collections import Counter

import pyoxigraph as ox
import pytest

from bbkg.query.catalogue import catalogue
from bbkg.query.params import bind_params
from bbkg.resources import graph_dir
from bbkg.sparql import bind
from bbkg.vocab import LANGS
from conftest import ROOT

ORG = "https://w3id.org/bbkg/id/org/"
ORG_LINKS = {"memberOf", "spinOffOf", "acquiredBy", "subsidiaryOf", "partOf", "foundedBy", "mergedInto"}


def table(name: str) -> list[dict[str, str]]:
    with (graph_dir() / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def expected_coverage() -> dict:
    """The coverage figures, computed from the tables alone."""
    orgs = table("organisations")
    segment = {a["subject"] for a in table("attributes") if a["property"] == "segment"}
    every_company = [o["id"] for o in orgs if o["kind"] == "Company" and o["country"] == "BE"]
    companies = [c for c in every_company if c in segment]
    region_nl = {m["NIS_code"]: m["region_NL"] for m in table("municipalities")}
    region_en = {p["label_nl"]: p["label_en"] for p in table("places") if p["kind"] == "Region"}
    seat = {r["subject"]: r["object"] for r in table("relations") if r["predicate"] == "locatedIn"}
    by_region = Counter(region_en[region_nl[seat[c]]] if c in seat else "(no seat)" for c in companies)
    partnerships = table("partnerships")
    linked = {p for row in partnerships for p in row["participants"].split(";")}
    linked |= {x for r in table("relations") if r["predicate"] in ORG_LINKS for x in (r["subject"], r["object"])}
    return {
        "belgian_companies": len(every_company),
        "biotech_companies": len(companies),
        "by_region": dict(by_region),
        "partnerships": len(partnerships),
        "dated": sum(1 for p in partnerships if p["start"]),
        "unlinked": sorted(o["id"] for o in orgs if o["id"] not in linked),
        "organisations": len(orgs),
    }


@pytest.fixture(scope="module")
def coverage(shipped_store):
    from bbkg.query.stats import coverage_stats

    return coverage_stats(shipped_store)


def test_stats_match_the_tables(coverage):
    want = expected_coverage()
    assert coverage["belgian_companies"] == want["belgian_companies"]
    assert coverage["belgian_biotech_companies"] == want["biotech_companies"]
    assert dict(coverage["belgian_biotech_companies_by_region"]) == want["by_region"]
    assert (coverage["partnerships"], coverage["dated_partnerships"]) == (want["partnerships"], want["dated"])
    unlinked = sorted(n for n in coverage["organisations_without_link"])
    assert len(unlinked) == len(want["unlinked"])


def test_the_readme_states_the_current_figures():
    want = expected_coverage()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"Coverage: (\d+) Belgian biotech and life-science companies \(of (\d+) Belgian companies.*?\); "
                  r"(\d+) partnerships, (\d+) of them", readme)
    assert m, "README has no coverage line"
    assert tuple(map(int, m.groups())) == (want["biotech_companies"], want["belgian_companies"], want["partnerships"],
                                           want["dated"])
    for region, count in want["by_region"].items():
        assert f"| {region} | {count} |" in readme, region


def test_coverage_targets_are_met():
    want = expected_coverage()
    assert want["biotech_companies"] >= 150
    assert want["partnerships"] >= 150
    assert want["dated"] >= 0.8 * want["partnerships"]
    with (graph_dir() / "known-gaps.csv").open(encoding="utf-8", newline="") as handle:
        gaps = {row["id"]: row["reason"] for row in csv.DictReader(handle)}
    # every organisation without a link is a known gap with the reason, and no gap is stale
    assert sorted(gaps) == want["unlinked"]
    assert all(len(reason) > 40 for reason in gaps.values())
    regions = want["by_region"]
    assert all(regions.get(r, 0) >= 10 for r in ("Flemish Region", "Walloon Region", "Brussels-Capital Region"))


def test_every_organisation_is_an_organisation_without_reasoning(shipped_store):
    rows = shipped_store.query(
        "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a <https://w3id.org/bbkg/ontology#Organisation> }").rows
    assert int(rows[0][0].value) == expected_coverage()["organisations"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_organisation_has_a_name_in_every_language(shipped_store, lang):
    from bbkg.query.results import labels_for

    iris = {ORG + o["id"] for o in table("organisations")}
    names = labels_for(shipped_store, iris, lang)
    assert set(names) == iris
    official = {ORG + o["id"]: o["label"] for o in table("organisations")}
    specific = {(ORG + r["entity"]): r["label"] for r in table("labels")
                if r["lang"] == lang and r["kind"] == "pref" and r["entity"] in {o["id"] for o in table("organisations")}}
    for iri, name in names.items():
        assert name == specific.get(iri, official[iri]), iri


def test_a_name_is_not_tagged_with_the_language_of_its_page(shipped_store):
    rows = shipped_store.query(
        "SELECT ?x ?l WHERE { ?x a <https://w3id.org/bbkg/ontology#Organisation> ;"
        " <http://www.w3.org/2004/02/skos/core#prefLabel> ?l FILTER(lang(?l) = '') }").rows
    official = {ORG + o["id"]: o["label"] for o in table("organisations")}
    assert {x.value: label.value for x, label in rows} == official


def test_public_bodies_answer_to_their_government_apart_from_their_seat(shipped_store):
    named = catalogue()["public-bodies"]
    rows = shipped_store.query(named.text, bind_params(named, {"place": "Région wallonne"}, shipped_store)).rows
    bodies = {row[0].value for row in rows}
    want = {ORG + r["subject"] for r in table("relations")
            if r["predicate"] == "answersTo" and r["object"] == "walloon-region"}
    assert bodies == want and ORG + "awex" in bodies
    seats = {r["subject"]: r["object"] for r in table("relations") if r["predicate"] == "locatedIn"}
    assert seats["awex"] == "21012"  # seated in Brussels (Molenbeek), answering to Wallonia


def test_every_date_is_an_xsd_date_with_its_precision(shipped_store):
    rows = shipped_store.query(
        "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(isLiteral(?o) && datatype(?o) = "
        "<http://www.w3.org/2001/XMLSchema#gYear>) FILTER NOT EXISTS { ?s <https://w3id.org/bbkg/ontology#about> ?any } }"
        " GROUP BY ?p").rows
    assert {p.value.rsplit("#", 1)[-1] for p, _ in rows} <= {"refPeriod"}
    missing = shipped_store.query(
        "PREFIX bbkg: <https://w3id.org/bbkg/ontology#>\n"
        "SELECT ?s ?p WHERE { VALUES (?p ?precision) { (bbkg:startDate bbkg:startDatePrecision)"
        " (bbkg:endDate bbkg:endDatePrecision) (bbkg:date bbkg:datePrecision)"
        " (bbkg:foundingDate bbkg:foundingDatePrecision) (bbkg:statusDate bbkg:statusDatePrecision)"
        " (bbkg:dissolutionDate bbkg:dissolutionDatePrecision) }"
        " ?s ?p ?d FILTER NOT EXISTS { ?s ?precision ?any } FILTER NOT EXISTS { ?s bbkg:about ?e } }").rows
    assert missing == []


def test_a_year_only_date_compares_with_a_day_date(shipped_store):
    # rdflib said false and Oxigraph unbound when xsd:gYear met xsd:date: rows vanished
    rows = shipped_store.query(
        "PREFIX bbkg: <https://w3id.org/bbkg/ontology#>\n"
        "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a bbkg:Partnership ; bbkg:startDate ?d FILTER(?d >= '1900-01-01'^^<http://www.w3.org/2001/XMLSchema#date>) }"
    ).rows
    assert int(rows[0][0].value) == expected_coverage()["dated"]


@pytest.fixture(scope="module")
def turtle_store():
    """graph/bbkg.ttl, the export users take away, loaded by a plain pyoxigraph Store (one default graph)."""
    store = ox.Store()
    store.load(path=str(graph_dir() / "bbkg.ttl"), format=ox.RdfFormat.TURTLE)
    return store


def _answer(result):
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QueryTriples):
        return set(result)
    return Counter(tuple(sol[v] for v in result.variables) for sol in result)


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_named_query_gives_the_same_rows_on_the_turtle_export(name, shipped_store, turtle_store):
    named = catalogue()[name]
    bindings = bind_params(named, {}, shipped_store)
    on_trig = shipped_store.query(named.text, bindings)
    on_turtle = _answer(turtle_store.query(bind(named.text, bindings)))  # the default graph only
    if on_trig.kind == "ask":
        assert on_turtle == on_trig.boolean
    elif on_trig.kind == "graph":
        assert on_turtle == set(on_trig.triples)
    else:
        assert on_turtle == Counter(on_trig.rows), name
        assert on_trig.rows, f"{name} has no rows on the shipped graph"


# ---------------------------------------------------------------- the new named queries, against the tables

def _orgs():
    return {o["id"]: o for o in table("organisations")}


def _region_of():
    region_nl = {m["NIS_code"]: m["region_NL"] for m in table("municipalities")}
    region_id = {p["label_nl"]: p["id"] for p in table("places") if p["kind"] == "Region"}
    return {r["subject"]: region_id[region_nl[r["object"]]] for r in table("relations") if r["predicate"] == "locatedIn"}


def _run(store, name, **params):
    named = catalogue()[name]
    return store.query(named.text, bind_params(named, params, store))


def test_investors_of_a_regions_companies(shipped_store):
    orgs, region = _orgs(), _region_of()
    want = set()
    for p in table("partnerships"):
        if p["kind"] != "funding":
            continue
        members = p["participants"].split(";")
        for investor in (m for m in members if orgs[m]["kind"] == "Investor"):
            for company in (m for m in members if orgs[m]["kind"] == "Company" and region.get(m) == "walloon-region"):
                want.add((ORG + investor, ORG + company, "https://w3id.org/bbkg/id/partnership/" + p["id"]))
    got = {tuple(t.value for t in row[:3]) for row in _run(shipped_store, "investors-of-region", region="Région wallonne").rows}
    assert got == want and len(want) > 20


def test_companies_by_segment_and_region(shipped_store):
    orgs, region = _orgs(), _region_of()
    want = {(a["value"], a["subject"]) for a in table("attributes")
            if a["property"] == "segment" and orgs[a["subject"]]["kind"] == "Company"
            and region.get(a["subject"]) == "flemish-region"}
    rows = _run(shipped_store, "companies-by-segment", region="Flemish Region").rows
    got = {(row[0].value.rsplit("/", 1)[-1], row[2].value.removeprefix(ORG)) for row in rows}
    assert got == want and len(want) > 40
    therapeutics = _run(shipped_store, "companies-by-segment", segment="therapeutics").rows
    assert {row[2].value for row in therapeutics} == {
        ORG + a["subject"] for a in table("attributes") if a["property"] == "segment" and a["value"] == "therapeutics"
        and orgs[a["subject"]]["kind"] == "Company" and a["subject"] in region}


def test_what_a_university_does_with_companies(shipped_store):
    orgs = _orgs()
    units = {"ghent-university"} | {r["subject"] for r in table("relations")
                                    if r["predicate"] == "partOf" and r["object"] == "ghent-university"}
    want = set()
    for p in table("partnerships"):
        members = p["participants"].split(";")
        if units & set(members):
            want |= {(m, p["id"]) for m in members if orgs[m]["kind"] == "Company"}
    want |= {(r["subject"], None) for r in table("relations")
             if r["predicate"] == "spinOffOf" and r["object"] == "ghent-university"}
    rows = _run(shipped_store, "university-industry", university="Universiteit Gent").rows
    got = {(row[0].value.removeprefix(ORG), row[2].value.rsplit("/", 1)[-1] if row[2] is not None else None)
           for row in rows}
    assert got == want and len(want) > 10


def test_an_organisations_timeline_is_in_order(shipped_store):
    from bbkg.vocab import parse_when

    dated = [parse_when(a["value"])[0] for a in table("attributes")
             if a["subject"] == "galapagos" and a["property"] == "foundingDate"]
    dated += [parse_when(p[c])[0] for p in table("partnerships") if "galapagos" in p["participants"].split(";")
              for c in ("start", "end") if p[c]]
    inverse = ("spinOffOf", "foundedBy", "mergedInto", "subsidiaryOf", "partOf", "acquiredBy", "memberOf")
    dated += [parse_when(r[c])[0] for r in table("relations") for c in ("date", "end") if r[c] and (
        r["subject"] == "galapagos" or (r["object"] == "galapagos" and r["predicate"] in inverse))]
    rows = _run(shipped_store, "organisation-timeline", org="Galapagos").rows
    days = [row[0].value for row in rows]
    assert days == sorted(days)
    assert sorted(set(days)) == sorted({d.isoformat() for d in dated}) and len(days) >= 5
