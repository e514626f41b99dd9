"""GEXF (Gephi) and GraphML (Cytoscape, yEd) files with every attribute, the layout and the colours.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from bbkg.render.style import edge_colour, kind_colour, partner_counts

if TYPE_CHECKING:
    import networkx as nx


def export_graph(graph: nx.MultiDiGraph, positions: dict[str, tuple[float, float]]) -> nx.MultiDiGraph:
    """Return a copy for Gephi/Cytoscape: unique edge ids, and x, y, colour and size on every node."""
    import networkx as nx

    partners = partner_counts(graph)
    out = nx.MultiDiGraph()
    out.graph.update({k: str(v) for k, v in graph.graph.items()})
    for node, attrs in graph.nodes(data=True):
        x, y = positions[node]
        out.add_node(node, **attrs, x=x, y=-y, color=kind_colour(attrs.get("kind", "")), partners=partners[node])
    for i, (u, v, attrs) in enumerate(graph.edges(data=True)):
        out.add_edge(u, v, key=f"e{i}", **attrs, color=edge_colour(attrs.get("kind", "")))
    return out


def render_gexf(graph: nx.MultiDiGraph, positions: dict[str, tuple[float, float]]) -> bytes:
    """Return GEXF 1.2 with every attribute, and the layout and colours as GEXF viz data."""
    import networkx as nx

    out = export_graph(graph, positions)
    for node, attrs in out.nodes(data=True):
        r, g, b = (int(attrs["color"][i:i + 2], 16) for i in (1, 3, 5))
        attrs["viz"] = {"position": {"x": attrs["x"], "y": attrs["y"], "z": 0.0},
                        "color": {"r": r, "g": g, "b": b, "a": 1.0}, "size": 4.0 + 2 * math.sqrt(attrs["partners"])}
    return ("\n".join(nx.generate_gexf(out, version="1.2draft")) + "\n").encode("utf-8")


def render_graphml(graph: nx.MultiDiGraph, positions: dict[str, tuple[float, float]]) -> bytes:
    """Return GraphML with every attribute, and x, y, color on the nodes."""
    import networkx as nx

    return ("\n".join(nx.generate_graphml(export_graph(graph, positions))) + "\n").encode("utf-8")
