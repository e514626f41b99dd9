"""Option groups shared by several commands, defined once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

TABLE_FORMATS = ("table", "csv", "tsv", "json", "md")
LANGS = ("en", "nl", "fr", "de")


def compose(*decorators: Callable) -> Callable:
    """Apply several click decorators in the order they are listed."""

    def apply(func: Callable) -> Callable:
        for decorator in reversed(decorators):
            func = decorator(func)
        return func

    return apply


out_option = click.option(
    "--out",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file (atomically) instead of standard output.",
)
lang_option = click.option(
    "--lang",
    type=click.Choice(LANGS),
    default="en",
    show_default=True,
    help="Language of labels; falls back to English.",
)


def format_option(choices: tuple[str, ...] = TABLE_FORMATS, default: str = "table") -> Callable:
    """Return a ``--format`` option with these choices."""
    return click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help="Output format.",
    )


#: where the data comes from; every command that reads the graph takes these
data_options = compose(
    click.option(
        "--data",
        "data",
        multiple=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="RDF file(s) to use instead of the shipped graph (graph/bbkg.trig). Repeatable.",
    ),
    click.option(
        "--engine",
        type=click.Choice(["oxigraph", "oxrdflib", "rdflib"]),
        default="oxigraph",
        show_default=True,
        help="Embedded SPARQL engine: oxigraph (fast), oxrdflib, rdflib (reference).",
    ),
)


def open_data(data: tuple[Path, ...] = (), engine: str = "oxigraph", **_: object):
    """Open the store the data options describe."""
    from ..store import open_store

    return open_store(engine, data=list(data) if data else None)
