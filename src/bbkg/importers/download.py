"""A download as the user has it: a zip file or a folder of CSV files, read table by table as a stream of
rows, each with the line it starts on; bad rows collected, not fatal until the end.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from bbkg.errors import InputError, Problem
from bbkg.resources import display

#: report progress every 65,536 rows
PROGRESS_MASK = (1 << 16) - 1
#: progress callback: (table, bytes read so far in it, its size)
Progress = Callable[[str, int, int], None]
#: how many bad rows an import lists; the others are counted
SHOWN_BAD_ROWS = 20
#: a cell longer than this is a bad row (CORDIS objectives are a few thousand characters)
MAX_CELL = 1_000_000
csv.field_size_limit(MAX_CELL * 4)


class Download:
    """A zip file or a folder holding the CSV tables of one download; tables found by file name."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.shown = display(self.path)
        self.zip: zipfile.ZipFile | None = None
        self.members: dict[str, str] = {}
        if self.path.is_dir():
            for file in sorted(self.path.rglob("*.csv")):
                self.members.setdefault(file.name.lower(), str(file.relative_to(self.path)))
        elif self.path.is_file():
            try:
                self.zip = zipfile.ZipFile(self.path)
                names = self.zip.namelist()
            except (zipfile.BadZipFile, OSError) as exc:
                raise InputError(f"not a readable zip file ({exc}); download it again", path=self.shown) from None
            for name in names:
                if name.lower().endswith(".csv"):
                    self.members.setdefault(name.rsplit("/", 1)[-1].lower(), name)
        else:
            raise InputError("no such file or folder; check the path", path=self.shown)

    def has(self, table: str) -> bool:
        """Whether the download holds ``table`` (a file name such as ``enterprise.csv``)."""
        return table.lower() in self.members

    def where(self, table: str) -> str:
        """How messages name a table of this download: ``download.zip/enterprise.csv``."""
        return f"{self.shown}/{self.members.get(table.lower(), table)}"

    def size(self, table: str) -> int:
        """The table's size in bytes, uncompressed (for progress)."""
        member = self.members[table.lower()]
        if self.zip is not None:
            return self.zip.getinfo(member).file_size
        return (self.path / member).stat().st_size

    def open(self, table: str, what: str) -> TextIO:
        """Open a table as UTF-8 text; a missing table is an error that says what the download should be."""
        if not self.has(table):
            raise InputError(f"no {table} in this download; is it {what}?", path=self.shown)
        member = self.members[table.lower()]
        try:
            raw = self.zip.open(member) if self.zip is not None else open(self.path / member, "rb")
        except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
            raise InputError(f"cannot read {member}: {exc}; download it again", path=self.shown) from None
        return io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")

    def close(self) -> None:
        """Close the zip file, if any."""
        if self.zip is not None:
            self.zip.close()


@dataclass
class BadRows:
    """Bad rows met during an import: counted, the first ones kept to be shown."""

    count: int = 0
    shown: list[Problem] = field(default_factory=list)

    def add(self, path: str, line: int, message: str) -> None:
        """Record one bad row."""
        self.count += 1
        if len(self.shown) < SHOWN_BAD_ROWS:
            self.shown.append(Problem(message, path, line))

    def report(self) -> list[str]:
        """The report's lines: the first bad rows, then how many there were."""
        lines = [str(p) for p in self.shown]
        if self.count > len(self.shown):
            lines.append(f"... {self.count} bad rows in all ({len(self.shown)} shown)")
        return lines

    def check(self, skip: bool) -> None:
        """Raise :class:`InputError` listing the bad rows, unless ``skip`` (then they stay out of the graph)."""
        if self.count and not skip:
            first, *rest = self.shown
            more = [*rest]
            if self.count > len(self.shown):
                more.append(Problem(f"{self.count} bad rows in all, {len(self.shown)} shown"))
            tail = Problem("nothing was written: fix the rows, or pass --skip-bad-rows to import without them")
            raise InputError(problems=[first, *more, tail])


def read_rows(download: Download, table: str, header: tuple[str, ...] | None, *, what: str,
              delimiter: str = ",", required: tuple[str, ...] = (),
              bad: BadRows | None = None, progress: Progress | None = None,
              keep: Callable[[list[str]], bool] | None = None) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line, row)`` for each data row of ``table``; the header must be exactly ``header`` (in order),
    or hold every column of ``required``. A row with the wrong number of cells goes to ``bad``. ``keep``
    looks at a row's raw cells first: rows it refuses are skipped before they cost a dict (most rows of a
    register are of entities an import leaves out)."""
    where = download.where(table)
    handle = download.open(table, what)
    reader = csv.reader(handle, delimiter=delimiter, quotechar='"', strict=False)
    line = 1
    try:
        names = next(reader, None)
        if names is None:
            raise InputError(f"the table is empty; it needs its header row; is this {what}?", path=where, line=1)
        _check_header(names, header, required, where, what)
        width = len(names)
        line = reader.line_num + 1
        size = download.size(table) if progress else 0
        for count, cells in enumerate(reader, 1):
            if not count & PROGRESS_MASK and progress:
                progress(table, handle.buffer.tell(), size)
            if len(cells) != width:
                if cells and bad is not None:
                    bad.add(where, line, f"{len(cells)} cells where the header has {width}")
            elif keep is None or keep(cells):
                yield line, dict(zip(names, cells))
            line = reader.line_num + 1
    except UnicodeDecodeError as exc:
        raise InputError(f"invalid UTF-8 (byte 0x{exc.object[exc.start]:02x}); the file is damaged or not a CSV "
                         "of this download", path=where, line=line) from None
    except csv.Error as exc:
        raise InputError(f"unreadable CSV ({exc}); the file is damaged", path=where, line=line) from None
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise InputError(f"cannot read the table ({exc}); the download is damaged: download it again",
                         path=where, line=line) from None
    finally:
        if progress:
            progress(table, size, size)
        handle.close()


def _check_header(names: list[str], header: tuple[str, ...] | None, required: tuple[str, ...], where: str,
                  what: str) -> None:
    if header is not None and tuple(names) != header:
        raise InputError(f"the header is {_short(names)}, expected {_short(list(header))}; is this {what} "
                         "of the documented layout?", path=where, line=1)
    missing = [c for c in required if c not in names]
    if missing:
        raise InputError(f"the header lacks {', '.join(missing)}; is this {what}?", path=where, line=1)


def _short(names: list[str]) -> str:
    text = ",".join(names)
    return text if len(text) <= 120 else text[:119] + "…"
