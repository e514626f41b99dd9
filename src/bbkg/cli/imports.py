"""``bbkg import``: bring a KBO extract or CORDIS packages into the graph, as N-Quads or into a store."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import click

from bbkg.cli.options import compose


class TableProgress:
    """A progress bar per table on a terminal's stderr; nothing elsewhere."""

    def __init__(self) -> None:
        self.table = ""
        self.bar = None

    def __call__(self, table: str, done: int, size: int) -> None:
        if table != self.table:
            self.close()
            self.table = table
            self.bar = click.progressbar(length=max(size, 1), label=f"reading {table}", file=sys.stderr,
                                         show_percent=True, show_eta=True)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        """End the current bar."""
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def progress_for(quiet: bool) -> TableProgress | None:
    """A progress callback when stderr is a terminal and --quiet is not given."""
    return None if quiet or not sys.stderr.isatty() else TableProgress()


output_options = compose(
    click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
                 help="Write the import's named graph as N-Quads to FILE.nq (atomically)."),
    click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                 help="Put the import's named graph into the store folder DIR, replacing the same graph; all or nothing."),
    click.option("--review", type=click.Path(dir_okay=False, path_type=Path), default=None,
                 help="Write the uncertain matches to curated organisations to this CSV (they are not merged)."),
    click.option("--skip-bad-rows", is_flag=True, help="Import without the bad rows (they are counted and the first 20 listed)."),
    click.option("--quiet", "-q", is_flag=True, help="No progress bar (there is none when stderr is not a terminal)."),
)


def check_output(out: Path | None, store_dir: Path | None) -> None:
    """Exactly one of --out FILE.nq and --store DIR."""
    from bbkg.errors import UsageError

    if (out is None) == (store_dir is None):
        raise UsageError("give one of --out FILE.nq and --store DIR")
    if out is not None and out.suffix != ".nq":
        raise UsageError(f"--out {out}: an import is one named graph, written as N-Quads: name the file .nq")


def write_import(out: Path | None, store_dir: Path | None, produce: Callable[[BinaryIO], object],
                 before: Callable | None = None):
    """Run ``produce`` into --out (atomically), or into a staging N-Quads file that is then bulk-loaded
    into a private copy of the --store, swapped in only when everything worked (``before`` first changes
    that copy)."""
    from bbkg.rdfio import atomic_file

    if out is not None:
        with atomic_file(out) as handle:
            return produce(handle), None
    from bbkg.store.staged import load_produced

    return load_produced(store_dir, produce, before)


def update_store(store_dir: Path, change: Callable):
    """Run ``change`` on a private copy of the --store, swapped in only when everything worked."""
    from bbkg.store.disk import load_store

    holder: dict = {}

    def run(store) -> None:
        holder["report"] = change(store)

    loaded = load_store([], store_dir, before=run)
    return holder["report"], loaded


def finish(report, loaded, resolver, review: Path | None) -> None:
    """Print the import's report (and write the review file)."""
    for line in report.bad.report():
        click.echo(f"skipped: {line}", err=True)
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    if review is not None and resolver is not None:
        from bbkg.resolve import write_review

        write_review(review, resolver.review)
        click.echo(f"{len(resolver.review)} uncertain matches written to {review} (not merged)", err=True)
    elif resolver is not None and resolver.review:
        click.echo(f"{len(resolver.review)} uncertain matches were not merged; write them with --review FILE.csv",
                   err=True)
    click.echo(report.summary())
    if loaded is not None:
        click.echo(loaded.summary())


@click.group("import")
def import_group() -> None:
    """Import a download into the graph: the KBO company register or CORDIS EU projects.

    Each import is one named graph (graph/kbo/<extract number>, graph/cordis/<programme>) with its
    source record; organisations the curated graph already has are matched to it (identifiers, then
    names and municipality; decisions in graph/matches.csv). Bad rows stop the import (exit 2, nothing
    written) unless --skip-bad-rows.
    """


@import_group.command("kbo")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--nace", default="biotech", show_default=True,
              help="Activities to keep: biotech, pharma, or VERSION:CODE,... (2008:72110,2025:72101).")
