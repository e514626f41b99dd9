"""Writing the site: every page in every language, its Turtle and JSON-LD, the home page, the query pages,
the map, the network, the search index, the static files and the rewrite rules, into a fresh folder that
replaces the output folder only when everything is written (a failed run leaves the old site as it was).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from bbkg.site import conneg, extras
from bbkg.site.model import SiteGraph, read_graph
from bbkg.site.pages import Page, entity_context, plan_pages
from bbkg.site.paths import html_file
from bbkg.site.rdf import jsonld, jsonld_bytes, turtle
from bbkg.site.visual import belgium_svg
from bbkg.site.words import SITE_LANGS

#: files copied from ``bbkg/site/static``
STATIC_FILES = ("site.css", "search.js")


@dataclass
class SiteReport:
    """What was written."""

    out: Path
    pages: int
    files: int
    bytes: int
    seconds: float


def _environment():
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from bbkg.site.facts import fact_rows, show, show_items

    folder = str(files("bbkg").joinpath("site", "templates"))
    env = Environment(loader=FileSystemLoader(folder), autoescape=select_autoescape(default=True),
                      trim_blocks=False, lstrip_blocks=False, keep_trailing_newline=True)
    env.globals.update(show=show, show_items=show_items, fact_rows=fact_rows)
    return env


class _Writer:
    """Writes files under a folder and counts them."""

    def __init__(self, root: Path) -> None:
        self.root, self.files, self.bytes = root, 0, 0
        self.made: set[Path] = set()

    def write(self, relative: str, data: bytes | str) -> None:
        path = self.root / relative
        if path.parent not in self.made:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.made.add(path.parent)
        raw = data.encode("utf-8") if isinstance(data, str) else data
        path.write_bytes(raw)
        self.files += 1
        self.bytes += len(raw)


def _entity_pages(writer: _Writer, env, graph: SiteGraph, pages: dict[str, Page], langs_of, points) -> None:
    template = env.get_template("entity.html")
    for page in pages.values():
        if page.kind == "home":
            continue
        document = jsonld(page.triples)
        # the page embeds what it states about its entity; index.jsonld beside it has the evidence too
        embedded = extras.jsonld_script(jsonld([t for t in page.triples if t.subject.value == page.iri]))
        prefix = f"{page.folder}/"
        writer.write(prefix + "index.ttl", turtle(page.triples))
        writer.write(prefix + "index.jsonld", jsonld_bytes(document))
        for lang in page.langs:
            context = entity_context(graph, page, lang, langs_of, points)
            context["jsonld"] = embedded
            writer.write(prefix + html_file(lang), template.render(context))


def _other_pages(writer: _Writer, env, store, graph: SiteGraph, pages: dict[str, Page], langs_of, lang_list) -> None:
    home = env.get_template("home.html")
    if "" in pages:
        writer.write("index.ttl", turtle(pages[""].triples))
        writer.write("index.jsonld", jsonld_bytes(jsonld(pages[""].triples)))
    for lang in lang_list:
        writer.write(html_file(lang), home.render(extras.home_context(graph, lang, langs_of)))
    query = env.get_template("query.html")
    contexts = extras.query_pages(store, graph, langs_of)
    for name, by_lang in contexts.items():
        for lang in lang_list:
            writer.write(f"queries/{name}/{html_file(lang)}", query.render(by_lang[lang]))
    names = [(name, by_lang["en"]["query"].summary) for name, by_lang in contexts.items()]
    for lang in lang_list:
        writer.write(f"queries/{html_file(lang)}", query.render(extras.query_index_context(lang, names)))
    writer.write("static/search-index.js", extras.search_index(graph, pages))
    writer.write("static/belgium.svg", belgium_svg())
    for name in STATIC_FILES:
        writer.write(f"static/{name}", files("bbkg").joinpath("site", "static", name).read_bytes())
    writer.write(".htaccess", conneg.HTACCESS)
    writer.write("bbkg-nginx.conf", conneg.NGINX)


def _map_and_network(writer: _Writer, store, langs_of, lang_list, with_network: bool) -> None:
    from bbkg.network.geo import map_points
    from bbkg.network.graph import partnership_network
    from bbkg.render.diagram import render
    from bbkg.render.geomap import render_map_html
    from bbkg.render.style import layout_positions

    for lang in lang_list:
        points, unplaced, segments = map_points(store, lang)
        writer.write(f"map/{html_file(lang)}", render_map_html(points, len(unplaced), segments, lang=lang,
                                                              href=extras.map_href(langs_of, lang)))
    network = partnership_network(store) if with_network else None
    if network is not None and network.number_of_nodes():
        positions = layout_positions(network)
        for lang in lang_list:
            network = partnership_network(store, lang=lang) if lang != "en" else network
            writer.write(f"network/{html_file(lang)}", render(network, "network.html", positions,
                                                             title="Belgian biotech network", lang=lang))


def build_site(store, out: Path | str, *, langs: tuple[str, ...] = SITE_LANGS, network: bool = True) -> SiteReport:
    """Write the whole site for the data in ``store`` into the folder ``out`` (replaced when done)."""
    started = time.perf_counter()
    out = Path(out)
    graph = read_graph(store)
    pages = plan_pages(graph)
    for page in pages.values():
        page.langs = tuple(lang for lang in page.langs if lang in langs) or ("en",)
    langs_of = {iri: page.langs for iri, page in pages.items()}
    from bbkg.network.geo import municipality_coordinates

    points = municipality_coordinates()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        writer = _Writer(staging)
        env = _environment()
        _entity_pages(writer, env, graph, pages, langs_of, points)
        _other_pages(writer, env, store, graph, pages, langs_of, langs)
        _map_and_network(writer, store, langs_of, langs, network)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    count = sum(1 for p in pages.values() if p.kind != "home")
    return SiteReport(out, count, writer.files, writer.bytes, time.perf_counter() - started)


def _swap(staging: Path, out: Path) -> None:
    """Put the staging folder in place of ``out``; the old site is removed only after the new one is in place."""
    os.chmod(staging, 0o755)
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.replace(out, old)
        os.replace(staging, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(staging, out)
