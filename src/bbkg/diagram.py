"""Draw a network (see :mod:`bbkg.network`): offline interactive HTML, PNG/SVG, GEXF/GraphML.

Node positions are computed once in Python (igraph's Fruchterman-Reingold, written in C, with
a fixed seed) and shared by every output, so the HTML opens without a physics simulation and
the static images show the same picture. The HTML holds vis-network (from pyvis's bundled copy)
and all data inline: it makes no network request. Labels and tooltips are data, put into the
page as JSON and into the DOM as text, never as markup.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import math
import random
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import UsageError
from .network import DIRECTED_KINDS, EDGE_KINDS, NO_REGION
from .vocab import ORG_KINDS

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
#: organisation kind -> colour (Okabe-Ito, distinguishable with colour-blindness)
KIND_COLOURS: dict[str, str] = {
    "University": "#0072B2",
    "ResearchInstitute": "#56B4E9",
    "Company": "#E69F00",
    "GovernmentAgency": "#009E73",
    "IndustryAssociation": "#CC79A7",
    "Cluster": "#D55E00",
    "Investor": "#8C6D1F",
    "SciencePark": "#7F7F7F",
}
EDGE_COLOURS: dict[str, str] = {
    "partnership": "#4477AA",
    "spinoff": "#228833",
    "membership": "#AA3377",
    "acquisition": "#EE6677",
}
OTHER_EDGE_COLOUR = "#777777"
#: region shapes, given to regions in the order of their IRIs; vis-network shape -> matplotlib marker
SHAPES: dict[str, str] = {"dot": "o", "square": "s", "triangle": "^", "hexagon": "h", "triangleDown": "v", "star": "*"}
NO_REGION_SHAPE = "diamond"
SYMBOLS = {"dot": "●", "square": "■", "triangle": "▲", "hexagon": "⬢", "triangleDown": "▼", "star": "★", "diamond": "◆"}
#: words of the page, in each language
UI_TEXT: dict[str, dict[str, str]] = {
    "en": {"kind": "Kind", "city": "City", "region": "Region", "source": "Source", "date": "Date",
           "find": "Find", "clear": "Clear", "placeholder": "Find an organisation", "kinds": "Organisations",
           "regions": "Regions (shape)", "links": "Links", "no_region": "outside the regions / unknown",
           "none_found": "not found", "neighbours": "neighbours", "size": "Size: number of partners"},
    "nl": {"kind": "Soort", "city": "Gemeente", "region": "Gewest", "source": "Bron", "date": "Datum",
           "find": "Zoeken", "clear": "Wissen", "placeholder": "Zoek een organisatie", "kinds": "Organisaties",
           "regions": "Gewesten (vorm)", "links": "Verbindingen", "no_region": "buiten de gewesten / onbekend",
           "none_found": "niet gevonden", "neighbours": "buren", "size": "Grootte: aantal partners"},
    "fr": {"kind": "Type", "city": "Commune", "region": "Région", "source": "Source", "date": "Date",
           "find": "Chercher", "clear": "Effacer", "placeholder": "Chercher une organisation",
           "kinds": "Organisations", "regions": "Régions (forme)", "links": "Liens",
           "no_region": "hors des régions / inconnue", "none_found": "introuvable", "neighbours": "voisins",
           "size": "Taille : nombre de partenaires"},
    "de": {"kind": "Art", "city": "Gemeinde", "region": "Region", "source": "Quelle", "date": "Datum",
           "find": "Suchen", "clear": "Zurücksetzen", "placeholder": "Organisation suchen",
           "kinds": "Organisationen", "regions": "Regionen (Form)", "links": "Verbindungen",
           "no_region": "außerhalb der Regionen / unbekannt", "none_found": "nicht gefunden",
           "neighbours": "Nachbarn", "size": "Größe: Zahl der Partner"},
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


# ------------------------------------------------------------------ layout and style


def layout_positions(graph: nx.MultiDiGraph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Return node -> (x, y) in screen units: igraph's Fruchterman-Reingold (C), deterministic for a seed.

    Large graphs use the grid variant (linear time per iteration). The result is centred and scaled so
    that the drawing covers about 150 x 150 units per node.
    """
    from .network import import_igraph

    ig = import_igraph()
    nodes = list(graph)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {node: i for i, node in enumerate(nodes)}
    pairs = sorted({tuple(sorted((index[u], index[v]))) for u, v in graph.edges() if u != v})
    state = random.getstate()  # igraph draws from Python's random module: seed it, then put it back
    random.seed(seed)
    try:
        layout = ig.Graph(n=n, edges=pairs).layout_fruchterman_reingold(grid=n > 500, niter=500 if n <= 2000 else 300)
    finally:
        random.setstate(state)
    xs, ys = [c[0] for c in layout.coords], [c[1] for c in layout.coords]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    scale = max(150 * math.sqrt(n), 900) / span
    return {node: (round((x - cx) * scale, 1), round((y - cy) * scale, 1)) for node, x, y in zip(nodes, xs, ys)}