@output_options
def kbo(path: Path, nace: str, out: Path | None, store_dir: Path | None, review: Path | None,
        skip_bad_rows: bool, quiet: bool) -> None:
    """Import a KBO open data extract: KboOpenData_*_Full.zip, an _Update.zip, or a folder of its CSVs.

    Keeps the enterprises (legal persons) with a selected NACE activity of their own or of an
    establishment: names by language and type, juridical form and situation, start date, activities
    as NACE concepts by version, registered seat and establishments in their municipalities. A Full
    extract replaces any KBO graph in the store; an Update extract (--store only) is applied to the
    store's previous extract: delete by key, then insert.
    """
    from bbkg.errors import UsageError
    from bbkg.importers import import_kbo_full, update_kbo_store
    from bbkg.importers.kbo import open_extract, parse_selection
    from bbkg.importers.kbo_update import kbo_graphs
    from bbkg.resolve import load_resolver

    check_output(out, store_dir)
    selection = parse_selection(nace)
    progress = progress_for(quiet)
    extract = open_extract(path, progress)
    resolver = load_resolver()
    try:
        if extract.is_update:
            if store_dir is None:
                raise UsageError("an Update extract applies to a store holding the previous extract: use --store DIR")
            report, loaded = update_store(store_dir, lambda store: update_kbo_store(
                store, extract, selection, resolver, skip_bad_rows))
        else:
            def drop_old(store) -> None:
                for graph in kbo_graphs(store):
                    store.remove_graph(graph)

            report, loaded = write_import(out, store_dir, lambda h: import_kbo_full(
                extract, selection, h, resolver, skip_bad_rows), before=drop_old)
    finally:
        if progress is not None:
            progress.close()
        extract.download.close()
    finish(report, loaded, resolver, review)


@import_group.command("cordis")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="PATH...")
@click.option("--country", default=None,
              help="Keep only the projects with a participant from this country (BE; EU or ISO codes, several "
                   "comma-separated), with all their participants.")
@click.option("--programme", default=None,
              help="Keep only the projects whose frameworkProgramme is one of these (H2020, HORIZON, FP7, "
                   "EURATOM; comma-separated, any case). Default: every project of each package.")
@output_options
def cordis(paths: tuple[Path, ...], country: str | None, programme: str | None, out: Path | None,
           store_dir: Path | None, review: Path | None, skip_bad_rows: bool, quiet: bool) -> None:
    """Import CORDIS projects packages: cordis-h2020projects-csv.zip, cordis-HORIZONprojects-csv.zip,
    cordis-fp7projects-csv.zip, or folders holding their project.csv and organization.csv.

    Each package is one named graph, graph/cordis/<programme> (its most common frameworkProgramme),
    replacing the same graph in the store. Projects become partnerships (kind: EU research project)
    with acronym, title, programme, funding scheme, dates, total cost and EC contribution; every
    participation is a node with its role and EC contribution; organisations are found by PIC, a
    Belgian VAT number giving their KBO number (the same node as a KBO import); bbkg:partnerOf links
    every two participants of a project. Natural persons (rows without a PIC or a name) are left out.
    """
    from bbkg.importers.cordis import parse_programmes
    from bbkg.importers.cordis_import import graph_of, import_cordis, open_packages, parse_countries
    from bbkg.resolve import load_resolver

    check_output(out, store_dir)
    countries = parse_countries(country)
    progress = progress_for(quiet)
    packages = open_packages(paths, parse_programmes(programme), progress)
    resolver = load_resolver()
    graphs = [graph_of(p) for p in packages]

    def drop_old(store) -> None:
        for graph in graphs:
            store.remove_graph(graph)

    try:
        reports, loaded = write_import(out, store_dir, lambda h: import_cordis(
            packages, h, resolver, countries, skip_bad_rows), before=drop_old)
    finally:
        if progress is not None:
            progress.close()
        for package in packages:
            package.download.close()
    for report in reports[:-1]:
        for line in report.bad.report():
            click.echo(f"skipped: {line}", err=True)
        for note in report.notes:
            click.echo(f"note: {note}", err=True)
        click.echo(report.summary())
    finish(reports[-1], loaded, resolver, review)
