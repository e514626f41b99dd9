"""Labels that never overlap on static images: each label, most important first, is tried at a few places
around its point and kept at the first where it overlaps no label and no marked point; a label that finds
no place is replaced by a number keyed beside the image (or dropped past a limit).
"""

from __future__ import annotations

from collections.abc import Sequence

#: where to try a label, as (dx, dy) in points from its anchor, and its alignment there
SPOTS = ((0, 1, "center", "bottom"), (0, -1, "center", "top"), (1, 0, "left", "center"), (-1, 0, "right", "center"),
         (1, 1, "left", "bottom"), (-1, 1, "right", "bottom"), (1, -1, "left", "top"), (-1, -1, "right", "top"))


def _renderer(fig):
    """Return a renderer to measure text with (the Agg canvas, whatever the output format)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    return fig.canvas.get_renderer()


def _overlaps(box, boxes) -> bool:
    return any(box.overlaps(other) for other in boxes)


def _inside(box, frame) -> bool:
    return box.x0 >= frame.x0 and box.x1 <= frame.x1 and box.y0 >= frame.y0 and box.y1 <= frame.y1


def place_labels(ax, items: Sequence[tuple[str, float, float, float]], *, fontsize: float = 7, limit: int = 30,
                 keyed: int = 0, obstacles: Sequence[tuple[float, float, float]] = ()) -> list[tuple[int, str]]:
    """Put the labels of ``items`` (text, x, y, marker radius in points), most important first, on ``ax``.

    Up to ``limit`` labels are written in full where they fit; up to ``keyed`` further items that do not fit
    get a number at their point instead. ``obstacles`` are further (x, y, radius in points) to keep clear.
    Return the keyed items as (number, text).
    """
    from matplotlib.transforms import Bbox

    fig = ax.figure
    renderer = _renderer(fig)
    frame = ax.get_window_extent(renderer)
    scale = fig.dpi / 72
    points = []
    for x, y, radius in [(i[1], i[2], i[3]) for i in items] + list(obstacles):
        px, py = ax.transData.transform((x, y))
        r = max(radius, 1.5) * scale
        points.append(Bbox.from_extents(px - r, py - r, px + r, py + r))
    labels: list = []
    written, key = 0, []
    for index, (text, x, y, radius) in enumerate(items):
        if written >= limit and len(key) >= keyed:
            break
        clear = [labels, points[:index], points[index + 1:]]  # a label may touch its own point only
        if written < limit and _try(ax, renderer, text, (x, y, radius), fontsize, clear, frame):
            written += 1
        elif len(key) < keyed and _try(ax, renderer, str(len(key) + 1), (x, y, radius), fontsize - 1, clear, frame,
                                       bold=True):
            key.append((len(key) + 1, text))
    return key


def _try(ax, renderer, text: str, at: tuple[float, float, float], fontsize: float, clear: list[list], frame,
         bold: bool = False) -> bool:
    """Write ``text`` at the first spot around ``at`` (x, y, radius) where it overlaps no box in ``clear``
    (lists of boxes; the first holds the labels, and gets the new one); return whether it fit."""
    x, y, radius = at
    gap = radius + 2
    for dx, dy, ha, va in SPOTS:
        label = ax.annotate(text, (x, y), xytext=(dx * gap, dy * gap), textcoords="offset points", ha=ha, va=va,
                            fontsize=fontsize, fontweight="bold" if bold else "normal", zorder=5,
                            annotation_clip=False,
                            bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.8})
        label.set_parse_math(False)
        box = label.get_window_extent(renderer).expanded(1.04, 1.1)
        if _inside(box, frame) and not any(_overlaps(box, boxes) for boxes in clear):
            clear[0].append(box)
            return True
        label.remove()
    return False
