"""The map of Belgium as an offline HTML page: Leaflet and Leaflet.markercluster (vendored) draw the
country, its regions and provinces from the package's GeoJSON, and one marker per organisation at its
municipality, clustered where many sit together, with filters by kind and segment. No tiles, no requests.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from bbkg.network.geo import MapPoint
from bbkg.render.assets import geodata, inline_page, script_json, vendor_text
from bbkg.render.style import kind_colour
from bbkg.vocab import ORG_KINDS

LEAFLET = ("leaflet-1.9.4.js", "leaflet.markercluster-1.5.3.js")
LEAFLET_CSS = ("leaflet-1.9.4.css", "leaflet.markercluster-1.5.3.css")

#: words of the map, in each language
MAP_TEXT: dict[str, dict[str, str]] = {
    "en": {"title": "Belgian biotech organisations on the map", "kinds": "Kinds", "segments": "Segments",
           "no_segment": "no segment", "shown": "organisations shown", "unplaced": "not on the map (no point for "
           "their municipality)", "all": "all", "none": "none", "sources": "Map data"},
    "nl": {"title": "Belgische biotechorganisaties op de kaart", "kinds": "Soorten", "segments": "Segmenten",
           "no_segment": "geen segment", "shown": "organisaties getoond", "unplaced": "niet op de kaart (geen punt "
           "voor hun gemeente)", "all": "alle", "none": "geen", "sources": "Kaartgegevens"},
    "fr": {"title": "Les organisations biotech belges sur la carte", "kinds": "Types", "segments": "Segments",
           "no_segment": "sans segment", "shown": "organisations affichées", "unplaced": "hors de la carte (pas de "
           "point pour leur commune)", "all": "toutes", "none": "aucune", "sources": "Données de la carte"},
    "de": {"title": "Belgische Biotech-Organisationen auf der Karte", "kinds": "Arten", "segments": "Segmente",
           "no_segment": "kein Segment", "shown": "Organisationen angezeigt", "unplaced": "nicht auf der Karte "
           "(kein Punkt für ihre Gemeinde)", "all": "alle", "none": "keine", "sources": "Kartendaten"},
}


def map_words(lang: str) -> dict[str, str]:
    """Return the map's words in ``lang`` (English when the language has none)."""
    return MAP_TEXT.get(lang, MAP_TEXT["en"])


def map_data(points: list[MapPoint], unplaced: int, segment_labels: dict[str, str], lang: str = "en",
             href: Callable[[str], str | None] | None = None) -> dict:
    """Return the page's data: the points as columns, the kinds and segments for the filters, the shapes."""
    order = {k: i for i, k in enumerate(ORG_KINDS)}
    counts = Counter(p.kind for p in points)
    kind_labels = {p.kind: p.kind_label for p in points}
    kinds = sorted(counts, key=lambda k: (order.get(k, 99), k))
    kind_index = {k: i for i, k in enumerate(kinds)}
    segments = sorted(segment_labels, key=lambda s: segment_labels[s].casefold())
    segment_index = {s: i for i, s in enumerate(segments)}
    segment_counts = Counter(s for p in points for s in p.segments)
    geo = geodata()
    return {
        "lang": lang, "words": map_words(lang), "unplaced": unplaced,
        "kinds": [{"label": kind_labels[k][:1].upper() + kind_labels[k][1:], "color": kind_colour(k),
                   "count": counts[k]} for k in kinds],
        "segments": [{"label": segment_labels[s], "count": segment_counts[s]} for s in segments],
        "points": {
            "label": [p.label for p in points], "kind": [kind_index[p.kind] for p in points],
            "lat": [p.lat for p in points], "lon": [p.lon for p in points], "city": [p.city for p in points],
            "segments": [[segment_index[s] for s in p.segments] for p in points],
            "href": [href(p.iri) if href else None for p in points],
        },
        "shapes": {"countries": geo["countries"], "regions": geo["regions"], "provinces": geo["provinces"]},
        "sources": [s["dataset"] + " (" + s["licence"] + ")" for s in geo["sources"]]
        + ["Municipality points: GeoNames cities500 (CC BY 4.0), graph/municipality-coordinates.csv"],
    }


def render_map_html(points: list[MapPoint], unplaced: int, segment_labels: dict[str, str], *, title: str | None = None,
                    lang: str = "en", href: Callable[[str], str | None] | None = None) -> str:
    """Return the self-contained map page."""
    words = map_words(lang)
    return inline_page(
        "map.html", [vendor_text(name) for name in LEAFLET], "map.js", styles=[vendor_text(n) for n in LEAFLET_CSS],
        title=title or words["title"], lang=lang, words=words,
        data_json=script_json(map_data(points, unplaced, segment_labels, lang, href)),
    )
