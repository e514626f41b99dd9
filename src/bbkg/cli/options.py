"""Option groups shared by several commands, defined once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from bbkg.store import EMBEDDED as EMBEDDED_ENGINES

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


def _parse_params(ctx: click.Context, option: click.Parameter, items: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in items:
        if "=" not in item:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", ctx=ctx, param=option)
        key, value = item.split("=", 1)
        values[key.strip()] = value
    return values


def param_option(help: str) -> Callable:
    """Return the repeatable ``--param NAME=VALUE`` option; the command receives a dict."""
    return click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", callback=_parse_params,
                        help=help)


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


def endpoint_settings(endpoint_help: str, timeout_help: str, *, required: bool = False) -> Callable:
    """Return the endpoint connection options (URL, update and Graph Store URLs, user, timeout)."""
    return compose(
        click.option("--endpoint", metavar="URL", envvar="BBKG_ENDPOINT", show_envvar=True, required=required,
                     help=endpoint_help),
        click.option("--update-endpoint", metavar="URL", envvar="BBKG_UPDATE_ENDPOINT", show_envvar=True,
                     help="SPARQL Update URL (derived for Oxigraph, Fuseki, GraphDB, Virtuoso URLs)."),
        click.option("--graph-store-endpoint", metavar="URL", envvar="BBKG_GRAPH_STORE_ENDPOINT", show_envvar=True,
                     help="Graph Store Protocol URL (derived for Oxigraph and Fuseki URLs)."),
        click.option("--user", metavar="NAME", envvar="BBKG_ENDPOINT_USER", show_envvar=True,
                     help="User for HTTP basic auth; the password comes from BBKG_ENDPOINT_PASSWORD or a prompt."),
        click.option("--timeout", type=click.FloatRange(min=0, min_open=True), metavar="SECONDS",
                     envvar="BBKG_TIMEOUT", show_envvar=True, help=timeout_help),
    )


#: a remote SPARQL endpoint instead of the embedded engine (see bbkg.remote and docs/triplestore.md)
endpoint_options = compose(
    endpoint_settings("Use this SPARQL 1.1 endpoint (its query URL) instead of the embedded engine.",
                      "Seconds to wait for the endpoint (also sent to servers that take one)  [default: 60]"),
    click.option("--graph", "graph", metavar="IRI", help="Scope queries on the endpoint to this named graph."),
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
        type=click.Choice(list(EMBEDDED_ENGINES)),
        default="oxigraph",
        show_default=True,
        help="Embedded SPARQL engine: oxigraph (fast), oxrdflib, rdflib (reference).",
    ),
    click.option(
        "--store",
        "store",
        type=click.Path(path_type=Path),
        default=None,
        help="Read a persistent store folder made by `bbkg load FILE --store DIR` (opened read-only).",
    ),
    endpoint_options,
)


#: a window of time: the network (or the rows) as of a date, or over a window of dates
time_options = compose(
    click.option("--as-of", "as_of", metavar="DATE",
                 help="Only what was active at DATE (YYYY, YYYY-MM or YYYY-MM-DD; a year or month covers all of it)."),
    click.option("--between", "between", nargs=2, metavar="FROM TO", default=None,
                 help="Only what was active at some time from FROM to TO (both included; same forms as --as-of)."),
)


def window_of(as_of: str | None, between: tuple[str, str] | None):
    """Return the window of time the time options name, or None."""
    from bbkg.errors import UsageError
    from bbkg.query import time

    if as_of and between:
        raise UsageError("give --as-of DATE or --between FROM TO, not both")
    if as_of:
        return time.as_of(as_of, "--as-of")
    if between:
        return time.between(*between, parameter="--between")
    return None


def open_data(data: tuple[Path, ...] = (), engine: str = "oxigraph", **_: object):
    """Open the store the data options describe."""
    if _.get("store") is not None:
        return open_store_folder(data=data, engine=engine, **_)
    if _.get("endpoint"):
        return open_endpoint(data=data, **_)
    if _.get("graph"):
        from bbkg.errors import UsageError

        raise UsageError("--graph scopes queries on an --endpoint; give --endpoint URL too")
    from bbkg.store import open_store

    return open_store(engine, data=list(data) if data else None)


def open_endpoint(data: tuple[Path, ...] = (), endpoint: str | None = None, update_endpoint: str | None = None,
                  graph_store_endpoint: str | None = None, user: str | None = None, timeout: float | None = None,
                  graph: str | None = None, **_: object):
    """Open the remote store the endpoint options describe; the password from the environment or a prompt."""
    import os
    import sys

    from bbkg.errors import UsageError
    from bbkg.store.remote.client import open_remote

    if data:
        raise UsageError("--data and --endpoint do not go together: the endpoint holds the data (`bbkg push` loads it)")
    password = os.environ.get("BBKG_ENDPOINT_PASSWORD")
    if user and password is None:
        if not sys.stdin.isatty():
            raise UsageError("--user needs a password: set BBKG_ENDPOINT_PASSWORD")
        password = click.prompt(f"Password for {user}", hide_input=True, err=True)
    return open_remote(endpoint, graph=graph, update_endpoint=update_endpoint,
                       graph_store_endpoint=graph_store_endpoint, user=user, password=password, timeout=timeout)


def open_store_folder(data: tuple[Path, ...] = (), engine: str = "oxigraph", store: Path | None = None,
                      **rest: object):
    """Open the persistent store folder ``--store`` names (read-only, checked)."""
    from bbkg.errors import UsageError
    from bbkg.store.disk import open_disk_store

    if data:
        raise UsageError("--data and --store do not go together: the store holds the data "
                         "(add files with `bbkg load FILE --store DIR`)")
    if rest.get("endpoint"):
        raise UsageError("--store and --endpoint do not go together: give one source of data")
    if engine != "oxigraph":
        raise UsageError(f"--store is an Oxigraph store; drop --engine {engine} (or use --engine oxigraph)")
    return open_disk_store(store)