def partner_counts(graph: nx.MultiDiGraph) -> dict[str, int]:
    """Return node -> number of distinct organisations it is linked to (either direction)."""
    return {n: len(set(graph.pred[n]) | set(graph.succ[n]) - {n}) for n in graph}


def node_size(partners: int, most: int) -> float:
    """Return a node's radius on the page: 6 for no partner up to 36 for the most connected (area ~ partners)."""
    return round(6 + 30 * math.sqrt(partners / most), 1) if most else 10.0


def _regions(graph: nx.MultiDiGraph) -> list[tuple[str, str]]:
    """Return (region IRI or '', label) in a stable order: regions by IRI, then 'no region'."""
    found = {attrs.get("region_iri", ""): attrs.get("region", NO_REGION) for _, attrs in graph.nodes(data=True)}
    return sorted(found.items(), key=lambda item: (item[0] == "", item[0]))


def region_shapes(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Return region IRI ('' for none) -> vis-network shape."""
    shapes = list(SHAPES)
    out = {}
    for i, (iri, _) in enumerate(r for r in _regions(graph) if r[0]):
        out[iri] = shapes[i % len(shapes)]
    out[""] = NO_REGION_SHAPE
    return out


def kind_colour(kind: str) -> str:
    """Return the colour of an organisation kind."""
    return KIND_COLOURS.get(kind, "#444444")


def edge_colour(kind: str) -> str:
    """Return the colour of an edge kind."""
    return EDGE_COLOURS.get(kind, OTHER_EDGE_COLOUR)


def _kinds_in(graph: nx.MultiDiGraph) -> list[tuple[str, str, int]]:
    """Return (kind, label, count) for the organisation kinds present, in the ontology's order."""
    counts = Counter(attrs.get("kind", "") for _, attrs in graph.nodes(data=True))
    labels = {attrs.get("kind", ""): attrs.get("kind_label", attrs.get("kind", "")) for _, attrs in graph.nodes(data=True)}
    order = {k: i for i, k in enumerate(ORG_KINDS)}
    return [(k, labels[k], counts[k]) for k in sorted(counts, key=lambda k: (order.get(k, 99), k))]


def _edge_kinds_in(graph: nx.MultiDiGraph) -> list[tuple[str, str, int]]:
    counts = Counter(kind for _, _, kind in graph.edges(data="kind"))
    labels = {attrs.get("kind"): attrs.get("kind_label", attrs.get("kind")) for _, _, attrs in graph.edges(data=True)}
    order = {k: i for i, k in enumerate(EDGE_KINDS)}
    return [(k, labels[k], counts[k]) for k in sorted(counts, key=lambda k: (order.get(k, 99), str(k)))]


def parallel_ranks(graph: nx.MultiDiGraph) -> list[int]:
    """Return, for each edge in ``graph.edges()`` order, how many earlier edges join the same two nodes."""
    seen: Counter = Counter()
    ranks = []
    for u, v in graph.edges():
        pair = (u, v) if str(u) <= str(v) else (v, u)
        ranks.append(seen[pair])
        seen[pair] += 1
    return ranks


def _text(lang: str) -> dict[str, str]:
    return UI_TEXT.get(lang, UI_TEXT["en"])


def node_tooltip(attrs: dict, words: dict[str, str]) -> str:
    """Return the plain-text tooltip of a node: label, kind, city, region."""
    lines = [attrs.get("label", attrs.get("iri", "")), f"{words['kind']}: {attrs.get('kind_label', attrs.get('kind', ''))}"]
    if attrs.get("city"):
        lines.append(f"{words['city']}: {attrs['city']}")
    if attrs.get("region"):
        lines.append(f"{words['region']}: {attrs['region']}")
    return "\n".join(lines)


def edge_tooltip(attrs: dict, words: dict[str, str]) -> str:
    """Return the plain-text tooltip of an edge: kind, partnership, date and source."""
    lines = [str(attrs.get("kind_label", attrs.get("kind", "")))]
    if attrs.get("partnership_label"):
        kind = f" ({attrs['partnership_kind']})" if attrs.get("partnership_kind") else ""
        lines.append(f"{attrs['partnership_label']}{kind}")
    dates = [str(attrs[k]) for k in ("start", "end", "date") if attrs.get(k)]
    if dates:
        lines.append(f"{words['date']}: {' – '.join(dates)}")
    if attrs.get("kind") not in EDGE_KINDS:
        skip = {"kind", "kind_label", "source", "source_url"}
        lines += [f"{k}: {v}" for k, v in attrs.items() if k not in skip]
    if attrs.get("source"):
        lines.append(f"{words['source']}: {attrs['source']}")
    return "\n".join(lines)


# ------------------------------------------------------------------ HTML


def _script_json(value: object) -> str:
    """Return JSON that is safe inside a <script> element (no '<', '>', '&', U+2028/9 left)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                         ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


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


def html_data(graph: nx.MultiDiGraph, positions: dict[str, tuple[float, float]], lang: str = "en") -> dict:
    """Return the page's data: nodes and edges as columns, and the legend."""
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
    }


