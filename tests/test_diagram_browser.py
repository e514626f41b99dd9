"""The HTML diagram in a real browser: headless Chromium (Debian's `chromium`) driven by Playwright.

Loaded from file:// with every non-file request blocked and recorded, it must make no request,
draw every node and edge of the graph, and show hostile labels as text without running them.
Skipped only when /usr/bin/chromium is missing outside CI; in CI (CI set) a missing browser fails.
"""

from __future__ import annotations

import pytest

from browser import Visit, require_chromium

require_chromium()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, hostile_trig):
    """The hostile fixture ecosystem (labels that are markup and script) as a graph and its HTML diagram."""
    from bbkg.network.graph import partnership_network
    from bbkg.render.diagram import write_diagrams
    from bbkg.store import open_store

    folder = tmp_path_factory.mktemp("browser")
    graph = partnership_network(open_store("oxigraph", data=hostile_trig))
    html = folder / "hostile.html"
    write_diagrams(graph, [html], title="</title><script>window.__pwned=9</script>")
    return graph, html


def open_page(browser, html):
    """Open ``html`` with non-file requests blocked; return (page, requests made, dialogs, errors)."""
    visit = Visit(browser)
    visit.open(html)
    return visit.page, visit.requests, visit.dialogs, visit.errors


def test_offline_complete_and_inert(browser, hostile):
    graph, html = hostile
    page, requests, dialogs, errors = open_page(browser, html)
    try:
        assert page.evaluate("bbkg.nodes.length") == graph.number_of_nodes()
        assert page.evaluate("bbkg.edges.length") == graph.number_of_edges()
        drawn = page.evaluate("Object.keys(bbkg.network.getPositions()).length")
        assert drawn == graph.number_of_nodes()
        labels = sorted(page.evaluate("bbkg.nodes.get().map(n => n.label)"))
        assert labels == sorted(a["label"] for _, a in graph.nodes(data=True))
        # every tooltip is a DOM element holding text only
        assert page.evaluate(
            "bbkg.nodes.get().concat(bbkg.edges.get())"
            ".every(x => x.title instanceof HTMLElement && x.title.children.length === 0)"
        )
        assert page.title() == "</title><script>window.__pwned=9</script>"

        # hover the organisation named <img src=x onerror=...>: its tooltip shows the name as text
        node = next(i for i, label in enumerate(page.evaluate("bbkg.data.nodes.label")) if "onerror" in label)
        x, y = page.evaluate(
            f"(() => {{ const p = bbkg.network.getPositions([{node}])[{node}];"
            f" const d = bbkg.network.canvasToDOM(p); const r = document.getElementById('network')"
            f".getBoundingClientRect(); return [r.left + d.x, r.top + d.y]; }})()"
        )
        page.mouse.move(x, y)
        tooltip = page.locator("div.vis-tooltip")
        tooltip.wait_for(state="visible", timeout=5_000)
        assert "onerror" in tooltip.inner_text()
        assert tooltip.locator("img, script, svg").count() == 0

        # search for it: the organisation and its neighbours are highlighted, the rest dimmed
        page.fill("#find", "onerror")
        page.press("#find", "Enter")
        assert "onerror" in page.inner_text("#found")
        selected = set(page.evaluate("bbkg.network.getSelectedNodes()"))
        iri = list(graph)[node]
        neighbours = {list(graph).index(n) for n in set(graph.successors(iri)) | set(graph.predecessors(iri))}
        assert selected == {node} | neighbours
        page.click("#clear")
        assert page.evaluate("bbkg.network.getSelectedNodes().length") == 0

        legend = page.inner_text("#legend")
        assert "Company" in legend and "Walloon Region" in legend
        assert page.locator("#legend img, #legend script, #legend b").count() == 0
        assert page.locator("body img, body b").count() == 0
        assert page.evaluate("window.__pwned") is None and page.evaluate("window.__blocked") == []
        assert dialogs == [] and requests == [] and errors == []
    finally:
        page.close()
