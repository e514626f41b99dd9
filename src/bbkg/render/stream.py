"""Writing a SELECT answer as it arrives, for people and programs: the query command's output.

The rows of a query on Oxigraph come from the engine one by one (``OxigraphStore.query(...,
lazy=True)``); the writers take them in batches and write each batch out, so the first row is out
before the engine has found the last. csv, tsv, json and jsonl are written by
:mod:`bbkg.query.streaming`; here are the labelled forms and the dispatch.

The table and Markdown forms show labels instead of IRIs: they look the labels up batch by batch
(one query per batch). The text table sizes its columns on its first screenful (the terminal's
height, or :data:`FIRST_SCREEN` rows when the output is not a terminal); an answer that fits in it
is rendered exactly as before, a longer one keeps those column widths for the rest, and a later
cell that is wider wraps inside its column.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

from bbkg.query.streaming import Write, batches

#: the first screenful of a text table when the output is not a terminal
FIRST_SCREEN = 100


def text_writer(handle: BinaryIO) -> Write:
    """Return a function that writes text to ``handle`` as UTF-8 and flushes it (so a reader sees it now)."""

    def write(text: str) -> None:
        handle.write(text.encode())
        handle.flush()

    return write


def write_labelled(variables: list[str], rows: Iterable, fmt: str, write: Write, label_batch: Callable,
                   first: int, width: int | None) -> None:
    """The table or md form, labels looked up batch by batch by ``label_batch(rows) -> display rows``."""
    from bbkg.render.tables import markdown_lines, render, stream_table, table_rows

    chunks = batches(rows, first)
    head = next(chunks, [])
    later = next(chunks, None)
    if later is None:  # the whole answer: as it always was
        write(render(variables, label_batch(head), fmt, width=width))
        return
    labelled = map(label_batch, _chain(head, _chain(later, chunks)))
    chunk = next(labelled)
    if fmt == "md":
        write("\n".join(markdown_lines(variables, chunk)) + "\n")
        for rest in labelled:
            write("\n".join(markdown_lines(None, rest)) + "\n")
        return
    text, widths = stream_table(variables, chunk, width)
    write(text)
    for rest in labelled:
        write(table_rows(rest, widths))


def _chain(first: list, more: Iterator[list]) -> Iterator[list]:
    yield first
    yield from more


def write_result(result, fmt: str, write: Write, store=None, lang: str = "en", width: int | None = None) -> None:
    """Write a query's answer by ``write(text)`` in ``fmt``: a SELECT row batch by row batch (csv, tsv, json,
    jsonl, table, md), an ASK or a graph whole (:func:`bbkg.render.results.format_result`)."""
    from bbkg.query import streaming
    from bbkg.render.results import format_result, label_rows
    from bbkg.render.tables import terminal_width

    if result.kind != "select":
        write(format_result(result, "json" if fmt == "jsonl" else fmt, store, lang))
        return
    plain = {"csv": streaming.write_csv, "tsv": streaming.write_tsv, "json": streaming.write_json,
             "jsonl": streaming.write_jsonl}
    if fmt in plain:
        plain[fmt](result.variables, result.rows, write)
        return
    width = terminal_width() if width is None else width
    cache: dict[str, str] = {}  # the labels found for the earlier batches: each IRI is looked up once
    write_labelled(result.variables, result.rows, fmt, write, lambda rows: label_rows(rows, store, lang, cache),
                   first_screen(), width)


def first_screen() -> int:
    """Return the rows of a table's first screenful: the terminal's height less its header, else FIRST_SCREEN."""
    import shutil
    import sys

    if sys.stdout.isatty():
        return max(10, shutil.get_terminal_size().lines - 3)
    return FIRST_SCREEN