def render_html(graph: nx.MultiDiGraph, positions: dict[str, tuple[float, float]], *, title: str = "bbkg network",
                lang: str = "en") -> str:
    """Return a self-contained HTML page drawing ``graph`` at ``positions`` (no network requests)."""
    from importlib.resources import files

    from jinja2 import Environment
    from markupsafe import Markup

    vis_js, vis_css = _vis_assets()
    template_text = files("bbkg").joinpath("templates/network.html").read_text(encoding="utf-8")
    app_js = files("bbkg").joinpath("templates/network.js").read_text(encoding="utf-8")
    env = Environment(autoescape=True, keep_trailing_newline=True)
    scripts = [vis_js, app_js]
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'" for s in scripts
    )
    return env.from_string(template_text).render(
        title=title,
        lang=lang,
        vis_css=Markup(vis_css),
        vis_js=Markup(vis_js),
        app_js=Markup(app_js),
        script_hashes=Markup(hashes),
        data_json=Markup(_script_json(html_data(graph, positions, lang))),
        options_json=Markup(_script_json(vis_options(graph))),
        words=_text(lang),
    )


# ------------------------------------------------------------------ PNG and SVG


def render_image(graph: nx.MultiDiGraph, positions: dict[str, tuple[float, float]], fmt: str = "png", *,
                 title: str = "bbkg network", lang: str = "en") -> bytes:
    """Return a PNG or SVG drawing (matplotlib) of ``graph`` at ``positions``, with a legend."""
    import matplotlib
    from matplotlib.figure import Figure

    words = _text(lang)
    n = graph.number_of_nodes()
    side = min(8 + math.sqrt(n) / 4, 24)
    # a Figure without pyplot: no global backend or figure state is touched
    with matplotlib.rc_context({"svg.hashsalt": "bbkg", "svg.fonttype": "none", "font.family": "DejaVu Sans"}):
        fig = Figure(figsize=(side * 1.35, side))
        ax = fig.add_subplot()
        _draw(ax, graph, positions, words)
        ax.set_title(title, fontsize=14).set_parse_math(False)
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buffer, format=fmt, dpi=120, metadata=metadata, bbox_inches="tight", pad_inches=0.3)
    return buffer.getvalue()


