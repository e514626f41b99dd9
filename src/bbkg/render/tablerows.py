"""The rows of a long text table after its first screenful, padded straight into the column widths.

:func:`bbkg.render.tables.table_rows` used to hand every later batch of rows to tabulate with the
first screenful's widths as ``maxcolwidths``; tabulate then parses every cell as a number, wraps
every cell and measures every line, which for 84,118 rows took longer than the query. Here a batch
is written as tabulate writes it (``tablefmt="simple"``, ``numalign="right"``, ``stralign="left"``,
those ``maxcolwidths``), byte for byte, but only the work a cell needs is done:

- a column with a plain text cell is a text column (left-aligned, cells as they are); in it a cell
  that fits its width and has no space at its ends is only padded; a wider one is wrapped by
  tabulate's own wrapper (``_wrap_text_to_colwidths``), a number is never wrapped, as in tabulate;
- a column without any text cell (numbers and empty cells) gets its type and its number formats by
  tabulate's own rules (``_type``, ``_format``) and is right-aligned when it holds numbers;
- a column is as wide as its widest line, at least its first-screenful width; a row whose cells
  wrapped takes several lines, the shorter cells filled with blanks, each line stripped on the right.

Two cases where tabulate's wrapping misreads a cell are written as they are instead: a cell
``False`` (tabulate's wrapper turns it into ``True``) and a number with thousands separators such
as ``1,000`` (it raises ValueError). A batch with a cell that is not printable (a tab, a carriage
return, an ANSI colour code, a non-breaking or zero-width space, a line separator) is left to
tabulate whole: :func:`fixed_rows` returns None for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import reduce
from string import ascii_letters

import tabulate as tb

#: first characters of a cell that tabulate cannot read as a number or a boolean (inf, nan, True, False)
_TEXT_START = frozenset(ascii_letters) - set("iInNTF")


def fixed_rows(texts: Sequence[Sequence[str]], widths: Sequence[int]) -> str | None:
    """Return the lines of these rows of text (``\\n`` after each) in columns of at least ``widths``,
    as tabulate writes them; None when a cell is not printable (then let tabulate write them)."""
    if not texts or any(len(row) != len(widths) for row in texts):
        return None
    columns = []
    for cells, width in zip(zip(*texts), widths):
        column = _column(cells, width)
        if column is None:
            return None
        columns.append(column)
    return _lines(columns, len(texts))


def _width_of():
    """The width function tabulate measures cells with: the terminal columns (wcwidth) if installed."""
    wcwidth = getattr(tb, "wcwidth", None)
    if wcwidth is not None and getattr(tb, "WIDE_CHARS_MODE", True):
        return lambda text: len(text) if text.isascii() else wcwidth.wcswidth(text)
    return len


def _is_text(cell: str) -> bool:
    """Whether tabulate types this cell as text (str): neither empty nor a number nor a boolean."""
    if cell[:1] in _TEXT_START:
        return True
    return cell.strip() != "" and tb._type(cell, False, True) is str


def _column(cells: Sequence[str], width: int):
    """Return (lines of each cell, their widths, right-aligned?, column width), or None for a cell
    that is not printable."""
    if not all(cell.isprintable() for cell in cells):
        return None
    measure = _width_of()
    if any(_is_text(cell) for cell in cells):
        laid = [_text_cell(cell, width, measure) for cell in cells]
        right = False
    else:
        laid, right = _number_cells(cells, measure)
    widest = max([width] + [w for _, line_widths in laid for w in line_widths])
    if any(w < 0 for _, line_widths in laid for w in line_widths):
        return None
    return laid, right, widest


def _text_cell(cell: str, width: int, measure) -> tuple[list[str], list[int]]:
    """A cell of a text column: as it is when it fits, else wrapped by tabulate (numbers never are)."""
    size = measure(cell)
    if size <= width and cell == cell.strip():
        return ([cell] if cell else []), [size]
    if not _is_text(cell):  # a number, a boolean or blank: tabulate does not wrap it (blank: empty)
        text = cell.strip()
    else:
        text = tb._wrap_text_to_colwidths([[cell]], [width], numparses=[True])[0][0].strip()
    lines = text.split("\n") if text else []
    return lines, [measure(line) for line in lines] or [0]


def _number_cells(cells: Sequence[str], measure) -> tuple[list[tuple[list[str], list[int]]], bool]:
    """The cells of a column without text: typed and formatted by tabulate's rules (floats as %g)."""
    values = [cell if cell.strip() else "" for cell in cells]  # a blank cell wraps to nothing
    kind = reduce(tb._more_generic, [tb._type(value, False, True) for value in values], bool)
    laid = []
    for value in values:
        text = tb._format(value, kind, tb._DEFAULT_FLOATFMT, tb._DEFAULT_INTFMT, "", False).strip()
        laid.append(([text] if text else [], [measure(text)]))
    return laid, kind in (int, float)


def _lines(columns: list, count: int) -> str:
    """Join the laid-out columns into rows: two spaces between columns, trailing spaces stripped."""
    multiline = any(len(lines) > 1 for laid, _, _ in columns for lines, _ in laid)
    out = []
    for index in range(count):
        cells = [(laid[index], right, widest) for laid, right, widest in columns]
        # tabulate writes a row in as many lines as its tallest cell; once a cell of the batch has
        # wrapped, a row of empty cells has none, else it is one (blank) line
        height = max(len(lines) for (lines, _), _, _ in cells) if multiline else 1
        for line in range(height):
            parts = []
            for (lines, line_widths), right, widest in cells:
                if line >= len(lines):
                    parts.append(" " * widest)
                    continue
                pad = " " * (widest - line_widths[line])
                parts.append(pad + lines[line] if right else lines[line] + pad)
            out.append("  ".join(parts).rstrip())
    return "\n".join(out) + "\n"
