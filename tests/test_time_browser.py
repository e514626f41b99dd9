"""The HTML diagram's time slider in a real browser (Debian's chromium, every non-file request blocked):
moved to a year, it draws the nodes and edges of the network as of that year (the as-of query), the legend
counts follow it, and the play button steps through the years."""

from __future__ import annotations

import pytest

from browser import BROWSER_ARGS, CHROMIUM
from test_diagram_browser import open_page


@pytest.fixture(scope="module")
def slider_page(tmp_path_factory, history_trig):
    """The history fixture's network as an HTML page with the time slider, opened in Chromium."""
    from playwright.sync_api import sync_playwright

    from bbkg.network.graph import partnership_network
    from bbkg.network.history import yearly_activity
    from bbkg.render.diagram import write_diagrams
    from bbkg.store import open_store

    store = open_store("oxigraph", data=history_trig)
    graph = partnership_network(store)
    html = tmp_path_factory.mktemp("slider") / "history.html"
    write_diagrams(graph, [html], timeline=yearly_activity(graph, store))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        page, requests, dialogs, errors = open_page(browser, html)
        yield page, graph, store, (requests, dialogs, errors)
        browser.close()


def _drawn(page) -> tuple[int, int]:
    return (page.evaluate("bbkg.nodes.get({filter: n => !n.hidden}).length"),
            page.evaluate("bbkg.edges.get({filter: e => !e.hidden}).length"))


def test_the_slider_draws_the_network_as_of_each_year(slider_page):
    from collections import Counter

    from bbkg.network.history import network_as_of
    from bbkg.query.time import as_of

    page, graph, store, (requests, dialogs, errors) = slider_page
    years = page.evaluate("bbkg.data.time.years")
    assert years[0] == 2005 and years[-1] == 2024
    assert _drawn(page) == (graph.number_of_nodes(), graph.number_of_edges())  # all dates, at first
    seen = set()
    for chosen in (2012, 2018, 2022):
        page.locator("#year").fill(str(years.index(chosen)))  # move the slider (an input event)
        expected = network_as_of(store, as_of(str(chosen)))
        assert _drawn(page) == (expected.number_of_nodes(), expected.number_of_edges()), chosen
        assert page.inner_text("#year-label") == f"as of {chosen}"
        kinds = Counter(a["kind_label"] for _, a in expected.nodes(data=True))
        legend = page.inner_text("#legend")
        for label, count in kinds.items():
            assert f"{label[:1].upper() + label[1:]} ({count})" in legend, (chosen, label)
        seen.add(_drawn(page))
    assert len(seen) == 3  # three different networks
    page.locator("#year").fill(str(len(years)))
    assert _drawn(page) == (graph.number_of_nodes(), graph.number_of_edges())
    assert page.inner_text("#year-label") == "all dates"
    assert requests == [] and dialogs == [] and errors == []


def test_the_play_button_steps_through_the_years(slider_page):
    page, graph, store, (requests, dialogs, errors) = slider_page
    page.locator("#year").fill("0")
    page.click("#play")
    # a selector, not wait_for_function: the page's Content-Security-Policy forbids the eval it polls with
    page.wait_for_selector("#year-label:has-text('as of 2007')", timeout=20_000)
    page.click("#play")  # pause
    stopped = page.inner_text("#year-label")
    assert page.get_attribute("#play", "aria-label") == "Play"
    page.wait_for_timeout(1500)
    assert page.inner_text("#year-label") == stopped  # paused: the year stays
    assert requests == [] and dialogs == [] and errors == []
