"""The interactive HTML diagram: vis-network (pyvis's copy) and the data inlined, no request to any network,
labels put in as JSON and shown as text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from bbkg.network.graph import DIRECTED_KINDS
from bbkg.render.assets import script_hashes
from bbkg.render.assets import script_json as _script_json
from bbkg.render.style import (
    SYMBOLS,
    _edge_kinds_in,
    _kinds_in,
    _regions,
    _text,
    edge_colour,
    edge_tooltip,
    kind_colour,
    node_size,
    node_tooltip,
    parallel_ranks,
    partner_counts,
    region_shapes,
)

if TYPE_CHECKING:
    import networkx as nx


def _vis_assets() -> tuple[str, str]:
    """Return vis-network's JavaScript and CSS as bundled inside pyvis."""
    import pyvis

    folder = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    return (folder / "vis-network.min.js").read_text(encoding="utf-8"), (folder / "vis-network.css").read_text(
        encoding="utf-8"
    )


def vis_options(graph: nx.MultiDiGraph) -> dict:
    """Return vis-network options: pyvis's, with physics off and settings for large graphs."""
    from pyvis.network import Network

    big = graph.number_of_nodes() > 2000
    net = Network(directed=any(k in DIRECTED_KINDS for _, _, k in graph.edges(data="kind")))
    net.toggle_physics(False)
    net.toggle_stabilization(False)
    net.toggle_hide_edges_on_drag(big)
    options = json.loads(net.options.to_json())
    options["edges"].update({
        "smooth": False, "color": {"inherit": False}, "width": 1,
        "arrows": {"to": {"enabled": False, "scaleFactor": 0.5}}, "selectionWidth": 2,
    })
    options["interaction"].update({"hideEdgesOnZoom": big, "tooltipDelay": 120, "hover": not big,
                                   "keyboard": {"enabled": True, "bindToWindow": False}})
    options["layout"] = {"improvedLayout": False, "randomSeed": 0}
    options["nodes"] = {
        "borderWidth": 1,
        "font": {"size": 14, "face": "sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
        "scaling": {"label": {"drawThreshold": 7}},
    }
    return options


def html_data(graph: nx.MultiDiGraph, positions: dict[str, tuple[float, float]], lang: str = "en",
              timeline: dict | None = None) -> dict:
    """Return the page's data: nodes and edges as columns, the legend, and (with ``timeline``, see
    :func:`bbkg.network.history.yearly_activity`) the years in which each edge was active, for the slider."""
    words = _text(lang)
    nodes = list(graph)
    index = {node: i for i, node in enumerate(nodes)}
    shapes = region_shapes(graph)
    kinds = _kinds_in(graph)
    kind_index = {k: i for i, (k, _, _) in enumerate(kinds)}
    edge_kinds = _edge_kinds_in(graph)
    edge_index = {k: i for i, (k, _, _) in enumerate(edge_kinds)}
    regions = _regions(graph)
    region_index = {iri: i for i, (iri, _) in enumerate(regions)}
    partners = partner_counts(graph)
    most = max(partners.values(), default=0)
    attrs = graph.nodes
    edges = list(graph.edges(data=True))
    return {
        "lang": lang,
        "words": words,
        "nodes": {
            "label": [attrs[n].get("label", n) for n in nodes],
            "x": [positions[n][0] for n in nodes],
            "y": [positions[n][1] for n in nodes],
            "kind": [kind_index[attrs[n].get("kind", "")] for n in nodes],
            "region": [region_index[attrs[n].get("region_iri", "")] for n in nodes],
            "partners": [partners[n] for n in nodes],
            "size": [node_size(partners[n], most) for n in nodes],
            "tip": [node_tooltip(attrs[n], words) for n in nodes],
        },
        "edges": {
            "from": [index[u] for u, _, _ in edges],
            "to": [index[v] for _, v, _ in edges],
            "kind": [edge_index[a.get("kind")] for _, _, a in edges],
            "tip": [edge_tooltip(a, words) for _, _, a in edges],
            "rank": parallel_ranks(graph),
        },
        "kinds": [{"label": label[:1].upper() + label[1:], "count": count, "color": kind_colour(k)} for k, label, count in kinds],
        "regions": [
            {"label": label if iri else words["no_region"], "shape": shapes[iri], "symbol": SYMBOLS[shapes[iri]]}
            for iri, label in regions
        ],
        "edgeKinds": [
            {"label": label[:1].upper() + label[1:], "count": count, "color": edge_colour(k),
             "arrow": k in DIRECTED_KINDS}
            for k, label, count in edge_kinds
        ],
        "time": timeline,
    }


def render_html(graph: nx.MultiDiGraph, positions: dict[str, tuple[float, float]], *, title: str = "bbkg network",
                lang: str = "en", timeline: dict | None = None) -> str:
    """Return a self-contained HTML page drawing ``graph`` at ``positions`` (no network requests); with
    ``timeline``, a slider shows the network as of each year."""
    from bbkg.resources import template_text

    from jinja2 import Environment, FunctionLoader
    from markupsafe import Markup

    vis_js, vis_css = _vis_assets()
    page = template_text("network.html")
    app_js = template_text("network.js")
    env = Environment(autoescape=True, keep_trailing_newline=True, loader=FunctionLoader(template_text))
    scripts = [vis_js, app_js]
    hashes = script_hashes(scripts)
    return env.from_string(page).render(
        title=title,
        lang=lang,
        vis_css=Markup(vis_css),
        vis_js=Markup(vis_js),
        app_js=Markup(app_js),
        script_hashes=Markup(hashes),
        data_json=Markup(_script_json(html_data(graph, positions, lang, timeline))),
        timeline=timeline,
        options_json=Markup(_script_json(vis_options(graph))),
        words=_text(lang),
    )
