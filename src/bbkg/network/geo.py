"""Organisations on the map: each organisation at the point of its municipality (``bbkg:locatedIn``), with
its kind and segments, through SPARQL; the points come from ``graph/municipality-coordinates.csv``
(GeoNames, CC BY 4.0, checked against the municipalities table by ``scripts/make_geodata.py``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bbkg.namespaces import ID, sparql_prologue
from bbkg.network.graph import _Labels, _term_labels, organisations
from bbkg.resources import graph_dir

if TYPE_CHECKING:
    from bbkg.store import Store

MUNICIPALITY = str(ID) + "municipality/"

_LOCATED = """
SELECT ?org ?muni WHERE {
  ?org a bbkg:Organisation ; bbkg:locatedIn ?muni .
}"""

_SEGMENTS = """
SELECT ?org ?segment WHERE {
  ?org a bbkg:Organisation ; bbkg:segment ?segment .
}"""

_MUNICIPALITY_LABELS = """
SELECT ?muni ?label WHERE {
  ?org a bbkg:Organisation ; bbkg:locatedIn ?muni .
  ?muni skos:prefLabel ?label .
}"""


@dataclass
class MapPoint:
    """One organisation on the map."""

    iri: str
    label: str
    kind: str
    kind_label: str
    city: str
    city_iri: str
    region: str
    lat: float
    lon: float
    segments: list[str] = field(default_factory=list)


def coordinates_file() -> Path:
    """Return the path of the municipality coordinates table."""
    return graph_dir() / "municipality-coordinates.csv"


def municipality_coordinates(path: Path | None = None) -> dict[str, tuple[float, float]]:
    """Return municipality IRI -> (latitude, longitude)."""
    with (path or coordinates_file()).open(encoding="utf-8", newline="") as handle:
        return {MUNICIPALITY + row["NIS_code"]: (float(row["lat"]), float(row["lon"])) for row in csv.DictReader(handle)}


def map_points(store: Store, lang: str = "en") -> tuple[list[MapPoint], list[str], dict[str, str]]:
    """Return the organisations placed on the map, the IRIs of those whose municipality has no point, and
    the labels of the segments found (IRI -> label in ``lang``)."""
    orgs = organisations(store, lang)
    where = _rows(store, _LOCATED)
    segments: dict[str, list[str]] = {}
    for org, segment in _rows(store, _SEGMENTS):
        segments.setdefault(org, []).append(segment)
    labels = _Labels(lang)
    for muni, label in store.query(sparql_prologue() + _MUNICIPALITY_LABELS).rows:
        labels.add(muni.value, label)
    points_of = municipality_coordinates()
    points, unplaced = [], []
    for org, muni in sorted(where):
        attrs = orgs.get(org)
        if attrs is None:
            continue
        if muni not in points_of:
            unplaced.append(org)
            continue
        lat, lon = points_of[muni]
        points.append(MapPoint(org, attrs["label"], attrs["kind"], attrs["kind_label"], labels.get(muni) or "",
                               muni, attrs.get("region", ""), lat, lon, sorted(segments.get(org, []))))
    found = {s for p in points for s in p.segments}
    segment_labels = _term_labels(store, found, lang)
    return points, unplaced, {s: segment_labels.get(s, s.rsplit("/", 1)[-1]) for s in sorted(found)}


def _rows(store: Store, text: str) -> list[tuple[str, str]]:
    return sorted({(a.value, b.value) for a, b in store.query(sparql_prologue() + text).rows})
