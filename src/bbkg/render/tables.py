"""Render rows of plain values as a text table, CSV, TSV, JSON or Markdown."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import shutil
import sys
from collections.abc import Sequence


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def render(columns: Sequence[str], rows: Sequence[Sequence[object]], fmt: str = "table",
           width: int | None = None) -> str:
    """Return rows as text in ``fmt``: table (fitted to ``width``, by default the terminal's), csv, tsv,
    json (list of objects) or md (cells escaped so that HTML in a label stays text)."""
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_cell(v) for v in row] for row in rows])
        return buf.getvalue()
    if fmt == "json":
        return json.dumps([dict(zip(columns, row)) for row in rows], ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return "\n".join(markdown_lines(columns, rows)) + "\n"
    return _terminal_table(columns, _texts(rows), terminal_width() if width is None else width)


def _texts(rows: Sequence[Sequence[object]]) -> list[list[str]]:
    return [[_cell(v).replace("\n", " ") for v in row] for row in rows]


def markdown_lines(columns: Sequence[str] | None, rows: Sequence[Sequence[object]]) -> list[str]:
    """Return the lines of a Markdown table: the header (unless ``columns`` is None, for a later part
    of a streamed table), then one line per row."""
    lines = [] if columns is None else [
        "| " + " | ".join(map(_markdown_cell, columns)) + " |", "|" + "|".join("---" for _ in columns) + "|"]
    return lines + ["| " + " | ".join(_markdown_cell(c) for c in row) + " |" for row in _texts(rows)]


def _markdown_cell(text: str) -> str:
    """Escape a cell for a Markdown table: a label's HTML must stay text when the report is published."""
    return html.escape(text, quote=False).replace("|", "\\|")


def terminal_width() -> int | None:
    """Return the width to fit: the terminal's, or ``COLUMNS``; None (no limit) when output is not a terminal."""
    if os.environ.get("COLUMNS", "").isdigit():
        return int(os.environ["COLUMNS"])
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None


def stream_table(columns: Sequence[str], rows: Sequence[Sequence[object]], width: int | None) -> tuple[str, list[int]]:
    """Return the first part of a streamed table (sized on these rows, like :func:`render`) and the
    widths of its columns, for :func:`table_rows`."""
    text = _terminal_table(columns, _texts(rows), terminal_width() if width is None else width)
    return text, [len(dashes) for dashes in text.split("\n")[1].split()]


def table_rows(rows: Sequence[Sequence[object]], widths: list[int]) -> str:
    """Return more rows of a streamed table in the column widths of its first part (wider cells wrap):
    padded directly (:mod:`bbkg.render.tablerows`), by tabulate when a cell is not printable."""
    from bbkg.render.tablerows import fixed_rows

    if not rows:
        return ""
    texts = _texts(rows)
    fixed = fixed_rows(texts, widths)
    return fixed if fixed is not None else tabulate_rows(texts, widths)


def tabulate_rows(texts: list[list[str]], widths: list[int]) -> str:
    """Return rows of text as :func:`table_rows` does, all by tabulate (the reference of the direct path)."""
    from tabulate import tabulate

    text = tabulate(texts, headers=[" " * (w - 2) for w in widths], tablefmt="simple", numalign="right",
                    stralign="left", maxcolwidths=list(widths), disable_numparse=False)
    return text.split("\n", 2)[2] + "\n"


def _terminal_table(columns: Sequence[str], text: list[list[str]], width: int | None) -> str:
    """Return a plain table (tabulate): numbers right-aligned, long cells wrapped to fit ``width``."""
    from tabulate import tabulate

    widths = [len(c) for c in columns]
    for row in text:
        widths = [max(w, len(c)) for w, c in zip(widths, row)]
    limits: list[int | None] = [None] * len(columns)
    if width and sum(widths) + 2 * (len(widths) - 1) > width:
        limits = list(widths)
        while sum(limits) + 2 * (len(limits) - 1) > width and max(limits) > 10:
            widest = limits.index(max(limits))
            limits[widest] -= 1
    return tabulate(text, headers=list(columns), tablefmt="simple", numalign="right", stralign="left",
                    maxcolwidths=limits, disable_numparse=False) + "\n"
