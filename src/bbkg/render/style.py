"""How the network looks, whatever the format: colours by kind, shapes by region, sizes by partners, the
layout (igraph, seeded), tooltips and the words of the page in each language.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from typing import TYPE_CHECKING

from bbkg.network.graph import EDGE_KINDS, NO_REGION
from bbkg.vocab import ORG_KINDS

if TYPE_CHECKING:
    import networkx as nx


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
           "none_found": "not found", "neighbours": "neighbours", "size": "Size: number of partners",
           "year": "Year", "all_dates": "all dates", "play": "Play", "pause": "Pause", "as_of": "as of"},
    "nl": {"kind": "Soort", "city": "Gemeente", "region": "Gewest", "source": "Bron", "date": "Datum",
           "find": "Zoeken", "clear": "Wissen", "placeholder": "Zoek een organisatie", "kinds": "Organisaties",
           "regions": "Gewesten (vorm)", "links": "Verbindingen", "no_region": "buiten de gewesten / onbekend",
           "none_found": "niet gevonden", "neighbours": "buren", "size": "Grootte: aantal partners",
           "year": "Jaar", "all_dates": "alle datums", "play": "Afspelen", "pause": "Pauzeren", "as_of": "op"},
    "fr": {"kind": "Type", "city": "Commune", "region": "Région", "source": "Source", "date": "Date",
           "find": "Chercher", "clear": "Effacer", "placeholder": "Chercher une organisation",
           "kinds": "Organisations", "regions": "Régions (forme)", "links": "Liens",
           "no_region": "hors des régions / inconnue", "none_found": "introuvable", "neighbours": "voisins",
           "size": "Taille : nombre de partenaires",
           "year": "Année", "all_dates": "toutes les dates", "play": "Lecture", "pause": "Pause", "as_of": "en"},
    "de": {"kind": "Art", "city": "Gemeinde", "region": "Region", "source": "Quelle", "date": "Datum",
           "find": "Suchen", "clear": "Zurücksetzen", "placeholder": "Organisation suchen",
           "kinds": "Organisationen", "regions": "Regionen (Form)", "links": "Verbindungen",
           "no_region": "außerhalb der Regionen / unbekannt", "none_found": "nicht gefunden",
           "neighbours": "Nachbarn", "size": "Größe: Zahl der Partner",
           "year": "Jahr", "all_dates": "alle Daten", "play": "Abspielen", "pause": "Pause", "as_of": "Stand"},
}


def layout_positions(graph: nx.MultiDiGraph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Return node -> (x, y) in screen units: igraph's Fruchterman-Reingold (C), deterministic for a seed.

    Large graphs use the grid variant (linear time per iteration). The result is centred and scaled so
    that the drawing covers about 150 x 150 units per node.
    """
    from bbkg.network.igraphs import igraph

    ig = igraph()
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
        niter = 500 if n <= 2000 else 300 if n <= 50000 else 100  # 100,000 nodes: 2 s instead of 8 s
        layout = ig.Graph(n=n, edges=pairs).layout_fruchterman_reingold(grid=n > 500, niter=niter)
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
