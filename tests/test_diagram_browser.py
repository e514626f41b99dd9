"""The HTML diagram in a real browser: headless Chromium (Debian's `chromium`) driven by Playwright.

Loaded from file:// with every non-file request blocked and recorded, it must make no request,
draw every node and edge of the graph, and show hostile labels as text without running them.
Skipped only when /usr/bin/chromium is missing outside CI; in CI (CI set) a missing browser fails.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import FIXTURES

CHROMIUM = Path("/usr/bin/chromium")
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"]

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        pytest.fail("CI is set but /usr/bin/chromium is missing: .ci/run installs it (apt-get install chromium)",
                    pytrace=False)
    pytest.skip("no /usr/bin/chromium (apt-get install chromium); runs in CI", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The hostile fixture ecosystem (labels that are markup and script) as a graph and its HTML diagram."""
    from bbkg.api import build_graph
    from bbkg.network.graph import partnership_network
    from bbkg.render.diagram import write_diagrams
    from bbkg.store import open_store

    folder = tmp_path_factory.mktemp("browser")
    result = build_graph(FIXTURES / "hostile", out_dir=folder)
    assert result.report.conforms, result.report.text()
    graph = partnership_network(open_store("oxigraph", data=folder / "bbkg.trig"))
    html = folder / "hostile.html"
    write_diagrams(graph, [html], title="</title><script>window.__pwned=9</script>")
    return graph, html


def open_page(browser, html: Path):
    """Open ``html`` with non-file requests blocked; return (page, requests made, dialogs, errors)."""
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    requests: list[str] = []
    dialogs: list[str] = []
    errors: list[str] = []

    def route(r):
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            requests.append(r.request.url)
            r.abort()

    page.add_init_script(  # record what the Content-Security-Policy had to block (an attempted injection)
        "window.__blocked = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__blocked.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    page.route("**/*", route)
    page.on("request", lambda req: None if req.url.startswith(("file://", "data:")) else requests.append(req.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(html.resolve().as_uri())
    # a selector, not wait_for_function: the page's Content-Security-Policy forbids the eval it polls with
    page.wait_for_selector('body[data-ready="true"]', state="attached", timeout=20_000)
    return page, requests, dialogs, errors


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
