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

if TYPE_CHECKING:
    import networkx as nx

#: output file extension -> what it is
OUTPUT_TYPES: dict[str, str] = {
    ".html": "interactive diagram (vis-network, works offline)",
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


def render(graph: nx.MultiDiGraph, path: Path | str, positions: dict[str, tuple[float, float]] | None = None, *,
           title: str = "bbkg network", lang: str = "en", timeline: dict | None = None) -> bytes:
    """Return the bytes of the output ``path``'s extension asks for (``timeline``: the HTML's time slider)."""
    kind = output_type(path)
    positions = positions if positions is not None else layout_positions(graph)
    if kind == ".html":
        return render_html(graph, positions, title=title, lang=lang, timeline=timeline).encode("utf-8")
    if kind in (".png", ".svg"):
        return render_image(graph, positions, kind[1:], title=title, lang=lang)
    if kind == ".gexf":
        return render_gexf(graph, positions)
    return render_graphml(graph, positions)


def write_diagrams(graph: nx.MultiDiGraph, paths: Sequence[Path | str], *, title: str = "bbkg network",
                   lang: str = "en", seed: int = 7, timeline: dict | None = None) -> dict[Path, bytes]:
    """Lay ``graph`` out once and write every output in ``paths`` atomically (all or none); return them.
    ``timeline`` (years in which each edge was active) gives the HTML page its time slider."""
    from bbkg.rdfio import write_all_atomic

    for path in paths:
        output_type(path)
    if graph.number_of_nodes() == 0:
        raise UsageError("the selection is empty: no organisation matches; widen the filters or add --isolated")
    positions = layout_positions(graph, seed)
    files = {Path(p): render(graph, p, positions, title=title, lang=lang, timeline=timeline) for p in paths}
    write_all_atomic(files)
    return files
