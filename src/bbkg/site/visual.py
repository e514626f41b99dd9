"""The pictures of an entity page, as SVG the templates write (labels are SVG text, escaped): the ego network
of an organisation (its neighbours around it, colours as in the diagrams) and its place on a small map of
Belgium (one shared SVG of the outline, regions and provinces, and a dot).
"""

from __future__ import annotations

import math

from bbkg.namespaces import BBKG
from bbkg.network.graph import EDGE_KINDS
from bbkg.render.assets import geodata
from bbkg.render.style import edge_colour, kind_colour
from bbkg.site.facts import Linker
from bbkg.vocab import ORG_KINDS

#: relations drawn in the ego network: property -> edge kind (colour); the others are "other"
EGO_RELATIONS = {BBKG[prop]: kind for kind, prop in EDGE_KINDS.items()}
EGO_RELATIONS.update({BBKG.subsidiaryOf: "other", BBKG.partOf: "other", BBKG.foundedBy: "other",
                      BBKG.mergedInto: "other"})
EGO_MAX = 30
WIDTH, HEIGHT = 640, 440
#: the small map: longitude/latitude frame and its size in SVG units
FRAME = (2.5, 49.45, 6.45, 51.55)
MAP_WIDTH = 400
ASPECT = 1 / math.cos(math.radians(50.5))
MAP_HEIGHT = round(MAP_WIDTH * (FRAME[3] - FRAME[1]) * ASPECT / (FRAME[2] - FRAME[0]))


def kind_of(link: Linker, iri: str) -> str:
    """Return the organisation kind (local name) of ``iri``."""
    types = link.graph.types.get(iri, set())
    return next((k for k in ORG_KINDS if BBKG[k] in types), "")


def ego_network(link: Linker, org: str) -> dict | None:
    """Return the ego network of ``org`` placed for drawing: centre, neighbours on a circle, edges; None if alone."""
    graph = link.graph
    kinds: dict[str, set[str]] = {}
    for predicate, obj in graph.out.get(org, ()):
        if predicate in EGO_RELATIONS and obj.value != org:
            kinds.setdefault(obj.value, set()).add(EGO_RELATIONS[predicate])
    for subject, predicate in graph.into.get(org, ()):
        if predicate in EGO_RELATIONS and subject != org and BBKG.Organisation in graph.types.get(subject, ()):
            kinds.setdefault(subject, set()).add(EGO_RELATIONS[predicate])
    if not kinds:
        return None
    ranked = sorted(kinds, key=lambda n: (-len(graph.values(n, BBKG.partnerOf)), (graph.label(n, link.lang) or n)))
    shown = sorted(ranked[:EGO_MAX], key=lambda n: (graph.label(n, link.lang) or n).casefold())
    cx, cy, radius = WIDTH / 2, HEIGHT / 2, min(WIDTH, HEIGHT) / 2 - 60
    nodes = []
    for i, node in enumerate(shown):
        angle = 2 * math.pi * i / len(shown) - math.pi / 2
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        value = link.iri(node)
        nodes.append({"x": round(x, 1), "y": round(y, 1), "label": value.text, "href": value.href,
                      "color": kind_colour(kind_of(link, node)), "anchor": "start" if math.cos(angle) > 0.2 else
                      "end" if math.cos(angle) < -0.2 else "middle",
                      "dx": 8 if math.cos(angle) > 0.2 else -8 if math.cos(angle) < -0.2 else 0,
                      "dy": 14 if math.sin(angle) > 0.5 else -8 if math.sin(angle) < -0.5 else 4,
                      "edges": [edge_colour(k) for k in sorted(kinds[node])]})
    centre = link.iri(org)
    return {"width": WIDTH, "height": HEIGHT, "cx": cx, "cy": cy, "label": centre.text,
            "color": kind_colour(kind_of(link, org)), "nodes": nodes, "more": len(ranked) - len(shown),
            "legend": [(kind, edge_colour(kind)) for kind in [*EDGE_KINDS, "other"]]}


def project(lat: float, lon: float) -> tuple[float, float]:
    """Return the position of a point on the small map, in SVG units."""
    x = (lon - FRAME[0]) / (FRAME[2] - FRAME[0]) * MAP_WIDTH
    y = (FRAME[3] - lat) / (FRAME[3] - FRAME[1]) * MAP_HEIGHT
    return round(x, 1), round(y, 1)


def _path(geometry: dict) -> str:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    parts = []
    for polygon in polygons:
        for ring in polygon:
            points = [project(lat, lon) for lon, lat in ring]
            parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in points) + "Z")
    return "".join(parts)


def belgium_svg() -> str:
    """Return the shared SVG of the small map: neighbours, Belgium, provinces and regions."""
    geo = geodata()
    shapes = [f'<path d="{_path(g)}" fill="{"#ffffff" if name == "Belgium" else "#e9edf0"}" stroke="#9aa5ad" '
              f'stroke-width="0.8"/>' for name, g in sorted(geo["countries"].items(), key=lambda kv: kv[0] == "Belgium")]
    shapes += [f'<path d="{_path(g)}" fill="none" stroke="#c3cad0" stroke-width="0.6"/>' for g in geo["provinces"].values()]
    shapes += [f'<path d="{_path(g)}" fill="none" stroke="#5f6b73" stroke-width="1.2"/>' for g in geo["regions"].values()]
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {MAP_WIDTH} {MAP_HEIGHT}" width="{MAP_WIDTH}" '
            f'height="{MAP_HEIGHT}"><rect width="100%" height="100%" fill="#eef3f7"/>{"".join(shapes)}</svg>\n')
