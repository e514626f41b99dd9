"""The WebGL network page for large networks: sigma.js and graphology (vendored, MIT) draw positions
computed in Python; filters by kind and region and a search run in the page, offline, labels as text.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from bbkg.network.graph import DIRECTED_KINDS
from bbkg.render.assets import inline_page, script_json, vendor_text
from bbkg.render.style import _edge_kinds_in, _kinds_in, _regions, _text, edge_colour, kind_colour, partner_counts

if TYPE_CHECKING:
    import networkx as nx

#: above this many organisations ``bbkg diagram`` draws the HTML page with WebGL (sigma.js), not vis-network
WEBGL_FROM = 3000

SIGMA = "sigma-3.0.3.min.js"
GRAPHOLOGY = "graphology-0.26.0.umd.min.js"


def webgl_data(graph: nx.MultiDiGraph, positions: dict[str, tuple[float, float]], lang: str = "en") -> dict:
    """Return the page's data as columns (compact at 100,000 nodes): nodes, edges, legend, words."""
    words = _text(lang)
    nodes = list(graph)
    index = {node: i for i, node in enumerate(nodes)}
    kinds = _kinds_in(graph)
    kind_index = {k: i for i, (k, _, _) in enumerate(kinds)}
    regions = _regions(graph)
    region_index = {iri: i for i, (iri, _) in enumerate(regions)}
    edge_kinds = _edge_kinds_in(graph)
    edge_index = {k: i for i, (k, _, _) in enumerate(edge_kinds)}
    cities = sorted({a.get("city", "") for _, a in graph.nodes(data=True)})
    city_index = {c: i for i, c in enumerate(cities)}
    partners = partner_counts(graph)
    most = max(partners.values(), default=0) or 1
    attrs = graph.nodes
    big = len(nodes) > 20000
    return {
        "lang": lang, "words": words, "cities": cities,
        "nodes": {
            "iri": nodes,
            "label": [attrs[n].get("label", n) for n in nodes],
            "x": [positions[n][0] for n in nodes],
            "y": [-positions[n][1] for n in nodes],  # sigma's y grows upwards
            "kind": [kind_index[attrs[n].get("kind", "")] for n in nodes],
            "region": [region_index[attrs[n].get("region_iri", "")] for n in nodes],
            "city": [city_index[attrs[n].get("city", "")] for n in nodes],
            "partners": [partners[n] for n in nodes],
            "size": [round((1.5 if big else 3) + (8 if big else 12) * math.sqrt(partners[n] / most), 1) for n in nodes],
        },
        "edges": {
            "from": [index[u] for u, _ in graph.edges()],
            "to": [index[v] for _, v in graph.edges()],
            "kind": [edge_index[k] for _, _, k in graph.edges(data="kind")],
        },
        "kinds": [{"label": label[:1].upper() + label[1:], "count": count, "color": kind_colour(k)}
                  for k, label, count in kinds],
        "regions": [{"label": label if iri else words["no_region"]} for iri, label in regions],
        "edgeKinds": [{"label": label[:1].upper() + label[1:], "count": count, "color": edge_colour(k),
                       "arrow": k in DIRECTED_KINDS} for k, label, count in edge_kinds],
    }


def render_webgl(graph: nx.MultiDiGraph, positions: dict[str, tuple[float, float]], *, title: str = "bbkg network",
                 lang: str = "en") -> str:
    """Return a self-contained HTML page drawing ``graph`` with WebGL (no network requests)."""
    return inline_page(
        "webgl.html", [vendor_text(GRAPHOLOGY), vendor_text(SIGMA)], "webgl.js",
        title=title, lang=lang, words=_text(lang), data_json=script_json(webgl_data(graph, positions, lang)),
        nodes=graph.number_of_nodes(), edges=graph.number_of_edges(),
    )
