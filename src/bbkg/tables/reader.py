"""Reading one CSV table: encoding, header and cells checked, every problem located as ``path:line``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from bbkg.errors import Problem
from bbkg.resources import display
from bbkg.tables.model import COLUMNS, Row

#: the longest cell a table may hold (an evidence quote is a sentence or two); longer is an error
MAX_CELL = 20_000
#: what the csv module may read in one field: beyond MAX_CELL, so that a long cell is reported, not fatal
csv.field_size_limit(64 * 2**20)


def _swallows_rows(record: list[str], width: int) -> bool:
    """Whether a record that spans lines holds whole rows of the table in a cell (a quote left open)."""
    for cell in record:
        for inner in cell.splitlines()[1:]:
            if inner.strip() and len(next(csv.reader([inner]), [])) == width:
                return True
    return False


def _short(value: str, width: int = 60) -> str:
    """Return a value cut for a one-line message."""
    flat = " ".join(value.split())
    return repr(flat if len(flat) <= width else flat[: width - 1] + "…")


def _decode(path: Path, data: bytes, problems: list[Problem]) -> str | None:
    shown = display(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(
                f"invalid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
                shown,
                line,
            )
        )
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        problems.append(Problem("the file is empty; it needs a header row and data rows", shown, 1))
        return None
    return text


def _header_ok(name: str, header: list[str], shown: str, problems: list[Problem]) -> bool:
    """Check the header row: known columns, every required one, none twice."""
    required, optional = COLUMNS[name]
    known = set(required) | set(optional)
    ok = True
    for col in header:
        if col not in known:
            problems.append(Problem(f"unknown column {col!r}; the columns of {name}.csv are: "
                                    + ", ".join(required + optional), shown, 1))
            ok = False
    for col in required:
        if col not in header:
            problems.append(Problem(f"missing column {col!r}; add it to the header row", shown, 1))
            ok = False
    if len(set(header)) != len(header):
        problems.append(Problem("a column name is repeated in the header row", shown, 1))
        ok = False
    return ok


def _check_cells(row: Row, problems: list[Problem]) -> None:
    """Check that the required cells of a row are filled and that no cell has stray spaces."""
    for col in COLUMNS[row.table][0]:
        if not row.cells[col].strip():
            problems.append(Problem(f"empty {col!r}; every row needs one", row.path, row.line))
    for col, value in row.cells.items():
        if len(value) > MAX_CELL:
            problems.append(Problem(f"{col!r} holds {len(value):,} characters (at most {MAX_CELL:,}): "
                                    f"{_short(value)}; shorten it to the words that support the row", row.path, row.line))
        elif value != value.strip() and value.strip():
            problems.append(Problem(f"{col!r} has leading or trailing spaces: {_short(value)}; remove them",
                                    row.path, row.line))


def read_table(name: str, path: Path, problems: list[Problem]) -> list[Row]:
    """Read one CSV table, appending problems (bad encoding, columns, cells) to ``problems``."""
    shown = display(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        problems.append(Problem(f"missing table {name}.csv; create it with a header row", shown))
        return []
    text = _decode(path, data, problems)
    if text is None:
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except csv.Error as exc:
        problems.append(Problem(f"unreadable CSV header: {exc}", shown, 1))
        return []
    header = [h.strip() for h in header]
    if not _header_ok(name, header, shown, problems):
        return []
    rows: list[Row] = []
    line = reader.line_num + 1
    try:
        for record in reader:
            start = line
            line = reader.line_num + 1
            if not record or all(not c.strip() for c in record):
                continue
            if line - start > 1 and _swallows_rows(record, len(header)):
                problems.append(Problem(
                    f"a quoted cell runs from here to line {line - 1} and holds whole rows: a quote (\") is "
                    "probably not closed; close it", shown, start))
                continue
            if len(record) != len(header):
                problems.append(
                    Problem(
                        f"{len(record)} cells where the header has {len(header)}; "
                        "quote cells that contain a comma",
                        shown,
                        start,
                    )
                )
                continue
            row = Row(name, shown, start, dict(zip(header, record)))
            _check_cells(row, problems)
            rows.append(row)
    except csv.Error as exc:
        problems.append(Problem(f"unreadable CSV: {exc}", shown, reader.line_num))
    return rows
