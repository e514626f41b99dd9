"""The static site in a real browser (Debian's headless Chromium, every non-file request blocked): search by
names with and without accents in two languages, follow to the organisation's page, check its facts and
sources against SPARQL, count the map's markers against SPARQL; hostile names stay text on every kind of page.
"""

from __future__ import annotations

import pytest

from browser import Visit, require_chromium
from conftest import FIXTURES

require_chromium()

FACT_SOURCES = """
PREFIX bbkg: <https://w3id.org/bbkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?property ?value ?source ?quote WHERE {
  ?ev bbkg:about <https://w3id.org/bbkg/id/org/umons> ; bbkg:property ?property ;
      dcterms:source ?source ; bbkg:quote ?quote .
  <https://w3id.org/bbkg/id/org/umons> ?property ?value .
  OPTIONAL { ?ev bbkg:statedValue ?stated } FILTER(!BOUND(?stated) || sameTerm(?stated, ?value))
}"""

ON_THE_MAP = """
PREFIX bbkg: <https://w3id.org/bbkg/ontology#>
SELECT DISTINCT ?org ?muni WHERE { ?org a bbkg:Organisation ; bbkg:locatedIn ?muni }"""


def _search(page, text: str) -> list[tuple[str, str]]:
    page.fill("#q", text)
    page.press("#q", "Enter")
    found = page.eval_on_selector_all("#results a", "links => links.map(a => [a.textContent, a.getAttribute('href')])")
    return [tuple(item) for item in found]


def test_search_then_the_organisation_page_shows_its_facts_and_sources(browser, shipped_site, shipped_store):
    visit = Visit(browser)
    try:
        page = visit.open(shipped_site / "index.fr.html")
        for text in ("Université de Mons", "universite de MONS"):
            first = _search(page, text)[0]
            assert first == ("Université de Mons", "id/org/umons/index.fr.html"), text
        page = visit.open(shipped_site / "index.de.html")
        for text in ("Universität Mons", "universitat mons"):
            assert _search(page, text)[0] == ("Universität Mons", "id/org/umons/index.de.html"), text
        page.click("#results a >> nth=0")
        page.wait_for_selector("table.facts")
        assert page.url.endswith("/id/org/umons/index.de.html")
        assert page.inner_text("h1") == "Universität Mons"
        shown = {tuple(row) for row in page.eval_on_selector_all(
            "table.facts tr[data-property] .source",
            "divs => divs.map(d => [d.closest('tr').dataset.property, d.closest('tr').dataset.value,"
            " d.dataset.source, d.querySelector('blockquote').textContent])")}
        expected = {(p.value, v.value, s.value, q.value) for p, v, s, q in shipped_store.query(FACT_SOURCES).rows}
        assert len(expected) > 5 and shown == expected
        # each source is named by its title and links to its page
        titles = page.eval_on_selector_all("table.facts .source > a:first-child", "as => as.map(a => a.textContent)")
        assert "About the University of Mons" in titles
        assert visit.requests == [] and visit.errors == [] and visit.dialogs == []
    finally:
        visit.close()


def test_the_map_has_a_marker_per_organisation_placed(browser, shipped_site, shipped_store):
    from bbkg.network.geo import municipality_coordinates

    points = municipality_coordinates()
    placed = {org.value for org, muni in shipped_store.query(ON_THE_MAP).rows if muni.value in points}
    visit = Visit(browser, (1300, 900))
    try:
        page = visit.open(shipped_site / "map" / "index.fr.html")
        assert len(placed) > 200
        assert page.evaluate("bbkg.markers.length") == len(placed)
        assert page.evaluate("bbkg.cluster.getLayers().length") == len(placed)
        # what is drawn: the clusters' counts and the single markers add up to every organisation
        clustered = page.eval_on_selector_all(".marker-cluster", "cs => cs.reduce((n, c) => n + Number(c.textContent), 0)")
        single = page.locator(".bbkg-marker").count()
        assert clustered + single == len(placed)
        # filter out companies: the companies' markers go
        companies = page.evaluate("bbkg.data.kinds.findIndex(k => k.label === 'Entreprise')")
        company_count = page.evaluate(f"bbkg.data.points.kind.filter(k => k === {companies}).length")
        page.uncheck(f"#kinds input[data-index='{companies}']")
        assert page.evaluate("bbkg.shown") == len(placed) - company_count
        assert visit.requests == [] and visit.errors == []
    finally:
        visit.close()


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, hostile_trig):
    """The hostile fixture ecosystem plus hostile places, sources, concepts and terms, as a site."""
    from bbkg.site import build_site
    from bbkg.store import open_store

    folder = tmp_path_factory.mktemp("hostile-site")
    store = open_store("oxigraph", data=[hostile_trig, FIXTURES / "hostile-site.ttl"])
    build_site(store, folder / "site")
    return folder / "site"


HOSTILE_PAGES = ("index.html", "id/org/alpha-university/index.html", "id/org/gamma-bio/index.nl.html",
                 "id/org/delta-agency/index.fr.html", "id/partnership/alpha-beta-research/index.html",
                 "id/municipality/44021/index.fr.html", "id/source/fixture-report/index.html",
                 "concept/segment/therapeutics/index.html", "ontology/Company/index.de.html", "ontology/index.html",
                 "queries/partner-pairs/index.html", "map/index.html", "network/index.html")


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_hostile_names_are_text_on_every_kind_of_page(browser, hostile_site, path):
    visit = Visit(browser)
    try:
        page = visit.open(hostile_site / path, ready=path.startswith(("index", "map", "network")))
        text = page.inner_text("body")
        if path.startswith("network"):  # the network draws its labels on a canvas: read what it was given
            text = " ".join(page.evaluate("bbkg.data.nodes.label"))
        assert "<script>" in text or "<img" in text or "<svg" in text or "<iframe" in text or "&" in text, path
        assert page.evaluate("window.__pwned") is None
        assert page.locator("a[href^='javascript:' i], [onerror], [onload], iframe").count() == 0
        assert page.locator("main img, main b").count() == 0
        scripts = page.eval_on_selector_all("script", "ss => ss.map(s => s.type || 'js')")
        assert all(kind in ("js", "application/json", "application/ld+json") for kind in scripts)
        assert page.evaluate("window.__blocked") == []
        assert visit.dialogs == [] and visit.requests == [] and visit.errors == []
    finally:
        visit.close()
