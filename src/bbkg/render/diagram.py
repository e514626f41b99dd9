"""Drawing the network to files: the extension of each output picks its format, one layout serves all,
and every file is written atomically (all or none).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bbkg.errors import UsageError
from bbkg.render.graphfiles import render_gexf, render_graphml
from bbkg.render.html import render_html
from bbkg.render.images import render_image
from bbkg.render.style import layout_positions
from bbkg.render.webgl import WEBGL_FROM, render_webgl

#: the renderers of the HTML page; ``auto`` picks WebGL from ``WEBGL_FROM`` organisations
RENDERERS = ("auto", "vis", "webgl")

if TYPE_CHECKING:
    import networkx as nx

#: output file extension -> what it is
OUTPUT_TYPES: dict[str, str] = {
    ".html": "interactive diagram, works offline (vis-network; WebGL for large networks)",
    ".png": "static image",
    ".svg": "static vector image",
    ".gexf": "Gephi graph with every attribute and the layout",
    ".graphml": "GraphML (Cytoscape, yEd, Gephi) with every attribute and the layout",
}


def output_type(path: Path | str) -> str:
    """Return the extension of ``path`` if bbkg can write it; else raise naming the supported ones."""
    suffix = Path(path).suffix.lower()
    if suffix not in OUTPUT_TYPES:
        shown = suffix or "no extension"
        raise UsageError(
            f"--out {path}: cannot write {shown!r}; supported: "
            + ", ".join(f"{ext} ({what})" for ext, what in OUTPUT_TYPES.items())
        )
    return suffix


def pick_renderer(graph: nx.MultiDiGraph, renderer: str = "auto") -> str:
    """Return ``vis`` or ``webgl``: as asked, or for ``auto`` by the size of the network."""
    if renderer not in RENDERERS:
        raise UsageError(f"--renderer {renderer!r}: use one of {', '.join(RENDERERS)}", parameter="renderer",
                         value=renderer, candidates=list(RENDERERS))
    if renderer == "auto":
        return "webgl" if graph.number_of_nodes() >= WEBGL_FROM else "vis"
    return renderer


def render(graph: nx.MultiDiGraph, path: Path | str, positions: dict[str, tuple[float, float]] | None = None, *,
           title: str = "bbkg network", lang: str = "en", renderer: str = "auto",
           timeline: dict | None = None) -> bytes:
    """Return the bytes of the output ``path``'s extension asks for: the HTML page by ``renderer`` (``timeline``:
    the vis-network page's time slider; the WebGL page has none)."""
    kind = output_type(path)
    positions = positions if positions is not None else layout_positions(graph)
    if kind == ".html":
        if pick_renderer(graph, renderer) == "webgl":
            return render_webgl(graph, positions, title=title, lang=lang).encode("utf-8")
        return render_html(graph, positions, title=title, lang=lang, timeline=timeline).encode("utf-8")
    if kind in (".png", ".svg"):
        return render_image(graph, positions, kind[1:], title=title, lang=lang)
    if kind == ".gexf":
        return render_gexf(graph, positions)
    return render_graphml(graph, positions)


def write_diagrams(graph: nx.MultiDiGraph, paths: Sequence[Path | str], *, title: str = "bbkg network",
                   lang: str = "en", seed: int = 7, renderer: str = "auto",
                   timeline: dict | None = None) -> dict[Path, bytes]:
    """Lay ``graph`` out once and write every output in ``paths`` atomically (all or none); return them.
    ``timeline`` (years in which each edge was active) gives the vis-network page its time slider."""
    from bbkg.rdfio import write_all_atomic

    for path in paths:
        output_type(path)
    pick_renderer(graph, renderer)
    if graph.number_of_nodes() == 0:
        raise UsageError("the selection is empty: no organisation matches; widen the filters or add --isolated")
    positions = layout_positions(graph, seed)
    files = {Path(p): render(graph, p, positions, title=title, lang=lang, renderer=renderer, timeline=timeline)
             for p in paths}
    write_all_atomic(files)
    return files
