"""Network metrics on small graphs whose answers are known."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest

from bbkg.network import metrics
from bbkg.render import metrics as metrics_report
from conftest import run_cli


def two_regions() -> nx.MultiDiGraph:
    """Two 4-cliques joined by one bridge a3-b0; clique a in Flanders, clique b in Wallonia, x abroad."""
    graph = nx.MultiDiGraph()
    for side, region in (("a", "Flemish Region"), ("b", "Walloon Region")):
        members = [f"{side}{i}" for i in range(4)]
        graph.add_nodes_from((m, {"label": m.upper(), "kind": "Company", "region": region}) for m in members)
        graph.add_edges_from((u, v, {"kind": "partnership"}) for i, u in enumerate(members) for v in members[i + 1:])
    graph.add_edge("a3", "b0", kind="partnership")
    graph.add_edge("a3", "b0", kind="spinoff")  # a second link between the same two: weight 2
    graph.add_node("x", label="X", kind="Company")
    graph.add_edge("x", "a0", kind="acquisition")
    return graph


def test_florentine_families_degree_and_betweenness():
    graph = nx.florentine_families_graph()
    deg = metrics.degrees(graph)
    assert max(deg, key=lambda n: deg[n]["degree"]) == "Medici" and deg["Medici"]["degree"] == 6
    between = metrics.betweenness(graph)
    # Padgett's Florentine families: the Medici lie on about 52% of the shortest paths (published value 0.522)
    assert between["Medici"] == pytest.approx(0.5219, abs=1e-3)
    assert between["Pazzi"] == 0.0 and between["Acciaiuoli"] == 0.0  # leaves broker nothing


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_exact_betweenness_is_networkx_betweenness(seed):
    # computed by igraph: the values networkx gives, on graphs with several components and isolated nodes
    graph = nx.gnm_random_graph(80, 120, seed=seed)
    graph.add_nodes_from(["isolated-1", "isolated-2"])
    graph = nx.relabel_nodes(graph, str)
    expected = nx.betweenness_centrality(graph, normalized=True)
    got = metrics.betweenness(graph)
    assert got.keys() == expected.keys() and max(expected.values()) > 0.05
    assert all(got[n] == pytest.approx(expected[n], abs=1e-12) for n in graph)


def test_simple_graph_counts_links_as_weight():
    simple = metrics.simple_graph(two_regions())
    assert simple["a3"]["b0"]["weight"] == 2 and simple["a0"]["a1"]["weight"] == 1
    assert not simple.is_directed() and simple.number_of_edges() == 6 + 6 + 1 + 1


def test_louvain_finds_the_two_cliques_and_they_are_the_regions():
    graph = two_regions()
    graph.remove_node("x")
    groups = metrics.communities(graph, seed=1)
    assert sorted(map(sorted, groups)) == [[f"a{i}" for i in range(4)], [f"b{i}" for i in range(4)]]
    assert groups == metrics.communities(graph, seed=1)  # seeded: the same answer every time
    comparison = metrics.community_region_comparison(graph, groups)
    assert comparison["nmi"] == pytest.approx(1.0) and comparison["ari"] == pytest.approx(1.0)
    assert sorted(map(sorted, comparison["table"])) == [[0, 4], [0, 4]]
    assert comparison["region_modularity"] == pytest.approx(comparison["community_modularity"])


def test_regions_that_cut_across_communities_score_low():
    graph = two_regions()
    graph.remove_node("x")
    for node in ("a0", "a1", "b0", "b1"):  # half of each clique moves to the other region
        graph.nodes[node]["region"] = "Walloon Region" if node.startswith("a") else "Flemish Region"
    comparison = metrics.community_region_comparison(graph, metrics.communities(graph, seed=1))
    assert comparison["nmi"] == pytest.approx(0.0, abs=1e-9) and comparison["ari"] < 0


def test_brokers_are_the_bridge_ends():
    found = metrics.brokers(two_regions())
    assert [b["node"] for b in found] == ["a3", "b0"]
    assert found[0]["regions"] == ["Walloon Region"] and found[0]["cross_region_partners"] == 1
    assert found[0]["partners"] == 4  # three in its clique and b0; x (no region) is not counted as a region


def test_report_and_formats():
    report = metrics.metrics_report(two_regions(), seed=1)
    assert report["summary"]["organisations"] == 9 and report["summary"]["brokers"] == 2
    assert report["summary"]["components"] == 1
    top = report["organisations"][0]
    assert top["iri"] in ("a3", "b0", "a0")  # degree 4 each; the bridge ends also have the most betweenness
    assert max(report["organisations"], key=lambda o: o["betweenness"])["iri"] in ("a3", "b0")
    rows = list(csv.DictReader(io.StringIO(metrics_report.report_csv(report))))
    assert len(rows) == 9 and set(rows[0]) == set(metrics_report.ORG_COLUMNS)
    assert json.loads(metrics_report.report_json(report))["community_region"]["regions"][-1] == metrics.NO_REGION
    assert "Brokers" in metrics_report.report_table(report)


def test_cli_metrics_on_the_fixture(ecosystem_trig, ecosystem_store):
    from bbkg.network.graph import partnership_network

    graph = partnership_network(ecosystem_store)
    proc = run_cli("metrics", "--data", ecosystem_trig, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert {o["iri"] for o in report["organisations"]} == set(graph)
    by_iri = {o["iri"]: o for o in report["organisations"]}
    simple = metrics.simple_graph(graph)
    assert all(by_iri[n]["degree"] == simple.degree(n) for n in graph)
    proc = run_cli("metrics", "--data", ecosystem_trig, "--format", "csv", "--edges", "partnership")
    assert proc.returncode == 0 and len(proc.stdout.strip().splitlines()) == 1 + len(
        partnership_network(ecosystem_store, edges=["partnership"]))
    proc = run_cli("metrics", "--data", ecosystem_trig)
    assert proc.returncode == 0 and "Communities vs regions" in proc.stdout


def test_a_report_makes_the_simple_graph_once_and_a_simple_graph_is_its_own():
    import networkx as nx

    from bbkg.network import metrics

    graph = nx.MultiDiGraph()
    graph.add_edges_from([("a", "b"), ("b", "a"), ("b", "c"), ("c", "c")])
    simple = metrics.simple_graph(graph)
    assert metrics.simple_graph(simple) is simple and metrics.simple_graph(graph) is not simple
    assert sorted(simple.edges(data="weight")) == [("a", "b", 2), ("b", "c", 1)]
    made = []
    original = metrics.simple_graph

    def counting(g):
        made.append(g in metrics._SIMPLE)
        return original(g)

    metrics.simple_graph = counting
    try:
        report = metrics.metrics_report(graph)
    finally:
        metrics.simple_graph = original
    assert made.count(False) == 1 and len(made) > 3  # one graph made, the other metrics got it back
    assert report == metrics.metrics_report(graph)
