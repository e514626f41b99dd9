"""The pages of the site, one entity at a time: which pages there are and in which languages, the triples each
holds, and the context each template receives.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from bbkg.namespaces import BBKG, RDF
from bbkg.site.facts import Linker, facts, partnerships, pointing_here, timeline
from bbkg.site.model import SiteGraph
from bbkg.site.paths import ONTOLOGY_DOC, html_file, owner, page_folder, page_kind, relative
from bbkg.site.rdf import jsonld
from bbkg.site.visual import MAP_HEIGHT, MAP_WIDTH, ego_network, project
from bbkg.site.words import LANG_NAMES, SITE_LANGS, words


@dataclass
class Page:
    """One entity page: its IRI, kind, folder, languages and the triples of its data files."""

    iri: str
    kind: str
    folder: str
    langs: tuple[str, ...]
    triples: list[ox.Triple] = field(default_factory=list)


def plan_pages(graph: SiteGraph) -> dict[str, Page]:
    """Return every entity page, with the triples each one's data holds (together: the whole graph)."""
    pages: dict[str, Page] = {}
    for iri in graph.out:
        kind = page_kind(graph, iri)
        folder = page_folder(iri) if kind else None
        if kind and folder:
            langs = tuple(lang for lang in SITE_LANGS if lang != "de" or "de" in graph.langs_of(iri))
            pages[iri] = Page(iri, kind, folder, langs)
    if ONTOLOGY_DOC not in pages and any(p.kind == "term" for p in pages.values()):
        pages[ONTOLOGY_DOC] = Page(ONTOLOGY_DOC, "ontology", "ontology", SITE_LANGS[:3])
    leftover: list[ox.Triple] = []
    owners: dict[str, str | None] = {}
    for t in graph.triples:
        subject = t.subject.value if isinstance(t.subject, ox.NamedNode) else None
        if subject is not None and subject not in owners:
            owners[subject] = owner(graph, subject)
        home = owners.get(subject) if subject else None
        if home in pages:
            pages[home].triples.append(t)
        else:
            leftover.append(t)
        if subject in pages and pages[subject].kind == "term":
            pages[subject].triples.append(t)
    if leftover:  # blank nodes or IRIs outside the site: kept in the data of the home page
        pages[""] = Page("", "home", "", SITE_LANGS, leftover)
    for page in pages.values():  # the same data, the same files
        page.triples.sort(key=lambda t: (str(t.subject), t.predicate.value, str(t.object)))
    return pages


def language_links(langs: tuple[str, ...], current: str) -> list[dict]:
    """Return the language switch of a page."""
    return [{"code": lang, "name": LANG_NAMES[lang], "current": lang == current,
             "href": html_file(lang)} for lang in langs]


def common(page_folder_: str, lang: str, langs: tuple[str, ...], title: str, kind: str, iri: str = "",
           data: bool = True) -> dict:
    """Return the context every page template needs."""
    root = relative(page_folder_, "", "") if page_folder_ else ""
    alternates = []
    if data:
        alternates = [{"type": "text/turtle", "href": "index.ttl", "label": "Turtle"},
                      {"type": "application/ld+json", "href": "index.jsonld", "label": "JSON-LD"}]
    alternates += [{"type": "text/html", "href": html_file(other), "hreflang": other, "label": LANG_NAMES[other]}
                   for other in langs if other != lang]
    return {"lang": lang, "w": words(lang), "title": title, "kind": kind, "iri": iri, "root": root,
            "home": html_file(lang), "page_file": html_file(lang), "alternates": alternates,
            "langs": language_links(langs, lang), "jsonld": None}


def entity_context(graph: SiteGraph, page: Page, lang: str, langs_of: dict[str, tuple[str, ...]],
                   points: dict[str, tuple[float, float]]) -> dict:
    """Return the context of an entity page in ``lang``."""
    link = Linker(graph, page.folder, lang, langs_of)
    title = graph.label(page.iri, lang) or page.iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1] or page.iri
    context = common(page.folder, lang, page.langs, title, page.kind, page.iri)
    kinds = sorted(graph.types.get(page.iri, ()))
    context.update(kinds=[link.iri(k) for k in kinds if k.startswith(str(BBKG))] or [link.iri(k) for k in kinds],
                   facts=facts(link, page.iri), pointing=pointing_here(link, page.iri),
                   partnerships=[], timeline=[], ego=None, dot=None, nomap=False)
    if page.kind == "organisation":
        context.update(partnerships=partnerships(link, page.iri), timeline=timeline(link, page.iri),
                       ego=ego_network(link, page.iri))
        place = graph.first(page.iri, BBKG.locatedIn)
        context.update(dot=_dot(graph, place, lang, points), nomap=place is not None and place not in points)
    elif graph.is_a(page.iri, BBKG.Municipality):
        context.update(dot=_dot(graph, page.iri, lang, points), nomap=page.iri not in points)
    if page.kind == "ontology":
        terms = sorted((iri for iri, p in langs_of.items() if iri.startswith(ONTOLOGY_DOC + "#")))
        context["pointing"] = [(link.iri(RDF.type), [link.iri(t) for t in terms], 0)] + context["pointing"]
    return context


def _dot(graph: SiteGraph, place: str | None, lang: str, points: dict[str, tuple[float, float]]) -> dict | None:
    if place is None or place not in points:
        return None
    x, y = project(*points[place])
    return {"x": x, "y": y, "width": MAP_WIDTH, "height": MAP_HEIGHT, "place": graph.label(place, lang) or place}


def page_jsonld(page: Page) -> dict:
    """Return the JSON-LD of a page's data (embedded in the page and written beside it)."""
    return jsonld(page.triples)
