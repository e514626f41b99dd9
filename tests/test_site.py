"""The static site: its data files are the graph (every .ttl and .jsonld parses; together they are the
exported graph), pages sit at the path of their IRI in every language, the rewrite rules negotiate content,
and generation is atomic."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import run_cli


def _site_triples(site: Path) -> tuple[set[ox.Triple], set[ox.Triple], int]:
    """Return the triples of every index.ttl and of every index.jsonld of a site, and the number of files."""
    ttl: set[ox.Triple] = set()
    jsonld: set[ox.Triple] = set()
    count = 0
    for path in sorted(site.rglob("index.ttl")):
        ttl |= {q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)}
        count += 1
    for path in sorted(site.rglob("index.jsonld")):
        jsonld |= {q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.JSON_LD)}
        count += 1
    return ttl, jsonld, count


def _exported(store, tmp_path: Path) -> set[ox.Triple]:
    """The graph as `bbkg export --format turtle` writes it."""
    from bbkg.store.export import export_store

    out = tmp_path / "export.ttl"
    export_store(store, "turtle", out)
    return {q.triple for q in ox.parse(path=str(out), format=ox.RdfFormat.TURTLE)}


def test_the_site_data_files_together_are_the_exported_graph(shipped_site, shipped_store, tmp_path):
    ttl, jsonld, count = _site_triples(shipped_site)
    exported = _exported(shipped_store, tmp_path)
    assert count > 4000
    # no blank node in the graph: isomorphism is equality of the triple sets
    assert not any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in exported)
    assert ttl == exported
    assert jsonld == exported


def test_fixture_site_is_isomorphic_with_rdflib(tmp_path, ecosystem_store):
    """The same on the fixture ecosystem, compared by rdflib's graph isomorphism (blank nodes allowed)."""
    import rdflib
    from rdflib.compare import isomorphic

    from bbkg.site import build_site

    site = tmp_path / "site"
    build_site(ecosystem_store, site)
    union = rdflib.Graph()
    for path in site.rglob("index.ttl"):
        union.parse(path, format="turtle")
    from_jsonld = rdflib.Graph()
    for path in site.rglob("index.jsonld"):
        from_jsonld.parse(path, format="json-ld")
    exported = rdflib.Graph().parse(data=run_cli("export", "--data", _trig(ecosystem_store, tmp_path)).stdout,
                                    format="turtle")
    assert len(exported) > 500
    assert isomorphic(union, exported)
    assert isomorphic(from_jsonld, exported)


def _trig(store, tmp_path: Path) -> Path:
    from bbkg.store.export import export_store

    path = tmp_path / "data.trig"
    export_store(store, "trig", path)
    return path


def test_pages_sit_at_the_path_of_their_iri_with_data_and_languages(shipped_site):
    page = shipped_site / "id" / "org" / "galapagos"
    assert {p.name for p in page.iterdir()} == {"index.html", "index.fr.html", "index.ttl", "index.jsonld"}
    html = (page / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="text/turtle" href="index.ttl">' in html
    assert '<link rel="alternate" type="application/ld+json" href="index.jsonld">' in html
    assert 'hreflang="fr" href="index.fr.html"' in html
    embedded = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    described = {q.triple for q in ox.parse(embedded.encode(), format=ox.RdfFormat.JSON_LD)}
    label = ox.Triple(ox.NamedNode("https://w3id.org/bbkg/id/org/galapagos"),
                      ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"), ox.Literal("Galapagos"))
    assert label in described
    # German pages exist where German labels do: UMONS has one, Galapagos none
    assert (shipped_site / "id" / "org" / "umons" / "index.de.html").exists()
    assert "Universität Mons" in (shipped_site / "id" / "org" / "umons" / "index.de.html").read_text(encoding="utf-8")
    # every kind of page
    for folder in ("id/municipality/44021", "id/partnership/galapagos-gilead-2015-filgotinib", "id/source/glpg-history",
                   "concept/segment/therapeutics", "ontology/Company", "ontology", "id/region/walloon-region",
                   "queries/partners-of", "map"):
        assert (shipped_site / folder / "index.html").exists(), folder
    ontology = (shipped_site / "ontology" / "Company" / "index.html").read_text(encoding="utf-8")
    assert "../../id/org/galapagos/index.html" in ontology  # the kind's page lists its organisations


def test_query_pages_show_results_and_sparql(shipped_site, shipped_store):
    from markupsafe import escape

    from bbkg.query.catalogue import find_query
    from bbkg.query.params import bind_params
    from bbkg.render.results import display_rows

    html = (shipped_site / "queries" / "spin-offs-of" / "index.html").read_text(encoding="utf-8")
    query = find_query("spin-offs-of")
    assert str(escape(query.text)) in html
    result = shipped_store.query(query.text, bind_params(query, {}, shipped_store))
    rows = display_rows(result, shipped_store, "en")
    assert len(rows) > 5
    cells = re.findall(r"<td>(?:<a href=\"[^\"]*\">)?([^<]*)", html.split("<tbody>", 1)[1].split("</tbody>")[0])
    assert sorted(cells) == sorted("" if v is None else str(escape(v)) for row in rows for v in row)
    assert str(escape(query.summary)) in html


def test_rewrite_rules_negotiate_with_303_and_vary(shipped_site):
    htaccess = (shipped_site / ".htaccess").read_text(encoding="utf-8")
    nginx = (shipped_site / "bbkg-nginx.conf").read_text(encoding="utf-8")
    for rules in (htaccess, nginx):
        assert "303" in rules and "Vary" in rules and "Accept-Language" in rules
        assert "index.ttl" in rules and "index.jsonld" in rules and "text/turtle" in rules
    assert "RewriteRule ^ %{REQUEST_URI}/index.ttl [R=303,L]" in htaccess
    assert "return 303 $uri$bbkg_target;" in nginx


def test_site_command_replaces_the_folder_only_when_complete(tmp_path, ecosystem_trig, monkeypatch):
    out = tmp_path / "site"
    done = run_cli("site", "--data", ecosystem_trig, "--out", out, "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "entity pages" in done.stderr
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    assert Path("id/org/gamma-bio/index.html") in before and not (out / "id/org/gamma-bio/index.fr.html").exists()
    import bbkg.site.extras as extras

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(extras, "search_index", broken)
    with pytest.raises(OSError):
        from bbkg.site import build_site
        from bbkg.store import open_store

        build_site(open_store(data=ecosystem_trig), out)
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no staging folder left behind
