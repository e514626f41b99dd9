"""Benchmark `bbkg diagram` against pyvis's own path on synthetic networks.

For each size it writes a synthetic knowledge graph (organisations in three regions, partnerships
with preferential attachment, spin-offs, memberships, acquisitions: about two links per
organisation), then measures:

- ``bbkg diagram -o X.html`` as a whole process (store load, SPARQL, layout, HTML), and its parts;
- pyvis's own path on the same networkx graph: ``Network.from_nx`` + ``write_html``;
- with ``--browser``: headless Chromium (``/usr/bin/chromium``, Playwright) loading bbkg's HTML from
  file://, time until vis-network has drawn the network and answers input; with ``--pyvis-browser``
  also pyvis's page (default physics) until its stabilisation finished, capped by ``--timeout``.

    python scripts/bench_diagram.py --sizes 1000 5000 20000 --browser
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
BBKG = "https://w3id.org/bbkg/ontology#"
ID = "https://w3id.org/bbkg/id/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
PREF = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
SOURCE = ox.NamedNode("http://purl.org/dc/terms/source")
TITLE = ox.NamedNode("http://purl.org/dc/terms/title")
DERIVED = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
KINDS = ("Company",) * 6 + ("University", "ResearchInstitute", "GovernmentAgency", "IndustryAssociation",
                            "Cluster", "Investor", "SciencePark")
REGIONS = ("flemish-region", "walloon-region", "brussels-capital-region")
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"]


def b(local: str) -> ox.NamedNode:
    return ox.NamedNode(BBKG + local)


def synthetic_quads(n: int, seed: int = 1) -> list[ox.Quad]:
    """Return a synthetic graph of ``n`` organisations and about ``2 n`` links, in one source's named graph."""
    rng = random.Random(seed)
    graph = ox.NamedNode(f"{ID}graph/source/synthetic")
    src = ox.NamedNode(f"{ID}source/synthetic")
    quads = [ox.Quad(src, RDF_TYPE, b("Source"), graph), ox.Quad(src, TITLE, ox.Literal("Synthetic benchmark"), graph),
             ox.Quad(graph, DERIVED, src, graph)]
    regions = [ox.NamedNode(f"{ID}region/{r}") for r in REGIONS]
    cities = []
    for i in range(30):
        city = ox.NamedNode(f"{ID}municipality/{10000 + i}")
        region = regions[i % 3]
        cities.append((city, region))
        quads += [ox.Quad(city, RDF_TYPE, b("Municipality"), graph),
                  ox.Quad(city, PREF, ox.Literal(f"City {i}", language="en"), graph),
                  ox.Quad(city, b("inRegion"), region, graph)]
    for region, name in zip(regions, ("Flemish Region", "Walloon Region", "Brussels-Capital Region")):
        quads += [ox.Quad(region, RDF_TYPE, b("Region"), graph), ox.Quad(region, PREF, ox.Literal(name, language="en"), graph)]
    orgs = [ox.NamedNode(f"{ID}org/org-{i}") for i in range(n)]
    for i, org in enumerate(orgs):
        city, region = cities[rng.randrange(len(cities))]
        quads += [ox.Quad(org, RDF_TYPE, b(rng.choice(KINDS)), graph),
                  ox.Quad(org, PREF, ox.Literal(f"Organisation {i}", language="en"), graph),
                  ox.Quad(org, b("locatedIn"), city, graph), ox.Quad(org, b("inRegion"), region, graph)]
    ends: list[int] = []

    def pick() -> int:
        return rng.choice(ends) if ends and rng.random() < 0.5 else rng.randrange(n)

    kind = ox.NamedNode("https://w3id.org/bbkg/concept/partnership-kind/research-collaboration")
    for p in range(int(1.65 * n)):
        a, c = (p, pick()) if p < n else (pick(), pick())  # every organisation takes part at least once
        if a == c:
            continue
        ends += [a, c]
        partnership = ox.NamedNode(f"{ID}partnership/p-{p}")
        quads += [ox.Quad(partnership, RDF_TYPE, b("Partnership"), graph),
                  ox.Quad(partnership, b("partnershipKind"), kind, graph),
                  ox.Quad(partnership, SOURCE, src, graph),
                  ox.Quad(partnership, PREF, ox.Literal(f"Partnership {p}", language="en"), graph),
                  ox.Quad(partnership, b("hasParticipant"), orgs[a], graph),
                  ox.Quad(partnership, b("hasParticipant"), orgs[c], graph)]
    for prop, share in (("spinOffOf", 0.1), ("memberOf", 0.2), ("acquiredBy", 0.05)):
        for _ in range(int(share * n)):
            a, c = rng.randrange(n), pick()
            if a != c:
                quads.append(ox.Quad(orgs[a], b(prop), orgs[c], graph))
    return quads


