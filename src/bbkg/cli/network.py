"""Commands of the network layer: diagram (draw it) and metrics (measure it)."""

from __future__ import annotations

import contextlib

from pathlib import Path

import click

from bbkg.cli.options import compose, data_options, format_option, lang_option, open_data, param_option

#: the options that choose which network to build; shared by diagram and metrics
selection_options = compose(
    click.option("--edges", "edge_kinds", default="partnership,spinoff,membership,acquisition", show_default=True,
                 metavar="KINDS", help="Edge kinds, comma-separated: partnership, spinoff, membership, acquisition."),
    click.option("--region", "regions", multiple=True, metavar="REGION",
                 help="Keep organisations in this region (label in any language, slug or IRI). Repeatable."),
    click.option("--kind", "kinds", multiple=True, metavar="KIND",
                 help="Keep organisations of this kind (Company, University, ...). Repeatable or comma-separated."),
    click.option("--around", metavar="ORG", help="Keep ORG and the organisations within --depth links of it."),
    click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True,
                 help="How many links from --around ORG."),
    click.option("--query", "query_name", metavar="NAME",
                 help="Draw the pairs of organisations a named query (or FILE.rq) returns, e.g. partner-pairs."),
    param_option("A parameter of --query. Repeatable."),
    click.option("--isolated/--no-isolated", default=False, show_default=True,
                 help="Keep organisations that have no link in the selection."),
    lang_option,
    data_options,
)


@contextlib.contextmanager
def worded_as_options():
    """Word a library error about a selection parameter for the terminal: ``--region: ...``."""
    from bbkg.errors import UsageError

    try:
        yield
    except UsageError as exc:
        if exc.parameter in ("region", "kind", "around", "depth", "edges"):
            raise UsageError(f"--{exc.parameter}: {exc.message}", parameter=exc.parameter, value=exc.value,
                             candidates=exc.candidates) from None
        raise


def build_selection(edge_kinds: str, regions: tuple[str, ...], kinds: tuple[str, ...], around: str | None,
                    depth: int, query_name: str | None, params: dict[str, str], isolated: bool, lang: str,
                    **data: object):
    """Open the data and return the selected network (raises UsageError when it is empty)."""
    from bbkg.errors import UsageError
    from bbkg.network.graph import partnership_network, query_network
    from bbkg.network.graph import parse_edge_kinds
    from bbkg.network.selection import resolve_kinds, resolve_organisation, resolve_regions, select

    values = params
    if values and not query_name:
        raise UsageError("--param works with --query")
    with worded_as_options():
        chosen_edges = parse_edge_kinds(edge_kinds)
        chosen_kinds = resolve_kinds(kinds)
        store = open_data(**data)
        chosen_regions = resolve_regions(store, regions)
        centre = resolve_organisation(store, around) if around else None
    if query_name:
        from bbkg.query.catalogue import find_query
        from bbkg.query.params import bind_params

        named = find_query(query_name)
        graph = query_network(store, named, bind_params(named, values, store), lang=lang)
    else:
        graph = partnership_network(store, edges=chosen_edges, lang=lang, isolated=isolated)
    with worded_as_options():
        selected = select(graph, regions=chosen_regions, kinds=chosen_kinds, around=centre, depth=depth,
                          isolated=isolated)
    if selected.number_of_nodes() == 0:
        asked = [f"--edges {','.join(chosen_edges)}" if not query_name else f"--query {query_name}"]
        asked += [f"--region {r}" for r in regions] + [f"--kind {k}" for k in kinds]
        raise UsageError(
            "the selection is empty: no organisation has a link for " + " ".join(asked)
            + "; widen the filters (or add --isolated to keep organisations without links)"
        )
    return selected


@click.command(name="diagram")
@selection_options
@click.option("--out", "-o", "outs", multiple=True, required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Output file; its extension picks the format: .html, .png, .svg, .gexf, .graphml. Repeatable "
                   "(one layout for all).")
@click.option("--title", default=None, help="Title of the diagram (default: describes the selection).")
@click.option("--seed", type=int, default=7, show_default=True, help="Seed of the layout (same seed, same picture).")
@click.option("--renderer", type=click.Choice(("auto", "vis", "webgl")), default="auto", show_default=True,
              help="HTML renderer: vis-network (small networks), WebGL (sigma.js, 100,000 nodes), or auto: WebGL "
                   "from 3,000 organisations.")
def diagram(outs: tuple[Path, ...], title: str | None, seed: int, renderer: str, **selection: object) -> None:
    """Draw the partnership network: offline interactive HTML, PNG/SVG, or GEXF/GraphML for Gephi/Cytoscape.

    Organisations are nodes (colour: kind; shape: region; size: number of partners); partnerships,
    spin-offs, memberships and acquisitions are edges coloured by kind. Positions are computed
    in Python, so the HTML needs no physics and opens fast, offline, with search and a legend.
    """
    from bbkg.render.diagram import output_type, write_diagrams

    for out in outs:
        output_type(out)
    graph = build_selection(**selection)
    written = write_diagrams(graph, outs, title=title or _title(selection), lang=str(selection["lang"]), seed=seed,
                             renderer=renderer)
    for path in written:
        click.echo(f"wrote {path} ({graph.number_of_nodes()} organisations, {graph.number_of_edges()} links)", err=True)


def _title(selection: dict) -> str:
    parts = ["Belgian biotech network"]
    if selection.get("query_name"):
        parts.append(f"query {selection['query_name']}")
    if selection.get("regions"):
        parts.append(", ".join(selection["regions"]))
    if selection.get("kinds"):
        parts.append(", ".join(selection["kinds"]))
    if selection.get("around"):
        parts.append(f"around {selection['around']} (depth {selection['depth']})")
    return " · ".join(parts)


@click.command(name="metrics")
@selection_options
@format_option(("table", "csv", "json", "md"))
@click.option("--top", type=click.IntRange(min=1), default=15, show_default=True,
              help="Rows per ranking in the table format.")
@click.option("--seed", type=int, default=42, show_default=True, help="Seed of the Louvain community detection.")
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file (atomically) instead of standard output.")
def metrics(fmt: str, top: int, seed: int, out: Path | None, **selection: object) -> None:
    """Measure the network: degree, betweenness, Louvain communities, cross-region brokers, communities vs regions.

    table (or md) prints a summary and rankings; csv prints one row per organisation; json prints everything.
    """
    from bbkg.network.metrics import metrics_report
    from bbkg.rdfio import emit
    from bbkg.render.metrics import report_csv, report_json, report_table

    graph = build_selection(**selection)
    report = metrics_report(graph, seed=seed)
    if fmt == "csv":
        text = report_csv(report)
    elif fmt == "json":
        text = report_json(report)
    else:
        text = report_table(report, top, fmt)
    emit(text.encode("utf-8"), out)
