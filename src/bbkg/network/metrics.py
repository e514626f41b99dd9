"""Network metrics: plain functions of a networkx graph, returning plain data (no drawing here).

They take any networkx graph; the partnership network of :mod:`bbkg.network` is a
MultiDiGraph, which :func:`simple_graph` turns into the undirected, weighted graph the
measures are defined on (two organisations linked by three partnerships: one edge of weight 3).
Node attributes used when present: ``label``, ``kind``, ``region`` and ``region_iri``.
"""

from __future__ import annotations

import weakref
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx


NO_REGION = "(no region)"


#: the graphs :func:`simple_graph` made: given one of them, it returns it as it is
_SIMPLE: weakref.WeakSet = weakref.WeakSet()


def simple_graph(graph: nx.Graph) -> nx.Graph:
    """Return ``graph`` as a simple undirected graph; ``weight`` counts the links between two nodes (no loops).
    A graph this function made is returned as it is (the metrics of one report share one)."""
    import networkx as nx

    if graph in _SIMPLE:
        return graph
    simple = nx.Graph()
    _SIMPLE.add(simple)
    simple.add_nodes_from(graph.nodes(data=True))
    for u, v, w in graph.edges(data="weight", default=1):
        if u == v:
            continue
        if simple.has_edge(u, v):
            simple[u][v]["weight"] += w
        else:
            simple.add_edge(u, v, weight=w)
    return simple


def degrees(graph: nx.Graph) -> dict[str, dict[str, float]]:
    """Return node -> {'degree': distinct partners, 'links': links counted with weight, 'centrality': degree centrality}."""
    import networkx as nx

    simple = simple_graph(graph)
    centrality = nx.degree_centrality(simple) if simple.number_of_nodes() > 1 else dict.fromkeys(simple, 0.0)
    return {
        n: {"degree": simple.degree(n), "links": simple.degree(n, weight="weight"), "centrality": centrality[n]}
        for n in simple
    }


def betweenness(graph: nx.Graph, *, sample: int | None = None, seed: int = 42) -> dict[str, float]:
    """Return node -> normalised betweenness centrality (unweighted shortest paths).

    With ``sample``, estimate it from that many source nodes (seeded), for large graphs.
    """
    import networkx as nx

    simple = simple_graph(graph)
    k = sample if sample is not None and sample < simple.number_of_nodes() else None
    if k is None:
        return _exact_betweenness(simple)
    return nx.betweenness_centrality(simple, k=k, normalized=True, seed=seed if k else None)


def _exact_betweenness(simple: nx.Graph) -> dict[str, float]:
    """networkx's normalised betweenness of an undirected graph, computed by igraph (C: 4,289 organisations
    and 32,055 links in a second instead of two minutes; the same values, see tests/test_metrics.py)."""
    from bbkg.network.igraphs import igraph

    nodes = list(simple)
    n = len(nodes)
    if n <= 2:
        return dict.fromkeys(nodes, 0.0)
    index = {node: i for i, node in enumerate(nodes)}
    raw = igraph().Graph(n=n, edges=[(index[u], index[v]) for u, v in simple.edges()]).betweenness(directed=False)
    scale = 2 / ((n - 1) * (n - 2))  # pairs of other nodes, as networkx normalises an undirected graph
    return {node: value * scale for node, value in zip(nodes, raw)}


def communities(graph: nx.Graph, *, seed: int = 42, resolution: float = 1.0) -> list[list[str]]:
    """Return Louvain communities (networkx, weighted, seeded): lists of nodes, largest first, each sorted."""
    import networkx as nx

    simple = simple_graph(graph)
    found = nx.community.louvain_communities(simple, weight="weight", resolution=resolution, seed=seed)
    return sorted((sorted(map(str, c)) for c in found), key=lambda c: (-len(c), c[0] if c else ""))


def community_of(groups: list[list[str]]) -> dict[str, int]:
    """Return node -> index of its community (0 = the largest)."""
    return {node: i for i, group in enumerate(groups) for node in group}


def modularity(graph: nx.Graph, groups: list[list[str]] | list[set[str]]) -> float:
    """Return the (weighted) modularity of a partition of ``graph``."""
    import networkx as nx

    simple = simple_graph(graph)
    if simple.number_of_edges() == 0:
        return 0.0
    return nx.community.modularity(simple, [set(g) for g in groups], weight="weight")


def region_of(graph: nx.Graph) -> dict[str, str]:
    """Return node -> its region label (``(no region)`` when unknown)."""
    return {n: attrs.get("region") or NO_REGION for n, attrs in graph.nodes(data=True)}


