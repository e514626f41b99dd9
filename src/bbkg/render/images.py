"""Static PNG and SVG diagrams for reports (matplotlib), with a legend; SVG labels stay text.
"""

from __future__ import annotations

import io
import math
from typing import TYPE_CHECKING

from bbkg.render.labels import place_labels
from bbkg.render.style import (
    SHAPES,
    _edge_kinds_in,
    _kinds_in,
    _regions,
    _text,
    edge_colour,
    kind_colour,
    parallel_ranks,
    partner_counts,
    region_shapes,
)

if TYPE_CHECKING:
    import networkx as nx

#: A4 width in inches (210 mm): images are drawn at the width they are printed at
A4_WIDTH = 8.27


def render_image(graph: nx.MultiDiGraph, positions: dict[str, tuple[float, float]], fmt: str = "png", *,
                 title: str = "bbkg network", lang: str = "en") -> bytes:
    """Return a PNG or SVG drawing (matplotlib) of ``graph`` at ``positions``, with a legend."""
    import matplotlib
    from matplotlib.figure import Figure

    words = _text(lang)
    # a Figure without pyplot: no global backend or figure state is touched; A4 wide, so that 7 pt stays 7 pt
    with matplotlib.rc_context({"svg.hashsalt": "bbkg", "svg.fonttype": "none", "font.family": "DejaVu Sans"}):
        fig = Figure(figsize=(A4_WIDTH, A4_WIDTH * 0.8))
        ax = fig.add_axes((0.01, 0.01, 0.70, 0.92))
        _draw(ax, graph, positions, words)
        fig.suptitle(title, x=0.01, y=0.985, ha="left", fontsize=11).set_parse_math(False)
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buffer, format=fmt, dpi=200, metadata=metadata)
    return buffer.getvalue()


def _draw(ax, graph: nx.MultiDiGraph, positions: dict[str, tuple[float, float]], words: dict[str, str], *,
          legend: bool = True, labels: int | None = None, most: int | None = None,
          shapes: dict[str, str] | None = None) -> None:
    """Draw edges, nodes, the most connected nodes' labels (up to ``labels`` of them where they fit without
    overlapping; by default all up to 60 nodes, else 25, the next 20 keyed by number in the legend) and the
    legend on ``ax``. ``most`` and ``shapes`` size and shape the nodes as in another
    graph (small multiples share one scale and one set of shapes)."""
    from matplotlib.collections import LineCollection

    n = graph.number_of_nodes()
    y_of = {node: -y for node, (_, y) in positions.items()}  # screen y grows downwards; plots grow upwards
    alpha = 0.7 if n < 200 else 0.35 if n < 2000 else 0.15
    xs = [x for x, _ in positions.values()]
    gap = 0.008 * ((max(xs) - min(xs)) if xs else 1)
    by_kind: dict[str, list] = {}
    for (u, v, kind), rank in zip(graph.edges(data="kind"), parallel_ranks(graph)):
        (x1, y1), (x2, y2) = (positions[u][0], y_of[u]), (positions[v][0], y_of[v])
        if rank:  # a further link between the same two organisations: shifted beside the first
            length = math.hypot(x2 - x1, y2 - y1) or 1.0
            shift = gap * math.ceil(rank / 2) * (1 if rank % 2 else -1) * (1 if str(u) <= str(v) else -1)
            dx, dy = -(y2 - y1) / length * shift, (x2 - x1) / length * shift
            x1, y1, x2, y2 = x1 + dx, y1 + dy, x2 + dx, y2 + dy
        by_kind.setdefault(kind, []).append([(x1, y1), (x2, y2)])
    for kind, label, _ in _edge_kinds_in(graph):
        segments = by_kind[kind]
        ax.add_collection(LineCollection(segments, colors=edge_colour(kind), linewidths=0.8 if n < 2000 else 0.4,
                                         alpha=alpha, zorder=1))
    partners = partner_counts(graph)
    most = most or max(partners.values(), default=1) or 1
    shapes = shapes or region_shapes(graph)
    groups: dict[tuple[str, str], list[str]] = {}
    for node, attrs in graph.nodes(data=True):
        groups.setdefault((attrs.get("kind", ""), attrs.get("region_iri", "")), []).append(node)
    base = 24 if n < 200 else 8 if n < 2000 else 2
    area = {m: base + base * 6 * math.sqrt(partners[m] / most) for m in graph}
    for (kind, region), members in sorted(groups.items()):
        ax.scatter(
            [positions[m][0] for m in members], [y_of[m] for m in members], s=[area[m] for m in members],
            c=kind_colour(kind), marker=SHAPES.get(shapes[region], "D"), edgecolors="white",
            linewidths=0.4 if n < 2000 else 0.1, zorder=2,
        )
    ax.set_aspect("equal")
    ax.autoscale_view()
    ax.margins(x=0.04, y=0.04)
    ax.axis("off")
    labelled = sorted(graph, key=lambda m: (-partners[m], graph.nodes[m].get("label", m)))[:60]
    items = [(graph.nodes[m].get("label", m), positions[m][0], y_of[m], math.sqrt(area[m]) / 2) for m in labelled]
    limit = labels if labels is not None else n if n <= 60 else 25
    key = place_labels(ax, items, fontsize=7, limit=limit, keyed=20 if legend and n > 60 else 0)
    if legend:
        _legend(ax, graph, shapes, words, key)


def legend_handles(graph: nx.MultiDiGraph, shapes: dict[str, str], words: dict[str, str], *,
                   counts: bool = True) -> list:
    """Return the legend's entries: kinds (colours), regions (shapes), link kinds (line colours), with counts."""
    from matplotlib.lines import Line2D

    def named(label: str, count: int) -> str:
        return f"{label[:1].upper() + label[1:]} ({count})" if counts else label[:1].upper() + label[1:]

    handles = [Line2D([], [], linestyle="", marker="o", markersize=9, markerfacecolor=kind_colour(k),
                      markeredgecolor="white", label=named(label, count)) for k, label, count in _kinds_in(graph)]
    handles += [Line2D([], [], linestyle="", label=" ")]
    handles += [
        Line2D([], [], linestyle="", marker=SHAPES.get(shapes[iri], "D"), markersize=8, markerfacecolor="#999999",
               markeredgecolor="white", label=label if iri else words["no_region"])
        for iri, label in _regions(graph)
    ]
    handles += [Line2D([], [], linestyle="", label=" ")]
    handles += [Line2D([], [], color=edge_colour(k), linewidth=2, label=named(label, count))
                for k, label, count in _edge_kinds_in(graph)]
    return handles


def _legend(ax, graph: nx.MultiDiGraph, shapes: dict[str, str], words: dict[str, str],
            key: list[tuple[int, str]] = ()) -> None:
    """Draw the legend beside the network, with the key of the organisations shown by a number where their name
    did not fit."""
    from matplotlib.lines import Line2D

    handles = legend_handles(graph, shapes, words)
    if key:
        handles += [Line2D([], [], linestyle="", label=" ")]
        handles += [Line2D([], [], linestyle="", label=f"{number}  {name if len(name) <= 34 else name[:33] + '…'}")
                    for number, name in key]
    legend = ax.figure.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.72, 0.94), frameon=False,
                              fontsize=6.5, title=words["size"], title_fontsize=6.5, handletextpad=0.4,
                              labelspacing=0.35)
    legend._legend_box.align = "left"
    for text in legend.get_texts():
        text.set_parse_math(False)
