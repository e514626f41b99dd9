"""Commands of the foundation: build, validate, export, stats."""

from __future__ import annotations

import json
from pathlib import Path

import click

from bbkg.cli.options import data_options, format_option, lang_option, open_data, out_option, time_options, window_of


@click.command()
@click.option("--tables", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of curated tables (default: graph/).")
@click.option("--ontology", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder holding bbkg.ttl and shapes.ttl (default: ontology/).")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write bbkg.ttl and bbkg.trig (default: the tables folder).")
@click.option("--no-validate", is_flag=True, help="Write the graph without validating it.")
def build(tables: Path | None, ontology: Path | None, out_dir: Path | None, no_validate: bool) -> None:
    """Compile the curated tables and the ontology into graph/bbkg.ttl and graph/bbkg.trig.

    Every table problem is reported as path:line (exit 2); a graph that does not
    conform is reported and not written (exit 1). Output is byte-identical on every run.
    """
    from bbkg.api import build_graph
    from bbkg.resources import display

    from bbkg.errors import NotConformant

    result = build_graph(tables, ontology, out_dir, validate=not no_validate)
    if result.report is not None and not result.report.conforms:
        click.echo(result.report.text(), err=True)
        failing = sum(1 for v in result.report.violations if v.severity != "Warning")
        raise NotConformant(f"the graph does not conform ({failing} violation(s)); nothing was written")
    if result.report is not None and result.report.violations:
        click.echo(result.report.text(), err=True)
    for path in result.written:
        click.echo(f"wrote {display(path)}")
    click.echo(result.summary())


@click.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Report format.")
def validate(file: Path | None, fmt: str) -> None:
    """Validate FILE (default: graph/bbkg.trig) against the SHACL shapes and queries/checks.

    Exit 0 when it conforms, 1 when it does not, 2 when the input cannot be read.
    """
    from bbkg.build.validate import validate_quads
    from bbkg.rdfio import parse_rdf_file
    from bbkg.resources import built_trig, display

    path = file or built_trig()
    if not path.exists():
        from bbkg.errors import InputError

        raise InputError("no such file; run `bbkg build` first or check the path", path=display(path))
    report = validate_quads(parse_rdf_file(path))
    if fmt == "json":
        click.echo(json.dumps({"conforms": report.conforms, "violations": [v.__dict__ for v in report.violations]}, indent=2))
    else:
        click.echo(report.text())
    if not report.conforms:
        from bbkg.errors import NotConformant

        failing = sum(1 for v in report.violations if v.severity != "Warning")
        raise NotConformant(f"does not conform: {failing} violation(s)", path=display(path))


@click.command()
@format_option(("turtle", "trig", "nt", "nq", "jsonld"), default="turtle")
@out_option
@data_options
def export(fmt: str, out: Path | None, **data: object) -> None:
    """Write the graph in an RDF format: Turtle (the union graph), TriG, N-Triples, N-Quads, JSON-LD.

    TriG, N-Quads and JSON-LD keep the named graphs (one per source); Turtle and N-Triples
    are their union. Up to 250,000 quads the output is sorted and byte-stable; larger stores
    are streamed in the store's order. --out is written atomically.
    """
    from bbkg.rdfio import HEADER
    from bbkg.store.export import export_store

    export_store(open_data(**data), fmt, out, header=HEADER if fmt == "turtle" else "")


@click.command()
@format_option(("table", "json", "md"))
@time_options
@lang_option
@out_option
@data_options
def stats(fmt: str, as_of: str | None, between: tuple[str, str] | None, lang: str, out: Path | None,
          **data: object) -> None:
    """Count entities by class, relations by predicate, and organisations per region and kind.

    With --as-of or --between: the network active then (partnerships, memberships, acquisitions,
    spin-offs, and the organisations they join, by kind and region).
    """
    from bbkg.query.stats import graph_stats, window_stats
    from bbkg.rdfio import emit
    from bbkg.render.history import window_tables
    from bbkg.render.results import stats_tables
    from bbkg.render.tables import render

    window = window_of(as_of, between)
    store = open_data(**data)
    result = window_stats(store, window, lang) if window else graph_stats(store, lang)
    stats_tables = window_tables if window else stats_tables
    if fmt == "json":
        text = json.dumps(result, ensure_ascii=False, indent=2) + "\n"
    else:
        parts = []
        for title, columns, rows in stats_tables(result):
            heading = f"## {title}\n\n" if fmt == "md" else f"{title}\n"
            parts.append(heading + render(columns, rows, "md" if fmt == "md" else "table"))
        text = "\n".join(parts)
    emit(text.encode(), out)
