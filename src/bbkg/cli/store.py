"""The command of the persistent store: load."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--store", "store_dir", required=True, type=click.Path(path_type=Path),
              help="The store folder (created if missing); other commands read it with --store DIR.")
@click.option("--replace", is_flag=True, help="Replace the store's contents instead of adding to them.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar (there is none when stderr is not a terminal).")
def load(files: tuple[Path, ...], store_dir: Path, replace: bool, quiet: bool) -> None:
    """Bulk-load RDF FILES (N-Quads, TriG, Turtle, N-Triples, ...) into a persistent Oxigraph store.

    A large graph is parsed once; query, export, stats, diagram and metrics then read it with
    --store DIR. The load is all or nothing: a file that fails to parse (reported as
    path:line:col, exit 2) leaves the store as it was, and so does a load that is killed.
    Readers keep working during the load and see the old data until it ends. A store that
    another load is filling, a folder that is not a bbkg store, or a store from an incompatible
    version is refused (exit 2).
    """
    from bbkg.store.disk import load_store

    total = sum(f.stat().st_size for f in files if f.is_file())
    if quiet or not sys.stderr.isatty():
        report = load_store(files, store_dir, replace=replace)
    else:
        with click.progressbar(length=total, label=f"loading into {store_dir}", file=sys.stderr,
                               show_eta=True, show_percent=True) as bar:
            report = load_store(files, store_dir, replace=replace, progress=bar.update)
    click.echo(report.summary())
