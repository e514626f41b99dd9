"""Stage 1, tables: read and check the curated tables in ``graph/``.

``model`` holds the table layouts and the :class:`Row`/:class:`Tables` records, ``reader`` reads one CSV
file, ``checks`` holds one checker per table. Every problem is reported as ``path:line: what is wrong and how to fix it``; all
problems of all tables are collected in one run and raised together as one
:class:`~bbkg.errors.InputError`.
"""

from __future__ import annotations

from pathlib import Path

from bbkg.errors import InputError, Problem
from bbkg.resources import graph_dir
from bbkg.tables.checks import ID_TABLES, UnknownReference, check_tables
from bbkg.tables.model import TABLE_ORDER, Row, Tables
from bbkg.tables.reader import read_table

__all__ = ["Row", "Tables", "load_tables", "read_table"]


def load_tables(folder: Path | None = None) -> Tables:
    """Read and check every table in ``folder`` (default ``graph/``).

    Raises :class:`InputError` listing every problem found, with ``path:line``.
    """
    folder = Path(folder) if folder else graph_dir()
    problems: list[Problem] = []
    tables = Tables(folder=folder)
    unread = []
    for name in TABLE_ORDER:
        before = len(problems)
        tables.rows[name] = read_table(name, folder / f"{name}.csv", problems)
        if len(problems) > before and name in ID_TABLES:
            unread.append(name)
    # check what could be read even after a reading problem: one run reports everything
    check_tables(tables, problems)
    # but a row that could not be read may define the id another row names: no problem of its own
    knock_on = [p for p in problems if isinstance(p, UnknownReference) and set(p.tables) & set(unread)]
    if knock_on:
        problems = [p for p in problems if p not in knock_on]
        problems.append(Problem(f"{len(knock_on)} reference(s) to ids not checked: "
                                f"{', '.join(n + '.csv' for n in unread)} could not be read whole; fix the "
                                "problem(s) above and build again"))
    if problems:
        raise InputError(problems=_dedupe(problems))
    return tables


def _dedupe(problems: list[Problem]) -> list[Problem]:
    out: list[Problem] = []
    seen: set[str] = set()
    for p in problems:
        key = str(p)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out
