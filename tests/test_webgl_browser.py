"""The WebGL network page (sigma.js) in headless Chromium: at 20,000 organisations (synthetic, from
scripts/synth.py) it becomes interactive and draws every node; filters and search work; labels stay text.
`bbkg diagram` picks it by size or by --renderer. The page at 100,000 organisations is measured, and checked
to draw every node, by scripts/bench_site.py."""

from __future__ import annotations

import importlib.util

import pytest

from browser import Visit, require_chromium
from conftest import ROOT, run_cli

require_chromium()

#: organisations of the large page: well past the size from which `bbkg diagram` picks WebGL (WEBGL_FROM)
LARGE = 20_000


def _synth():
    spec = importlib.util.spec_from_file_location("synth", ROOT / "scripts" / "synth.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def large_page(tmp_path_factory):
    """The synthetic network of 20,000 organisations and its page (the renderer `bbkg diagram` picks)."""
    from bbkg.render.diagram import pick_renderer, write_diagrams

    graph = _synth().synthetic_network(LARGE, seed=1)
    assert pick_renderer(graph) == "webgl"
    html = tmp_path_factory.mktemp("webgl") / "large.html"
    write_diagrams(graph, [html])
    return graph, html


def test_20k_nodes_become_interactive_and_all_are_drawn(browser, large_page):
    graph, html = large_page
    visit = Visit(browser, (1400, 900))
    try:
        page = visit.open(html, timeout=180_000)
        assert page.evaluate("bbkg.graph.order") == graph.number_of_nodes() == LARGE
        assert page.evaluate("bbkg.graph.size") == graph.number_of_edges()
        assert page.evaluate("bbkg.drawnNodes()") == LARGE
        page.mouse.click(500, 400)  # it answers input
        assert visit.requests == [] and visit.errors == [] and visit.dialogs == []
    finally:
        visit.close()


@pytest.fixture(scope="module")
def medium_page(tmp_path_factory):
    """The synthetic network of 5,000 organisations as a WebGL page."""
    from bbkg.render.diagram import write_diagrams

    graph = _synth().synthetic_network(5_000, seed=1)
    html = tmp_path_factory.mktemp("webgl") / "medium.html"
    write_diagrams(graph, [html], renderer="webgl")
    return graph, html


def test_search_and_filters_in_the_webgl_page(browser, medium_page):
    graph, html = medium_page
    visit = Visit(browser, (1400, 900))
    try:
        page = visit.open(html, timeout=60_000)
        assert page.evaluate("bbkg.drawnNodes()") == graph.number_of_nodes()
        # a search finds and focuses an organisation
        page.fill("#find", "ghent university")
        page.press("#find", "Enter")
        assert page.inner_text("#found") == "Ghent University"
        assert "Ghent University" in page.inner_text("#details")
        page.click("#clear")
        # filter a kind out: its organisations are no longer drawn
        universities = sum(1 for _, kind in graph.nodes(data="kind") if kind == "University")
        index = page.evaluate("bbkg.data.kinds.findIndex(k => k.label === 'University')")
        page.uncheck(f"#kinds input[data-index='{index}']")
        assert page.evaluate("bbkg.drawnNodes()") == graph.number_of_nodes() - universities
        assert visit.requests == [] and visit.errors == [] and visit.dialogs == []
    finally:
        visit.close()


def test_diagram_picks_the_renderer_by_size_or_as_asked(tmp_path, browser, hostile_trig):
    data = hostile_trig
    small, webgl = tmp_path / "small.html", tmp_path / "webgl.html"
    assert run_cli("diagram", "--data", data, "--out", small).returncode == 0
    done = run_cli("diagram", "--data", data, "--out", webgl, "--renderer", "webgl")
    assert done.returncode == 0, done.stderr
    assert "vis.Network" in small.read_text(encoding="utf-8") and "Sigma" not in small.read_text(encoding="utf-8")
    assert "new Sigma(" in webgl.read_text(encoding="utf-8")
    visit = Visit(browser)
    try:
        page = visit.open(webgl)
        labels = page.evaluate("bbkg.graph.mapNodes((n, a) => a.label)")
        assert any("onerror" in label for label in labels)
        node = next(i for i, label in enumerate(labels) if "onerror" in label)
        page.evaluate(f"bbkg.select('{node}')")
        assert "onerror" in page.inner_text("#details")
        assert page.locator("#details *").count() == 0 and page.locator("body img").count() == 0
        assert page.evaluate("window.__pwned") is None and page.evaluate("window.__blocked") == []
        assert visit.requests == [] and visit.errors == [] and visit.dialogs == []
    finally:
        visit.close()