def _draw(ax, graph: nx.MultiDiGraph, positions: dict[str, tuple[float, float]], words: dict[str, str]) -> None:
    """Draw edges, nodes, the most connected nodes' labels and the legend on ``ax``."""
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

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
    most = max(partners.values(), default=1) or 1
    shapes = region_shapes(graph)
    groups: dict[tuple[str, str], list[str]] = {}
    for node, attrs in graph.nodes(data=True):
        groups.setdefault((attrs.get("kind", ""), attrs.get("region_iri", "")), []).append(node)
    base = 40 if n < 200 else 12 if n < 2000 else 4
    for (kind, region), members in sorted(groups.items()):
        ax.scatter(
            [positions[m][0] for m in members], [y_of[m] for m in members],
            s=[base + base * 6 * math.sqrt(partners[m] / most) for m in members],
            c=kind_colour(kind), marker=SHAPES.get(shapes[region], "D"), edgecolors="white",
            linewidths=0.5 if n < 2000 else 0.1, zorder=2,
        )
    labelled = sorted(graph, key=lambda m: (-partners[m], graph.nodes[m].get("label", m)))
    for node in labelled[: n if n <= 80 else 30]:
        ax.annotate(
            graph.nodes[node].get("label", node), (positions[node][0], y_of[node]), xytext=(0, 7),
            textcoords="offset points", ha="center", fontsize=8 if n <= 80 else 7, zorder=3, annotation_clip=False,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.7},
        ).set_parse_math(False)
    handles = [Line2D([], [], linestyle="", marker="o", markersize=9, markerfacecolor=kind_colour(k),
                      markeredgecolor="white", label=f"{label} ({count})") for k, label, count in _kinds_in(graph)]
    handles += [Line2D([], [], linestyle="", label=" ")]
    handles += [
        Line2D([], [], linestyle="", marker=SHAPES.get(shapes[iri], "D"), markersize=8, markerfacecolor="#999999",
               markeredgecolor="white", label=label if iri else words["no_region"])
        for iri, label in _regions(graph)
    ]
    handles += [Line2D([], [], linestyle="", label=" ")]
    handles += [Line2D([], [], color=edge_colour(k), linewidth=2, label=f"{label[:1].upper() + label[1:]} ({count})")
                for k, label, count in _edge_kinds_in(graph)]
    legend = ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9,
                       title=words["size"], title_fontsize=8)
    legend._legend_box.align = "left"
    for text in legend.get_texts():
        text.set_parse_math(False)
    ax.set_aspect("equal")
    ax.autoscale_view()
    ax.margins(x=0.12, y=0.06)
    ax.axis("off")


# ------------------------------------------------------------------ GEXF and GraphML


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


# ------------------------------------------------------------------ all outputs


def render(graph: nx.MultiDiGraph, path: Path | str, positions: dict[str, tuple[float, float]] | None = None, *,
           title: str = "bbkg network", lang: str = "en") -> bytes:
    """Return the bytes of the output ``path``'s extension asks for."""
    kind = output_type(path)
    positions = positions if positions is not None else layout_positions(graph)
    if kind == ".html":
        return render_html(graph, positions, title=title, lang=lang).encode("utf-8")
    if kind in (".png", ".svg"):
        return render_image(graph, positions, kind[1:], title=title, lang=lang)
    if kind == ".gexf":
        return render_gexf(graph, positions)
    return render_graphml(graph, positions)


def write_diagrams(graph: nx.MultiDiGraph, paths: Sequence[Path | str], *, title: str = "bbkg network",
                   lang: str = "en", seed: int = 7) -> dict[Path, bytes]:
    """Lay ``graph`` out once and write every output in ``paths`` atomically (all or none); return them."""
    from .export import write_all_atomic

    for path in paths:
        output_type(path)
    if graph.number_of_nodes() == 0:
        raise UsageError("the selection is empty: no organisation matches; widen the filters or add --isolated")
    positions = layout_positions(graph, seed)
    files = {Path(p): render(graph, p, positions, title=title, lang=lang) for p in paths}
    write_all_atomic(files)
    return files
