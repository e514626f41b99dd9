"""Commands for triplestores: push (load the graph into an endpoint) and serve (a local endpoint)."""

from __future__ import annotations

from pathlib import Path

import click

from bbkg.cli.options import compose, endpoint_settings

push_endpoint_options = compose(
    endpoint_settings("The endpoint's SPARQL query URL; update and Graph Store URLs are derived where known.",
                      "Seconds to wait for each request  [default: 60]", required=True),
    click.option("--no-graph-store", is_flag=True,
                 help="Upload with SPARQL Update in batches, for stores without the Graph Store Protocol."),
)


@click.command(name="push")
@push_endpoint_options
@click.option("--graph", "graph", metavar="IRI",
              help="Put the union of all graphs into this one named graph (default: each named graph to its own IRI).")
@click.option("--data", "data", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="RDF file(s) to push instead of the built graph (graph/bbkg.trig). Repeatable.")
def push_cmd(endpoint: str, update_endpoint: str | None, graph_store_endpoint: str | None, no_graph_store: bool,
             user: str | None, timeout: float | None, graph: str | None, data: tuple[Path, ...]) -> None:
    """Load the graph into a SPARQL endpoint, replacing the graphs it pushes; all or nothing.

    Without --graph each named graph (one per source, plus ontology, provenance, derived)
    replaces the graph of the same IRI on the server, and bbkg graphs no longer in the data are
    dropped. With --graph IRI the union of all graphs replaces that one graph. The data is
    uploaded to staging graphs (Graph Store Protocol PUT, or SPARQL Update batches), counted on
    the server, then moved onto the targets in one update request, so an interrupted push leaves
    the server as it was. Prints the triple counts the server holds afterwards. Exit 3 on any
    endpoint error.
    """
    import pyoxigraph as ox

    from bbkg.cli.options import open_endpoint
    from bbkg.errors import InputError
    from bbkg.rdfio import parse_rdf_file
    from bbkg.resources import built_trig, display
    from bbkg.store.remote.push import push

    if graph:
        try:
            ox.NamedNode(graph)
        except ValueError:
            raise InputError(f"--graph {graph!r} is not a valid IRI") from None
    files = list(data) or [built_trig()]
    quads: list[ox.Quad] = []
    for path in files:
        if not path.exists():
            hint = "run `bbkg build` first" if path == built_trig() else "check the path"
            raise InputError(f"no such file; {hint}", path=display(path))
        quads.extend(parse_rdf_file(path))
    store = open_endpoint(endpoint=endpoint, update_endpoint=update_endpoint,
                          graph_store_endpoint=graph_store_endpoint, user=user, timeout=timeout)
    if no_graph_store:
        store.endpoint.graph_store_url = None
    report = push(store, quads, graph=graph, progress=lambda msg: click.echo(msg, err=True))
    click.echo(f"pushed {', '.join(display(p) for p in files)} to {report.endpoint} ({report.method})")
    for name, count in report.graphs.items():
        click.echo(f"  {('<' + name + '>') if name else 'default graph'}  {count} triples")
    for name in report.dropped:
        click.echo(f"  <{name}>  dropped (no longer in the data)")
    click.echo(f"the server holds {report.total} triples in the {len(report.graphs)} graph(s) pushed")
    if report.union_default_graph is False:
        click.echo(
            "note: queries without GRAPH see nothing on this server: its default graph is not the union of "
            "its named graphs. Make it so (Fuseki: unionDefaultGraph on the TDB dataset) or push and query with --graph IRI.",
            err=True,
        )


@click.command(name="serve")
@click.option("--bind", default="127.0.0.1:7878", show_default=True, metavar="HOST:PORT",
              help="Address to listen on.")
@click.option("--data", "data", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="RDF file(s) to serve instead of the built graph (graph/bbkg.trig). Repeatable.")
@click.option("--write", is_flag=True, help="Accept SPARQL Update and Graph Store writes (default: read-only).")
@click.option("--timeout", type=click.IntRange(min=1), default=None, metavar="SECONDS",
              help="Server-side time limit per query, and per SERVICE endpoint with --allow-service (default 60).")
@click.option("--site", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also serve this site folder (made by `bbkg site`) at /site/; reconciliation previews link there.")
@click.option("--allow-service", is_flag=True,
              help="Run SERVICE clauses of the queries it gets (off by default: a query must not make this "
                   "machine fetch URLs); each endpoint gets --timeout seconds.")
def serve_cmd(bind: str, data: tuple[Path, ...], write: bool, timeout: int | None, site: Path | None,
              allow_service: bool) -> None:
    """Serve the graph as a local SPARQL endpoint with a query UI (the Oxigraph server) and the W3C
    reconciliation API, until Ctrl-C.

    The endpoint is read-only unless --write; its default graph is the union of the named
    graphs, as in the embedded engine. /reconcile answers reconciliation queries (v0.2, as
    OpenRefine sends them) by organisation names in any language and KBO, ROR or PIC numbers.
    Prints the URLs, then runs until interrupted (Ctrl-C or SIGTERM), stops the server and
    removes its temporary database. A query or update with SERVICE is refused (HTTP 400) unless
    --allow-service; LOAD always is.
    """
    from bbkg.serve import serve

    serve(bind, list(data) or None, write=write, timeout=timeout, site=site, allow_service=allow_service,
          announce=lambda msg: click.echo(msg))
