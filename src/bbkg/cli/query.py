"""Commands of the query layer: queries (the catalogue) and query (run one)."""

from __future__ import annotations

from pathlib import Path

import click

from bbkg.cli.options import (
    data_options,
    format_option,
    lang_option,
    open_data,
    out_option,
    param_option,
    time_options,
    window_of,
)


@click.command(name="queries")
@format_option(("table", "md", "json"))
def queries_cmd(fmt: str) -> None:
    """List the named queries: name, summary and parameters."""
    import json

    from bbkg.query.catalogue import catalogue
    from bbkg.render.tables import render

    entries = catalogue().values()
    if fmt == "json":
        data = [
            {"name": q.name, "summary": q.summary, "tags": q.tags, "parameters": [p.describe() for p in q.params]}
            for q in entries
        ]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    rows = [[q.name, q.summary, ", ".join(p.describe() for p in q.params)] for q in entries]
    click.echo(render(["name", "summary", "parameters"], rows, fmt), nl=False)


@click.command(name="query")
@click.argument("name", required=False)
@click.option("--sparql", "sparql_text", help="Run this SPARQL text instead of a named query.")
@param_option("A parameter value; organisations and places by IRI, slug or label. Repeatable.")
@time_options
@format_option()
@lang_option
@out_option
@data_options
def query_cmd(name: str | None, sparql_text: str | None, params: dict[str, str], as_of: str | None,
              between: tuple[str, str] | None, fmt: str, lang: str, out: Path | None, **data: object) -> None:
    """Run a named query (NAME), a query file (FILE.rq) or --sparql TEXT.

    SELECT prints a table (labels in --lang) or csv/tsv/json (SPARQL 1.1 results) or md;
    CONSTRUCT and DESCRIBE print Turtle; ASK prints true/false and exits 1 when false.
    --as-of and --between bind the time parameters (from, to) of the queries that have them.
    """
    from bbkg.errors import UsageError
    from bbkg.query.catalogue import find_query
    from bbkg.query.params import bind_params
    from bbkg.rdfio import emit
    from bbkg.render.results import format_result

    if bool(name) == bool(sparql_text):
        raise UsageError("give a query NAME, a FILE.rq, or --sparql TEXT (exactly one); `bbkg queries` lists the names")
    values = params
    from bbkg.sparql import update_keyword

    text = sparql_text if sparql_text else find_query(name).text
    keyword = update_keyword(text)
    if keyword:
        raise UsageError(f"this is a SPARQL update ({keyword}): `bbkg query` only reads; change the data in "
                         "graph/*.csv and run `bbkg build`, or replace a server's graphs with `bbkg push`")
    window = window_of(as_of, between)
    if sparql_text and window:
        raise UsageError("--as-of and --between bind the time parameters of a named query or query file, "
                         "not --sparql text")
    store = open_data(**data)
    if sparql_text:
        if values:
            raise UsageError("--param works with named queries and query files, not with --sparql")
        result = store.query(sparql_text, origin="--sparql")
    else:
        named = find_query(name)
        bindings = bind_params(named, values, store)
        if window:
            bindings.update(time_bindings(named, values, window))
        result = store.query(named.text, bindings, origin=str(named.path))
    emit(format_result(result, fmt, store, lang).encode(), out)
    if result.kind == "ask" and not result.boolean:
        raise SystemExit(1)


def time_bindings(named, values: dict[str, str], window) -> dict:
    """Return the bindings of a window for a named query's time parameters; a query without them is an
    error that lists the queries that have them."""
    from bbkg.errors import UsageError
    from bbkg.query.catalogue import TIME_PARAMS, catalogue

    if not named.timed:
        timed = [q.name for q in catalogue().values() if q.timed]
        raise UsageError(f"query {named.name!r} takes no time (no parameters from and to); --as-of and --between "
                         f"work with: {', '.join(timed)}")
    if set(TIME_PARAMS) & set(values):
        raise UsageError("give the window by --as-of / --between or by --param from=... to=..., not both")
    return window.bindings()
