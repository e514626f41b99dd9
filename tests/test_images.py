"""Report images can be read: A4 wide, no two labels overlap (the network's and the map's), names that do not
fit are keyed by number, and the colours are the HTML page's."""

from __future__ import annotations

import itertools

import pytest


def _label_boxes(ax):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = ax.figure.canvas if isinstance(ax.figure.canvas, FigureCanvasAgg) else FigureCanvasAgg(ax.figure)
    renderer = canvas.get_renderer()
    return [(t.get_text(), t.get_window_extent(renderer)) for t in ax.texts]


def _no_overlaps(boxes) -> list[tuple[str, str]]:
    return [(a, b) for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2) if box_a.overlaps(box_b)]


def test_crowded_labels_are_moved_apart_or_keyed():
    from matplotlib.figure import Figure

    from bbkg.render.labels import place_labels

    fig = Figure(figsize=(8.27, 6))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    items = [(f"Organisation with a long name {i}", 5 + (i % 3) * 0.05, 5 + (i // 3) * 0.05, 3) for i in range(30)]
    key = place_labels(ax, items, fontsize=7, limit=30, keyed=10)
    boxes = _label_boxes(ax)
    assert _no_overlaps(boxes) == []
    written = {text for text, _ in boxes}
    assert 2 <= len(written - {str(n) for n, _ in key}) < 30  # some fit around the crowd, the others do not
    assert [n for n, _ in key] == list(range(1, len(key) + 1)) and key
    assert {str(n) for n, _ in key} <= written  # the keyed ones carry their number


@pytest.fixture(scope="module")
def network(shipped_store):
    from bbkg.network.graph import partnership_network

    return partnership_network(shipped_store)


def test_network_image_labels_do_not_overlap_and_colours_match_the_page(network):
    from matplotlib.figure import Figure

    from bbkg.render.html import html_data
    from bbkg.render.images import A4_WIDTH, _draw
    from bbkg.render.style import _text, kind_colour, layout_positions

    positions = layout_positions(network)
    fig = Figure(figsize=(A4_WIDTH, A4_WIDTH * 0.8))
    ax = fig.add_axes((0.01, 0.01, 0.70, 0.92))
    _draw(ax, network, positions, _text("en"))
    boxes = _label_boxes(ax)
    assert len(boxes) >= 20 and _no_overlaps(boxes) == []
    assert all(t.get_fontsize() >= 6 for t in ax.texts)  # 6 pt and more at the printed width
    legend = fig.legends[0]
    keyed = [t.get_text() for t in legend.get_texts() if t.get_text()[:1].isdigit()]
    assert keyed  # the names that did not fit are keyed beside the network
    page_colours = {k["label"]: k["color"] for k in html_data(network, positions)["kinds"]}
    assert page_colours["Company"] == kind_colour("Company")
    import matplotlib.colors as mcolors

    drawn = {tuple(round(c, 3) for c in coll.get_facecolors()[0][:3]) for coll in ax.collections
             if len(coll.get_facecolors())}
    assert tuple(round(c, 3) for c in mcolors.to_rgb(kind_colour("Company"))) in drawn


def test_map_image_is_a4_wide_with_labels_apart(shipped_store, tmp_path):
    import io

    from matplotlib.image import imread

    from bbkg.network.geo import map_points
    from bbkg.render.geoimage import render_map_image

    from bbkg.render.geoimage import map_figure

    points, unplaced, _ = map_points(shipped_store)
    fig = map_figure(points, len(unplaced))
    boxes = _label_boxes(fig.axes[0])
    assert len(boxes) >= 8 and _no_overlaps(boxes) == []
    png = render_map_image(points, len(unplaced))
    image = imread(io.BytesIO(png))
    assert image.shape[1] == round(8.27 * 200)  # 210 mm at 200 dpi
    svg = render_map_image(points, len(unplaced), "svg").decode()
    assert "Ghent (41)" in svg or "Gent (41)" in svg