def timed(label: str, results: dict, func):
    start = time.perf_counter()
    value = func()
    results[label] = time.perf_counter() - start
    return value


def bench_size(n: int, folder: Path, args) -> dict:
    results: dict = {"nodes": n}
    data = folder / f"synthetic-{n}.nq"
    ontology = ROOT / "ontology" / "bbkg.ttl"
    data.write_bytes(ox.serialize(synthetic_quads(n), format=ox.RdfFormat.N_QUADS))
    html = folder / f"bbkg-{n}.html"
    bbkg = [sys.executable, "-m", "bbkg", "diagram", "--data", str(data), "--data", str(ontology), "-o", str(html)]
    timed("bbkg diagram (process)", results, lambda: subprocess.run(bbkg, check=True, capture_output=True))
    png = folder / f"bbkg-{n}.png"
    timed("bbkg diagram -o .png (process)", results,
          lambda: subprocess.run(bbkg[:-1] + [str(png)], check=True, capture_output=True))

    from bbkg.network.graph import partnership_network
    from bbkg.render.html import render_html
    from bbkg.render.style import layout_positions
    from bbkg.store import open_store

    store = timed("  load store", results, lambda: open_store("oxigraph", data=[data, ontology]))
    graph = timed("  build network (SPARQL)", results, lambda: partnership_network(store))
    results["edges"] = graph.number_of_edges()
    results["nodes"] = graph.number_of_nodes()
    positions = timed("  layout (igraph FR)", results, lambda: layout_positions(graph))
    timed("  render HTML", results, lambda: render_html(graph, positions))

    if n <= args.pyvis_max:
        import networkx as nx
        from pyvis.network import Network

        simple = nx.Graph()
        simple.add_nodes_from((node, {"label": a["label"], "title": a["label"]}) for node, a in graph.nodes(data=True))
        simple.add_edges_from(graph.edges())
        pyvis_html = folder / f"pyvis-{n}.html"

        def pyvis_path() -> None:
            net = Network(cdn_resources="in_line")
            net.from_nx(simple)
            net.write_html(str(pyvis_html))

        timed("pyvis from_nx + write_html", results, pyvis_path)
    if args.browser:
        results["browser: bbkg interactive"] = browser_time(html, 'body[data-ready="true"]', args.timeout)
        if args.pyvis_browser and n <= args.pyvis_max:
            results["browser: pyvis stabilised"] = browser_time(
                folder / f"pyvis-{n}.html", 'body[data-stable="true"]', args.timeout, pyvis=True)
    return results


def browser_time(path: Path, selector: str, timeout: float, pyvis: bool = False) -> float | str:
    """Return seconds from navigation until ``selector`` matches in headless Chromium (network blocked).

    A selector, not a JavaScript predicate: the page's Content-Security-Policy forbids the eval
    that Playwright's wait_for_function polls with.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=BROWSER_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
        if pyvis:  # flag the end of pyvis's stabilisation (it starts at load, before we could listen)
            page.add_init_script(
                "const _vn = setInterval(() => { if (window.network) { clearInterval(_vn);"
                " const done = () => document.body.setAttribute('data-stable', 'true');"
                " network.once('stabilized', done); network.once('stabilizationIterationsDone', done); } }, 5);"
            )
        start = time.perf_counter()
        page.goto(path.resolve().as_uri(), wait_until="commit")
        try:
            page.wait_for_selector(selector, state="attached", timeout=timeout * 1000)
            # a click answered proves the page is interactive, not only drawn
            page.mouse.click(700, 450)
            page.evaluate("() => new Promise(requestAnimationFrame)")
            value: float | str = time.perf_counter() - start
        except PlaywrightTimeout:
            value = f"> {timeout:.0f}"
        browser.close()
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--pyvis-max", type=int, default=20000, help="largest size to run pyvis's own path on")
    parser.add_argument("--browser", action="store_true", help="also time headless Chromium")
    parser.add_argument("--pyvis-browser", action="store_true", help="also time pyvis's page in Chromium")
    parser.add_argument("--timeout", type=float, default=60.0, help="browser timeout in seconds")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bbkg-bench-") as tmp:
        for n in args.sizes:
            rows.append(bench_size(n, Path(tmp), args))
            print(rows[-1], file=sys.stderr, flush=True)
    labels = list(dict.fromkeys(k for row in rows for k in row if k not in ("nodes", "edges")))
    print("| measure | " + " | ".join(f"{r['nodes']} nodes / {r['edges']} edges" for r in rows) + " |")
    print("|---|" + "---|" * len(rows))
    for label in labels:
        cells = [row.get(label, "") for row in rows]
        print(f"| {label} | " + " | ".join(f"{c:.2f} s" if isinstance(c, float) else f"{c} s" if c else "–"
                                           for c in cells) + " |")


if __name__ == "__main__":
    main()
