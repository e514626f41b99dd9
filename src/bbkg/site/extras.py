"""The pages that are not one entity: the home page with the search and the lists (kinds, regions, provinces,
segments, cities), the search index, a page per named query (results and SPARQL), the map and the network.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import pyoxigraph as ox

from bbkg.namespaces import BBKG, SKOS
from bbkg.render.assets import script_json
from bbkg.site.facts import Linker, Value
from bbkg.site.model import SiteGraph
from bbkg.site.pages import Page, common
from bbkg.site.paths import html_file, relative
from bbkg.site.words import SITE_LANGS, words

if TYPE_CHECKING:
    from markupsafe import Markup
from bbkg.vocab import ORG_KINDS

SEGMENT_SCHEME = "https://w3id.org/bbkg/concept/segment"


def home_context(graph: SiteGraph, lang: str, langs_of: dict[str, tuple[str, ...]]) -> dict:
    """Return the home page's context: the search and the lists to browse by."""
    link = Linker(graph, "", lang, langs_of)
    w = words(lang)
    context = common("", lang, SITE_LANGS, w["site"], "home", data="" in langs_of)
    if "" not in langs_of:
        context["alternates"] = [a for a in context["alternates"] if a.get("hreflang")]
    kinds = [(link.iri(BBKG[k]), len(graph.subjects("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", BBKG[k])))
             for k in ORG_KINDS]
    regions = sorted(s for s in graph.types if BBKG.Region in graph.types[s])
    provinces = sorted(s for s in graph.types if BBKG.Province in graph.types[s])
    segments = graph.subjects(SKOS.inScheme, SEGMENT_SCHEME)
    cities = Counter(o.value for s, t in graph.types.items() if BBKG.Organisation in t
                     for o in graph.values(s, BBKG.locatedIn))

    def listed(iris, count_of) -> list[tuple[Value, int | None]]:
        return sorted(((link.iri(i), count_of(i)) for i in iris), key=lambda item: item[0].text.casefold())

    context["sections"] = [
        (w["kinds"], kinds),
        (w["regions"], listed(regions, lambda r: len(graph.subjects(BBKG.inRegion, r)))),
        (w["provinces"], listed(provinces, lambda p: len(graph.subjects(BBKG.inProvince, p)))),
        (w["segments"], listed(segments, lambda s: len(graph.subjects(BBKG.segment, s)))),
        (w["cities"], listed(cities, lambda c: cities[c])),
    ]
    return context


def search_index(graph: SiteGraph, pages: dict[str, Page]) -> str:
    """Return the search index as a script: per page its folder, kind, labels, every name and identifier."""
    priority = ("organisation", "place", "partnership", "concept", "term", "ontology", "source")
    kinds = sorted({p.kind for p in pages.values()}, key=lambda k: (priority.index(k) if k in priority else 99, k))
    word_of = {"organisation": "organisations", "place": "places", "partnership": "partnerships",
               "source": "sources_list", "concept": "concepts", "term": "terms", "ontology": "terms"}
    kind_words = {k: {lang: words(lang).get(word_of.get(k, ""), k) for lang in SITE_LANGS} for k in kinds}
    entries = []
    for iri, page in sorted(pages.items()):
        if page.kind in ("home",):
            continue
        names = [value for value, _ in graph.names.get(iri, ())]
        names += [o.value for p, o in graph.out.get(iri, ()) if p in graph.identifier_properties
                  and isinstance(o, ox.Literal)]
        names += [o.value for o in graph.values(iri, BBKG.abbreviation) + graph.values(iri, BBKG.formerName)
                  + graph.values(iri, SKOS.altLabel)]
        labels = {lang: graph.label(iri, lang) for lang in SITE_LANGS}
        names = list(dict.fromkeys(n for n in names if n)) or [iri.rsplit("/", 1)[-1]]
        entries.append([page.folder, kinds.index(page.kind), {k: v for k, v in labels.items() if v}, names,
                        list(page.langs)])
    kind_labels = [kind_words[k] for k in kinds]
    return "window.BBKG_SEARCH = " + script_json({"kinds": kind_labels, "entries": entries}) + ";\n"


def query_pages(store, graph: SiteGraph, langs_of: dict[str, tuple[str, ...]]) -> dict[str, dict[str, dict]]:
    """Return, per named query and language, the context of its page (run with its default parameters)."""
    from bbkg.errors import BbkgError
    from bbkg.query.catalogue import catalogue
    from bbkg.query.params import bind_params

    out: dict[str, dict[str, dict]] = {}
    for name, query in sorted(catalogue().items()):
        folder = f"queries/{name}"
        try:
            bindings = bind_params(query, {}, store)
            result = store.query(query.text, bindings)
        except BbkgError as exc:
            bindings, result = {}, exc
        out[name] = {lang: _query_context(graph, query, folder, lang, langs_of, bindings, result)
                     for lang in SITE_LANGS}
    return out


def _query_context(graph, query, folder, lang, langs_of, bindings, result) -> dict:
    link = Linker(graph, folder, lang, langs_of)
    context = common(folder, lang, SITE_LANGS, f"{query.name}: {query.summary}", "query", data=False)
    context.update(query=query, columns=[], rows=[], answer=None,
                   bindings=[(k, link.term(v).text) for k, v in sorted(bindings.items())])
    if isinstance(result, Exception):
        context["answer"] = str(result)
    elif result.kind == "ask":
        context["answer"] = "true" if result.boolean else "false"
    elif result.kind == "graph":
        context["columns"] = ["subject", "predicate", "object"]
        context["rows"] = [[link.term(t.subject), link.term(t.predicate), link.term(t.object)]
                           for t in sorted(set(result.triples), key=str)]
    else:
        context["columns"] = result.variables
        context["rows"] = [[link.term(v) if v is not None else Value("") for v in row] for row in result.rows]
    return context


def query_index_context(lang: str, names: list[tuple[str, str]]) -> dict:
    """Return the context of the list of named queries."""
    context = common("queries", lang, SITE_LANGS, words(lang)["queries"], "queries", data=False)
    context.update(query=None, queries=[(n, s, relative("queries", f"queries/{n}", html_file(lang))) for n, s in names])
    return context


def map_href(langs_of: dict[str, tuple[str, ...]], lang: str):
    """Return the function giving the link from the map page (``map/``) to an organisation's page."""
    from bbkg.site.paths import page_folder

    def href(iri: str) -> str | None:
        folder = page_folder(iri)
        if folder is None or iri not in langs_of:
            return None
        return relative("map", folder, html_file(lang if lang in langs_of[iri] else "en"))

    return href


def jsonld_script(document: dict) -> Markup:
    """Return JSON-LD safe to embed in a ``<script type="application/ld+json">`` (no '<', '>' or '&' left)."""
    from markupsafe import Markup

    text = script_json(document)
    return Markup(text) if len(text) < 2_000_000 else Markup("")
