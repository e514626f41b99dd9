"""Commands of the network layer: diagram (draw it) and metrics (measure it)."""

from __future__ import annotations

import contextlib

from pathlib import Path

import click

from bbkg.cli.options import (
    compose,
    data_options,
    format_option,
    lang_option,
    open_data,
    param_option,
    time_options,
    window_of,
)

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
    time_options,
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
                    as_of: str | None = None, between: tuple[str, str] | None = None, **data: object):
    """Open the data and return the selected network (raises UsageError when it is empty) and its store."""
    from bbkg.errors import UsageError
    from bbkg.network.graph import parse_edge_kinds, partnership_network, query_network
    from bbkg.network.history import network_as_of
    from bbkg.network.selection import resolve_kinds, resolve_organisation, resolve_regions, select

    values = params
    if values and not query_name:
        raise UsageError("--param works with --query")
    window = window_of(as_of, between)
    with worded_as_options():
        chosen_edges = parse_edge_kinds(edge_kinds)
        chosen_kinds = resolve_kinds(kinds)
        store = open_data(**data)
        chosen_regions = resolve_regions(store, regions)
        centre = resolve_organisation(store, around) if around else None
    if query_name:
        from bbkg.cli.query import time_bindings
        from bbkg.query.catalogue import find_query
        from bbkg.query.params import bind_params

        named = find_query(query_name)
        bindings = bind_params(named, values, store)
        if window:
            bindings.update(time_bindings(named, values, window))
        graph = query_network(store, named, bindings, lang=lang)
    elif chosen_regions or chosen_kinds or centre:  # fetch only the selection
        from bbkg.network.selective import selected_network

        with worded_as_options():
            graph = selected_network(store, edges=chosen_edges, lang=lang, isolated=isolated, regions=chosen_regions,
                                     kinds=chosen_kinds, around=centre, depth=depth, window=window)
    elif window:
        graph = network_as_of(store, window, edges=chosen_edges, lang=lang, isolated=isolated)
    else:
        graph = partnership_network(store, edges=chosen_edges, lang=lang, isolated=isolated)
    with worded_as_options():
        selected = select(graph, regions=chosen_regions, kinds=chosen_kinds, around=centre, depth=depth,
                          isolated=isolated)
    if selected.number_of_nodes() == 0:
        asked = [f"--edges {','.join(chosen_edges)}" if not query_name else f"--query {query_name}"]
        asked += [f"--region {r}" for r in regions] + [f"--kind {k}" for k in kinds]
        asked += [f"--as-of {as_of}"] if as_of else [f"--between {' '.join(between)}"] if between else []
        raise UsageError(
            "the selection is empty: no organisation has a link for " + " ".join(asked)
            + "; widen the filters (or add --isolated to keep organisations without links)"
        )
    return selected, store


@click.command(name="diagram")
@selection_options
@click.option("--out", "-o", "outs", multiple=True, required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Output file; its extension picks the format: .html, .png, .svg, .gexf, .graphml. Repeatable "
                   "(one layout for all).")
@click.option("--title", default=None, help="Title of the diagram (default: describes the selection).")
@click.option("--seed", type=int, default=7, show_default=True, help="Seed of the layout (same seed, same picture).")
@click.option("--slider/--no-slider", default=True, show_default=True,
              help="Give the HTML page a time slider (the network as of each year); it costs one query per "
                   "kind of link.")
@click.option("--every", metavar="STEP",
              help="Small multiples: the network every STEP years (e.g. 5y) up to the date of the data, side by "
                   "side in one layout (.png, .svg); --between FROM TO bounds the years.")
@click.option("--renderer", type=click.Choice(("auto", "vis", "webgl")), default="auto", show_default=True,
              help="HTML renderer: vis-network (small networks, time slider), WebGL (sigma.js, 100,000 nodes), or "
                   "auto: WebGL from 3,000 organisations.")
def diagram(outs: tuple[Path, ...], title: str | None, seed: int, slider: bool, every: str | None, renderer: str,
            **selection: object) -> None:
    """Draw the partnership network: offline interactive HTML, PNG/SVG, or GEXF/GraphML for Gephi/Cytoscape.

    Organisations are nodes (colour: kind; shape: region; size: number of partners); partnerships,
    spin-offs, memberships and acquisitions are edges coloured by kind. Positions are computed
    in Python, so the HTML needs no physics and opens fast, offline, with search and a legend.
    The HTML has a time slider (year by year, with a play button) unless --as-of, --between or
    --query chooses the network; --as-of and --between draw the network of that date or window.
    """
    from bbkg.render.diagram import output_type, pick_renderer, write_diagrams

    for out in outs:
        output_type(out)
    if every:
        from bbkg.cli.time import draw_every

        draw_every(outs, every, title=title or _title(selection), seed=seed, selection=selection)
        return
    graph, store = build_selection(**selection)
    timeline = None
    timed = selection.get("as_of") or selection.get("between") or selection.get("query_name")
    html = any(out.suffix.lower() == ".html" for out in outs)
    if slider and not timed and html and pick_renderer(graph, renderer) == "vis":
        from bbkg.network.history import yearly_activity

        timeline = yearly_activity(graph, store, isolated=bool(selection["isolated"]))
    written = write_diagrams(graph, outs, title=title or _title(selection), lang=str(selection["lang"]), seed=seed,
                             renderer=renderer, timeline=timeline)
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
    if selection.get("as_of"):
        parts.append(f"as of {selection['as_of']}")
    elif selection.get("between"):
        parts.append(f"{selection['between'][0]} – {selection['between'][1]}")
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

    graph, _ = build_selection(**selection)
    report = metrics_report(graph, seed=seed)
    if fmt == "csv":
        text = report_csv(report)
    elif fmt == "json":
        text = report_json(report)
    else:
        text = report_table(report, top, fmt)
    emit(text.encode("utf-8"), out)
