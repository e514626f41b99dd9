"""Commands about time: timeline (an organisation's dated events), diff (what changed between two dates or
two releases), and the small multiples of ``diagram --every``."""

from __future__ import annotations

from pathlib import Path

import click

from bbkg.cli.options import data_options, format_option, lang_option, open_data, out_option, time_options, window_of

#: at most this many pictures in one small-multiples image
MOST_PANELS = 30


def draw_every(outs: tuple[Path, ...], every: str, *, title: str, seed: int, selection: dict) -> None:
    """Write the small multiples of ``diagram --every STEP``: the selected network every STEP years."""
    from bbkg.cli.network import build_selection
    from bbkg.errors import UsageError
    from bbkg.network.history import snapshots, year_span
    from bbkg.query.time import parse_step, period, steps, year
    from bbkg.rdfio import write_all_atomic
    from bbkg.render.evolution import render_evolution
    from bbkg.render.style import layout_positions

    step = parse_step(every, "--every")
    wrong = [str(out) for out in outs if out.suffix.lower() not in (".png", ".svg")]
    if wrong:
        raise UsageError(f"--every draws small multiples as .png or .svg, not {', '.join(wrong)}")
    if selection.get("as_of"):
        raise UsageError("--every draws several dates: bound them with --between FROM TO, not --as-of")
    if selection.get("query_name"):
        raise UsageError("--every draws the network of --edges, not that of --query")
    between = selection.pop("between", None)
    graph, store = build_selection(**selection)
    span = year_span(graph, store)
    if span is None:
        raise UsageError("no link of the selection has a date, so there is no evolution to draw; widen the selection")
    first, last = span
    if between:
        first, last = period(between[0], "--between")[0].year, period(between[1], "--between")[1].year
    years = steps(first, last, step)
    if not years or len(years) > MOST_PANELS:
        raise UsageError(f"--every {every} from {first} to {last} makes {len(years)} pictures; "
                         f"choose a step that makes 1 to {MOST_PANELS}")
    panels = list(zip(map(str, years), snapshots(graph, store, [year(y) for y in years])))
    positions = layout_positions(graph, seed)
    files = {out: render_evolution(graph, positions, panels, out.suffix.lower()[1:], title=title,
                                   lang=str(selection["lang"])) for out in outs}
    write_all_atomic(files)
    counts = ", ".join(f"{label}: {part.number_of_edges()}" for label, part in panels)
    for out in files:
        click.echo(f"wrote {out} ({len(panels)} pictures; links {counts})", err=True)


@click.command(name="timeline")
@click.argument("org")
@format_option(("table", "md", "json"))
@time_options
@lang_option
@out_option
@data_options
def timeline_cmd(org: str, fmt: str, as_of: str | None, between: tuple[str, str] | None, lang: str,
                 out: Path | None, **data: object) -> None:
    """The dated events of organisation ORG, in order: founding, partnerships (funding rounds among them),
    memberships, acquisitions, spin-offs, moves, status, dissolution.

    ORG is a label in any language, a slug or an IRI. A date is shown as precisely as its source states
    it; --as-of and --between keep the events of that date or window.
    """
    import json

    from bbkg.query.catalogue import find_query
    from bbkg.query.params import bind_params
    from bbkg.query.results import labels_for, rows_of
    from bbkg.rdfio import emit
    from bbkg.render.history import timeline_rows
    from bbkg.render.tables import render

    window = window_of(as_of, between)
    store = open_data(**data)
    named = find_query("organisation-timeline")
    bindings = bind_params(named, {"org": org}, store)
    if window:
        bindings.update(window.bindings())
    rows = list(rows_of(store.query(named.text, bindings, origin=str(named.path))))
    subject = bindings["_org_iri"].value
    iris = {subject} | {r[k] for r in rows for k in ("event", "with", "partnership") if r.get(k)}
    labels = labels_for(store, iris, lang)
    events = timeline_rows(rows, labels, lang)
    name = labels.get(subject, subject)
    if fmt == "json":
        text = json.dumps({"organisation": subject, "label": name, "events": events}, ensure_ascii=False, indent=2) + "\n"
    else:
        columns = ["date", "event", "with", "partnership"]
        table = render(columns, [[e[c] for c in columns] for e in events], fmt)
        text = (f"## Timeline of {name}\n\n" if fmt == "md" else f"Timeline of {name}\n") + table
    emit(text.encode("utf-8"), out)


@click.command(name="diff")
@click.argument("releases", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--from", "start", metavar="DATE", help="The earlier date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--to", "end", metavar="DATE", help="The later date (default: the date of the data).")
@click.option("--last", metavar="SPAN", help="The last SPAN years up to --to, e.g. 10y (instead of --from).")
@format_option(("table", "md", "json"))
@click.option("--top", type=click.IntRange(min=1), default=15, show_default=True,
              help="Rows of the ranking of partners gained or lost.")
@click.option("--seed", type=int, default=42, show_default=True, help="Seed of the Louvain community detection.")
@lang_option
@out_option
@data_options
def diff_cmd(releases: tuple[Path, ...], start: str | None, end: str | None, last: str | None, fmt: str, top: int,
             seed: int, lang: str, out: Path | None, **data: object) -> None:
    """What changed between two dates (--from DATE --to DATE, or --last 10y) or two releases (OLD NEW files).

    New and ended partnerships, new and closed organisations, acquisitions, relocations, new spin-offs,
    members that joined or left; and the network metrics that moved (degree, communities, brokers).
    """
    import json

    from bbkg.rdfio import emit
    from bbkg.render.history import diff_text

    if releases:
        report = _release_report(releases, start or end or last, lang, seed, top, **data)
    else:
        report = _window_report(start, end, last, lang, seed, top, **data)
    text = json.dumps(report, ensure_ascii=False, indent=2) + "\n" if fmt == "json" else diff_text(report, fmt, top)
    emit(text.encode("utf-8"), out)


def _window_report(start: str | None, end: str | None, last: str | None, lang: str, seed: int, top: int,
                   **data: object) -> dict:
    """Return the diff between two dates of one graph; --to defaults to the date of the data."""
    from bbkg.errors import UsageError
    from bbkg.network.evolution import window_diff
    from bbkg.query.time import data_date, parse_step, period, years_back

    if bool(start) == bool(last):
        raise UsageError("give --from DATE (or --last 10y), or two release files OLD.trig NEW.trig")
    store = open_data(**data)
    if not end:
        dated = data_date(store)
        if dated is None:
            raise UsageError("the data has no dated source, so there is no default --to: give --to DATE")
        end = dated.isoformat()
    if last:
        start = years_back(period(end, "--to")[0], parse_step(last, "--last")).isoformat()
    return window_diff(store, start, end, lang=lang, seed=seed, top=top)


def _release_report(releases: tuple[Path, ...], dated: str | None, lang: str, seed: int, top: int,
                    **data: object) -> dict:
    """Return the diff between two release files."""
    from bbkg.errors import UsageError
    from bbkg.network.evolution import release_diff
    from bbkg.resources import display
    from bbkg.store import open_store

    if len(releases) != 2:
        raise UsageError(f"give two release files, OLD and NEW (got {len(releases)})")
    if dated:
        raise UsageError("--from, --to and --last compare two dates of one graph, not two release files")
    if data.get("data") or data.get("endpoint") or data.get("store"):
        raise UsageError("two release files are the data: drop --data, --store and --endpoint")
    engine = str(data.get("engine") or "oxigraph")
    old, new = (open_store(engine, data=path) for path in releases)
    return release_diff(old, new, (display(releases[0]), display(releases[1])), lang=lang, seed=seed, top=top)