def brokers(graph: nx.Graph) -> list[dict]:
    """Return the organisations linked to organisations in other regions, most regions reached first.

    Each item: ``node``, ``region``, ``regions`` (the other regions reached, sorted),
    ``cross_region_partners`` (partners in another region) and ``partners``. Organisations
    without a known region, and links to them, do not count.
    """
    simple = simple_graph(graph)
    region = region_of(graph)
    out = []
    for node in simple:
        if region[node] == NO_REGION:
            continue
        others = [m for m in simple[node] if region[m] not in (NO_REGION, region[node])]
        if others:
            out.append({
                "node": node,
                "region": region[node],
                "regions": sorted({region[m] for m in others}),
                "cross_region_partners": len(others),
                "partners": simple.degree(node),
            })
    return sorted(out, key=lambda b: (-len(b["regions"]), -b["cross_region_partners"], str(b["node"])))


def community_region_comparison(graph: nx.Graph, groups: list[list[str]]) -> dict:
    """Compare communities with regions: a contingency table and chance-corrected agreement scores.

    Returns ``regions`` (column labels, ``(no region)`` last), ``table`` (one row of counts per
    community), ``compared`` (nodes with a region, the only ones scored), and igraph's normalised
    mutual information (``nmi``, 0 = independent, 1 = the same partition) and adjusted Rand index
    (``ari``, about 0 for chance agreement, 1 = the same), plus the modularity of the regions taken
    as a partition (``region_modularity``) beside that of the communities (``community_modularity``).
    """
    from bbkg.network.igraphs import igraph

    ig = igraph()

    region = region_of(graph)
    membership = community_of(groups)
    columns = sorted(set(region.values()) - {NO_REGION}) + ([NO_REGION] if NO_REGION in region.values() else [])
    counts = Counter((membership[n], region[n]) for n in membership)
    table = [[counts[(i, r)] for r in columns] for i in range(len(groups))]
    scored = [n for n in membership if region[n] != NO_REGION]
    result = {"regions": columns, "table": table, "compared": len(scored), "nmi": None, "ari": None}
    if len(scored) >= 2:
        region_ids = {r: i for i, r in enumerate(columns)}
        a = [membership[n] for n in scored]
        b = [region_ids[region[n]] for n in scored]
        result["nmi"] = ig.compare_communities(a, b, method="nmi")
        result["ari"] = ig.compare_communities(a, b, method="adjusted_rand")
    by_region: dict[str, set[str]] = {}
    for n, r in region.items():
        by_region.setdefault(r, set()).add(n)
    result["region_modularity"] = modularity(graph, list(by_region.values()))
    result["community_modularity"] = modularity(graph, groups)
    return result


def metrics_report(graph: nx.Graph, *, seed: int = 42, betweenness_sample: int | None = None) -> dict:
    """Return every metric of ``graph`` as plain data: summary, organisations, communities, brokers, comparison."""
    import networkx as nx

    simple = simple_graph(graph)  # made once: each metric below would make it again
    deg = degrees(simple)
    between = betweenness(simple, sample=betweenness_sample, seed=seed)
    groups = communities(simple, seed=seed)
    membership = community_of(groups)
    broker_list = brokers(simple)
    broker_of = {b["node"]: b for b in broker_list}
    comparison = community_region_comparison(simple, groups)
    attrs = graph.nodes
    organisations = []
    for node in sorted(simple, key=lambda n: (-deg[n]["degree"], -between[n], attrs[n].get("label", str(n)))):
        organisations.append({
            "iri": str(node),
            "label": attrs[node].get("label", str(node)),
            "kind": attrs[node].get("kind", ""),
            "region": attrs[node].get("region") or NO_REGION,
            "degree": deg[node]["degree"],
            "links": deg[node]["links"],
            "degree_centrality": round(deg[node]["centrality"], 6),
            "betweenness": round(between[node], 6),
            "community": membership[node],
            "cross_region_partners": broker_of.get(node, {}).get("cross_region_partners", 0),
        })
    label = {str(n): attrs[n].get("label", str(n)) for n in simple}
    return {
        "summary": {
            "organisations": simple.number_of_nodes(),
            "links": graph.number_of_edges(),
            "partner_pairs": simple.number_of_edges(),
            "density": round(nx.density(simple), 6),
            "components": nx.number_connected_components(simple) if simple.number_of_nodes() else 0,
            "communities": len(groups),
            "modularity": round(comparison["community_modularity"], 6),
            "region_modularity": round(comparison["region_modularity"], 6),
            "nmi_communities_regions": None if comparison["nmi"] is None else round(comparison["nmi"], 6),
            "ari_communities_regions": None if comparison["ari"] is None else round(comparison["ari"], 6),
            "brokers": len(broker_list),
            "seed": seed,
        },
        "organisations": organisations,
        "communities": [
            {"community": i, "size": len(g), "members": [label[n] for n in g],
             "regions": dict(Counter(attrs[n].get("region") or NO_REGION for n in g).most_common())}
            for i, g in enumerate(groups)
        ],
        "brokers": [{**b, "node": str(b["node"]), "label": label[str(b["node"])]} for b in broker_list],
        "community_region": {"regions": comparison["regions"], "table": comparison["table"],
                             "compared": comparison["compared"]},
    }
