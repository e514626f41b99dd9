"""Small multiples: the network at several dates side by side, in one layout (each organisation at the same
place in every picture) and one scale, for reports (PNG or SVG, matplotlib).
"""

from __future__ import annotations

import io
import math
from typing import TYPE_CHECKING

from bbkg.render.images import _draw, legend_handles
from bbkg.render.style import _text, partner_counts, region_shapes

if TYPE_CHECKING:
    import networkx as nx

#: pictures per row
COLUMNS = 5


def render_evolution(graph: nx.MultiDiGraph, positions: dict[str, tuple[float, float]],
                     panels: list[tuple[str, nx.MultiDiGraph]], fmt: str = "png", *, title: str = "bbkg network",
                     lang: str = "en") -> bytes:
    """Return a PNG or SVG of ``panels`` (label, the network at that date), each drawn at the ``positions``
    of ``graph`` (the network over all dates) with the same shapes, sizes and extent, and one legend."""
    import matplotlib
    from matplotlib.figure import Figure

    words = _text(lang)
    columns = min(COLUMNS, len(panels)) or 1
    rows = math.ceil(len(panels) / columns)
    shapes = region_shapes(graph)
    most = max(partner_counts(graph).values(), default=1) or 1
    (x0, x1), (y0, y1) = _extent([x for x, _ in positions.values()]), _extent([-y for _, y in positions.values()])
    with matplotlib.rc_context({"svg.hashsalt": "bbkg", "svg.fonttype": "none", "font.family": "DejaVu Sans"}):
        fig = Figure(figsize=(columns * 4.2, rows * 4.4 + 1.2))
        for i, (label, network) in enumerate(panels):
            ax = fig.add_subplot(rows, columns, i + 1)
            if network.number_of_nodes():
                _draw(ax, network, positions, words, legend=False, labels=3, most=most, shapes=shapes)
            ax.axis("off")
            ax.set_xlim(x0, x1)
            ax.set_ylim(y0, y1)
            ax.set_title(f"{label}\n{words['kinds']}: {network.number_of_nodes()} · {words['links']}: "
                         f"{network.number_of_edges()}", fontsize=11).set_parse_math(False)
        legend = fig.legend(handles=legend_handles(graph, shapes, words, counts=False), loc="lower center",
                            ncol=6, frameon=False, fontsize=9)
        for text in legend.get_texts():
            text.set_parse_math(False)
        height = rows * 4.4 + 1.2
        fig.suptitle(title, fontsize=15, y=1 - 0.15 / height).set_parse_math(False)
        fig.subplots_adjust(bottom=0.9 / height, top=1 - 0.9 / height, left=0.01, right=0.99, wspace=0.04,
                            hspace=0.3)
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buffer, format=fmt, dpi=100, metadata=metadata)
    return buffer.getvalue()


def _extent(values: list[float]) -> tuple[float, float]:
    """Return the range that holds the middle 96% of ``values`` (far-flung small components would shrink the
    rest to a dot), with a margin."""
    if not values:
        return -1.0, 1.0
    ordered = sorted(values)
    low, high = ordered[int(0.02 * (len(ordered) - 1))], ordered[int(round(0.98 * (len(ordered) - 1)))]
    pad = 0.08 * ((high - low) or 1.0)
    return low - pad, high + pad
