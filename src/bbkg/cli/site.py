"""The ``bbkg site`` command: the graph as a static linked-data website."""

from __future__ import annotations

from pathlib import Path

import click

from bbkg.cli.options import data_options, open_data


@click.command(name="site")
@data_options
@click.option("--out", "-o", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the site into (replaced as a whole when the new site is complete).")
@click.option("--lang", "langs", multiple=True, type=click.Choice(("en", "nl", "fr", "de")),
              help="Languages of the pages (default: en, nl, fr, and de where German labels exist). Repeatable.")
@click.option("--no-network", is_flag=True, help="Leave out the network page (faster for very large graphs).")
def site_cmd(out: Path, langs: tuple[str, ...], no_network: bool, **data: object) -> None:
    """Write the graph as a static website that works from a folder (file://) and on any static host.

    One page per organisation, place, partnership, source and ontology term, at the path of its IRI
    (https://w3id.org/bbkg/id/org/galapagos -> id/org/galapagos/index.html), with index.ttl and
    index.jsonld beside it; every fact with its source and quote; search over all names and
    identifiers; the map; the network; a page per named query. .htaccess and bbkg-nginx.conf do
    content negotiation (303, Vary: Accept) for those who serve it with Apache or nginx.
    """
    from bbkg.site import build_site
    from bbkg.site.words import SITE_LANGS

    report = build_site(open_data(**data), out, langs=tuple(langs) or SITE_LANGS, network=not no_network)
    click.echo(f"wrote {report.out}/: {report.pages} entity pages, {report.files} files, "
               f"{report.bytes / 1e6:.1f} MB in {report.seconds:.1f} s", err=True)
