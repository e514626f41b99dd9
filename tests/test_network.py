"""The partnership network built from the fixture ecosystem: nodes and edges derived from its tables."""

from __future__ import annotations

import csv
from itertools import combinations

import pytest

from bbkg.errors import QueryError, UsageError
from conftest import ECOSYSTEM, run_cli

ORG = "https://w3id.org/bbkg/id/org/"
PARTNERSHIP = "https://w3id.org/bbkg/id/partnership/"
RELATION_KINDS = {"spinOffOf": "spinoff", "memberOf": "membership", "acquiredBy": "acquisition"}


def table(name: str) -> list[dict[str, str]]:
    with open(ECOSYSTEM / f"{name}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def expected_network(lang: str = "en") -> tuple[dict[str, dict], dict[tuple[str, str, str], dict]]:
    """Derive the expected nodes and edges from the fixture's tables, independently of the code under test."""
    sources = {row["id"]: row for row in table("sources")}
    labels = {(row["entity"], row["lang"]): row["label"] for row in table("labels") if row["kind"] == "pref"}
    places = {row["id"]: row for row in table("places")}
    region_by_nl = {row["label_nl"]: row for row in places.values() if row["kind"] == "Region"}
    municipalities = {row["NIS_code"]: row for row in table("municipalities")}
    seats = {row["subject"]: row["object"] for row in table("relations") if row["predicate"] == "locatedIn"}
    nodes = {}
    for row in table("organisations"):
        attrs = {"label": labels.get((row["id"], lang), row["label"]), "kind": row["kind"]}
        if row["id"] in seats:
            nis = seats[row["id"]]
            region = region_by_nl[municipalities[nis]["region_NL"]]
            official = {"nl": municipalities[nis]["municipality_NL"], "fr": municipalities[nis]["municipality_FR"]}
            attrs["city"] = labels.get((nis, lang)) or official.get(lang) or labels[(nis, "en")]
            attrs["region"] = region[f"label_{lang}"] or region["label_en"]
            attrs["region_iri"] = f"https://w3id.org/bbkg/id/region/{region['id']}"
        nodes[ORG + row["id"]] = attrs
    edges = {}
    for row in table("partnerships"):
        for a, b in combinations(sorted(ORG + p for p in row["participants"].split(";")), 2):
            attrs = {"kind": "partnership", "partnership": PARTNERSHIP + row["id"], "partnership_label": row["label"],
                     "source": sources[row["source"]]["title"], "source_url": sources[row["source"]]["url"]}
            attrs.update({k: row[k] for k in ("start", "end") if row[k]})
            edges[(a, b, PARTNERSHIP + row["id"])] = attrs
    for row in table("relations"):
        if row["predicate"] in RELATION_KINDS:
            kind = RELATION_KINDS[row["predicate"]]
            attrs = {"kind": kind, "source": sources[row["source"]]["title"], "source_url": sources[row["source"]]["url"]}
            if kind == "acquisition" and row["date"]:
                attrs["date"] = row["date"]
            edges[(ORG + row["subject"], ORG + row["object"], kind)] = attrs
    linked = {n for a, b, _ in edges for n in (a, b)}
    return {n: a for n, a in nodes.items() if n in linked}, edges


def picked(attrs: dict, keys) -> dict:
    return {k: attrs[k] for k in keys if k in attrs}


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_network_nodes_and_edges_match_the_tables(ecosystem_store, lang):
    from bbkg.network.graph import partnership_network

    graph = partnership_network(ecosystem_store, lang=lang)
    nodes, edges = expected_network(lang)
    assert {n: picked(a, ("label", "kind", "city", "region", "region_iri")) for n, a in graph.nodes(data=True)} == nodes
    got = {(u, v, k): a for u, v, k, a in graph.edges(keys=True, data=True)}
    assert set(got) == set(edges)
    for key, attrs in edges.items():
        assert picked(got[key], attrs) == attrs, key
        assert got[key]["kind_label"]  # the property's label, for the legend
    partnership_kinds = {PARTNERSHIP + row["id"]: row["kind"] for row in table("partnerships")}
    for key, attrs in got.items():
        if attrs["kind"] == "partnership":  # the concept's label: a word, not the slug
            assert attrs["partnership_kind"] and attrs["partnership_kind"] != partnership_kinds[key[2]]


def test_edge_kinds_filter_and_isolated(ecosystem_store):
    from bbkg.network.graph import partnership_network

    _, edges = expected_network()
    for kind in ("partnership", "spinoff", "membership", "acquisition"):
        graph = partnership_network(ecosystem_store, edges=[kind])
        wanted = {k for k, a in edges.items() if a["kind"] == kind}
        assert set(graph.edges(keys=True)) == wanted
        assert set(graph) == {n for a, b, _ in wanted for n in (a, b)}
    everyone = partnership_network(ecosystem_store, edges=["spinoff"], isolated=True)
    assert set(everyone) == {ORG + row["id"] for row in table("organisations")}


def test_every_engine_builds_the_same_network(ecosystem_trig, ecosystem_store):
    from bbkg.network.graph import partnership_network
    from bbkg.store import open_store

    reference = partnership_network(ecosystem_store)
    for engine in ("rdflib", "oxrdflib"):
        graph = partnership_network(open_store(engine, data=ecosystem_trig))
        assert dict(graph.nodes(data=True)) == dict(reference.nodes(data=True)), engine
        assert sorted(graph.edges(keys=True, data=True)) == sorted(reference.edges(keys=True, data=True)), engine


def test_select_by_region_kind_and_around(ecosystem_store):
    from bbkg.network.graph import partnership_network
    from bbkg.network.selection import resolve_kinds, resolve_organisation, resolve_regions, select

    graph = partnership_network(ecosystem_store)
    walloon = resolve_regions(ecosystem_store, ["Région wallonne"])  # a label in any language
    assert walloon == resolve_regions(ecosystem_store, ["walloon-region"])
    picked_nodes = select(graph, regions=walloon)
    in_walloon = {n for n, a in graph.nodes(data=True) if a.get("region_iri") == walloon[0]}
    assert set(picked_nodes) == in_walloon
    assert all(u in in_walloon and v in in_walloon for u, v in picked_nodes.edges())

    companies = select(graph, kinds=resolve_kinds(["company", "Cluster"]))
    assert {a["kind"] for _, a in companies.nodes(data=True)} <= {"Company", "Cluster"}

    alpha = resolve_organisation(ecosystem_store, "Alpha University")
    near = select(graph, around=alpha, depth=1)
    neighbours = set(graph.successors(alpha)) | set(graph.predecessors(alpha)) | {alpha}
    assert set(near) == neighbours
    assert set(select(graph, around=alpha, depth=0)) == {alpha}
    assert set(select(graph, around=alpha, depth=5)) == set(graph)  # the fixture network is connected


def test_unknown_names_list_the_candidates(ecosystem_store):
    from bbkg.network.graph import parse_edge_kinds
    from bbkg.network.selection import resolve_kinds, resolve_organisation, resolve_regions

    with pytest.raises(UsageError) as err:
        resolve_regions(ecosystem_store, ["Flanders"])
    message = str(err.value)
    for row in table("places"):
        if row["kind"] == "Region":
            assert row["label_en"] in message and row["id"] in message
    with pytest.raises(UsageError, match="kinds: University, ResearchInstitute, Company"):
        resolve_kinds(["Startup"])
    with pytest.raises(UsageError, match="Gamma Bio"):
        resolve_organisation(ecosystem_store, "Gamma")
    with pytest.raises(UsageError, match="partnership, spinoff, membership, acquisition"):
        parse_edge_kinds("friendship")


def test_query_network_draws_the_pairs_a_named_query_returns(ecosystem_store):
    from bbkg.network.graph import query_network
    from bbkg.query.catalogue import find_query

    graph = query_network(ecosystem_store, find_query("partner-pairs"))
    _, edges = expected_network()
    pairs = {(a, b) for a, b, _ in edges if edges[(a, b, _)]["kind"] == "partnership"}
    assert {(u, v) for u, v in graph.edges()} == pairs
    assert all(a["kind"] == "partner-pairs" and a["partnerships"] >= 1 for _, _, a in graph.edges(data=True))
    with pytest.raises(QueryError, match="gives no pairs of organisations"):
        query_network(ecosystem_store, find_query("cross-region-partnerships"))


# ------------------------------------------------------------------ the CLI


def test_cli_empty_selection_is_an_error(ecosystem_trig, tmp_path):
    out = tmp_path / "net.html"
    proc = run_cli("diagram", "--data", ecosystem_trig, "--region", "brussels-capital-region", "--edges", "spinoff",
                   "-o", out)
    assert proc.returncode == 2
    assert "the selection is empty" in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists()


def test_cli_unknown_extension_names_the_supported_ones(ecosystem_trig, tmp_path):
    out = tmp_path / "net.pdf"
    proc = run_cli("diagram", "--data", ecosystem_trig, "-o", out)
    assert proc.returncode == 2
    for ext in (".html", ".png", ".svg", ".gexf", ".graphml"):
        assert ext in proc.stderr
    assert not out.exists()


def test_cli_unknown_region_and_organisation(ecosystem_trig, tmp_path):
    proc = run_cli("diagram", "--data", ecosystem_trig, "--region", "Atlantis", "-o", tmp_path / "x.html")
    assert proc.returncode == 2 and "Walloon Region (walloon-region)" in proc.stderr
    proc = run_cli("metrics", "--data", ecosystem_trig, "--around", "Alpha Univ")
    assert proc.returncode == 2 and "Alpha University" in proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("Error: ")
