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
@click.option("--limit", type=click.IntRange(min=0), default=None, metavar="N",
              help="Return at most N rows (SPARQL LIMIT on the outermost query: the engine stops there).")
@click.option("--offset", type=click.IntRange(min=0), default=None, metavar="M",
              help="Skip the first M rows (SPARQL OFFSET); with --limit, pages through a long answer.")
@format_option(("table", "csv", "tsv", "json", "jsonl", "md"))
@lang_option
@out_option
@data_options
def query_cmd(name: str | None, sparql_text: str | None, params: dict[str, str], as_of: str | None,
              between: tuple[str, str] | None, limit: int | None, offset: int | None, fmt: str, lang: str,
              out: Path | None, **data: object) -> None:
    """Run a named query (NAME), a query file (FILE.rq) or --sparql TEXT.

    SELECT prints a table (labels in --lang) or csv/tsv/json (SPARQL 1.1 results), jsonl (one
    SPARQL JSON binding a line) or md; the rows are written as the engine finds them (a table is
    sized on its first screenful). CONSTRUCT and DESCRIBE print Turtle; ASK prints true/false and
    exits 1 when false. --limit N --offset M page through the rows (SPARQL LIMIT/OFFSET added to
    the outermost query, within the query's own). --as-of and --between bind the time parameters
    (from, to) of the queries that have them.
    """
    from bbkg.errors import UsageError
    from bbkg.query.catalogue import find_query
    from bbkg.query.params import bind_params
    from bbkg.query.paging import page

    if bool(name) == bool(sparql_text):
        raise UsageError("give a query NAME, a FILE.rq, or --sparql TEXT (exactly one); `bbkg queries` lists the names")
    values = params
    from bbkg.sparql import update_keyword

    named = None if sparql_text else find_query(name)
    text = sparql_text if sparql_text else named.text
    keyword = update_keyword(text)
    if keyword:
        raise UsageError(f"this is a SPARQL update ({keyword}): `bbkg query` only reads; change the data in "
                         "graph/*.csv and run `bbkg build`, or replace a server's graphs with `bbkg push`")
    window = window_of(as_of, between)
    if sparql_text and window:
        raise UsageError("--as-of and --between bind the time parameters of a named query or query file, "
                         "not --sparql text")
    if (limit is not None or offset is not None) and ask_query(text):
        raise UsageError("--limit and --offset page the rows of a SELECT (or the solutions of a CONSTRUCT); "
                         "an ASK answers true or false")
    if sparql_text and values:
        raise UsageError("--param works with named queries and query files, not with --sparql")
    store = open_data(**data)
    bindings, origin = {}, "--sparql"
    if not sparql_text:
        from bbkg.query.windowless import query_text

        bindings, origin = bind_params(named, values, store), str(named.path)
        if window:
            bindings.update(time_bindings(named, values, window))
        text = query_text(named, bindings)
    result = run_query(store, page(text, limit, offset), bindings, origin)
    write_output(result, fmt, out, store, lang)
    if result.kind == "ask" and not result.boolean:
        raise SystemExit(1)


def ask_query(text: str) -> bool:
    """Whether a SPARQL text is an ASK query."""
    from bbkg.sparql import keywords

    return next((w for w in keywords(text) if w in ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")), None) == "ASK"


def run_query(store, text: str, bindings: dict, origin: str):
    """Run a query; on an engine that can, with its SELECT rows read lazily (streamed to the output)."""
    from bbkg.store.oxigraph import OxigraphStore

    if isinstance(store, OxigraphStore):
        return store.query(text, bindings, origin=origin, lazy=True)
    return store.query(text, bindings, origin=origin)


def write_output(result, fmt: str, out: Path | None, store, lang: str) -> None:
    """Write the answer to standard output as it comes, or to ``out`` (atomically: all or nothing)."""
    from bbkg.rdfio import atomic_file, write_stdout
    from bbkg.render.stream import text_writer, write_result

    if out is None or str(out) == "-":
        write_result(result, fmt, lambda text: write_stdout(text.encode()), store, lang)
    else:
        with atomic_file(out) as handle:
            write_result(result, fmt, text_writer(handle), store, lang)


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
