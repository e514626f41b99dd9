#!/usr/bin/env python3
"""Benchmark the static site and the WebGL network view; print the machine and a Markdown table.

    python scripts/bench_site.py                       # shipped graph + 100k site, 20k and 100k network views
    python scripts/bench_site.py --site-sizes 10000    # a smaller synthetic site

Measures, each once (a benchmark of minutes, on a machine that may be busy: see the load average printed):

- ``bbkg site`` on the shipped graph and on the synthetic graph of ``--site-sizes`` organisations
  (scripts/synth.py, bbkg's own builder): the time to load the data, the time to write the site, files,
  bytes and the peak memory of the process;
- the network page of ``--network-sizes`` organisations (synthetic_network: the same organisations and
  links without the RDF round trip): layout + HTML time, file size, and the time until the page answers
  input in headless Chromium (Debian's /usr/bin/chromium, software WebGL: no GPU here), for the WebGL
  page and, at 20,000, for the vis-network page beside it; the WebGL page must draw every node (the
  benchmark stops otherwise).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import synth  # noqa: E402  (the generator beside this script)

BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"]


def machine() -> str:
    """Return one line describing the machine and the software measured."""
    import pyoxigraph

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal"))) / 1024 / 1024
    chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True).stdout.strip()
    return (f"{cpu}, {os.cpu_count()} cores, {memory:.1f} GB RAM, Linux {platform.release()}, Python "
            f"{platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, {chromium}; load average "
            f"{os.getloadavg()[0]:.1f}")


def site_in_child(data: str | None, out: str) -> dict:
    """Build a site in a fresh process (so that its peak memory is its own); return its measures."""
    code = (
        "import json, resource, sys, time\n"
        "from bbkg.store import open_store\nfrom bbkg.site import build_site\n"
        "t = time.perf_counter(); store = open_store(data=sys.argv[1] or None); load = time.perf_counter() - t\n"
        "r = build_site(store, sys.argv[2])\n"
        "print(json.dumps({'load': load, 'site': r.seconds, 'pages': r.pages, 'files': r.files, 'bytes': r.bytes,"
        " 'quads': store.count(), 'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code, data or "", out], capture_output=True, text=True, check=True)
    import json

    return json.loads(done.stdout.strip().splitlines()[-1])


def time_to_interactive(html: Path, timeout: float = 300) -> tuple[float, int | None]:
    """Seconds from navigation until the page is drawn (``body[data-ready]``) and has answered a click, and
    the number of nodes the WebGL page drew (None on the vis-network page)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=BROWSER_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
        start = time.perf_counter()
        page.goto(html.resolve().as_uri(), wait_until="commit")
        page.wait_for_selector('body[data-ready="true"]', state="attached", timeout=timeout * 1000)
        page.mouse.click(600, 450)
        page.evaluate("() => new Promise(requestAnimationFrame)")
        seconds = time.perf_counter() - start
        drawn = page.evaluate("typeof bbkg !== 'undefined' && bbkg.drawnNodes ? bbkg.drawnNodes() : null")
        browser.close()
    return seconds, drawn


def network_rows(sizes: list[int], folder: Path) -> list[list[str]]:
    """Measure the network pages."""
    from bbkg.render.diagram import write_diagrams

    rows = []
    for n in sizes:
        graph = synth.synthetic_network(n, seed=1)
        for renderer in (["webgl", "vis"] if n <= 20000 else ["webgl"]):
            html = folder / f"network-{n}-{renderer}.html"
            started = time.perf_counter()
            write_diagrams(graph, [html], renderer=renderer)
            built = time.perf_counter() - started
            tti, drawn = time_to_interactive(html)
            if renderer == "webgl" and drawn != graph.number_of_nodes():  # tests/test_webgl_browser.py checks 20,000
                raise SystemExit(f"bench_site.py: the WebGL page of {n:,} organisations drew {drawn} nodes")
            rows.append([f"network view, {n:,} organisations, {graph.number_of_edges():,} links ({renderer})",
                         f"{built:.1f} s (layout + HTML)", f"{html.stat().st_size / 1e6:.1f} MB",
                         f"{tti:.1f} s to interactive" + (", every node drawn" if drawn is not None else "")])
            print(rows[-1], file=sys.stderr, flush=True)
    return rows


def site_rows(sizes: list[int], folder: Path) -> list[list[str]]:
    """Measure the site of the shipped graph and of synthetic graphs."""
    rows = []
    for n in [0, *sizes]:
        data = None
        if n:
            data = folder / f"synth-{n}.nq"
            synth.write_synthetic(n, 1, data)
        m = site_in_child(str(data) if data else None, str(folder / f"site-{n}"))
        name = "shipped graph" if not n else f"{n:,} synthetic organisations"
        rows.append([f"bbkg site, {name} ({m['quads']:,} quads, {m['pages']:,} entity pages)",
                     f"{m['site']:.1f} s (+ {m['load']:.1f} s loading)", f"{m['bytes'] / 1e6:,.0f} MB in "
                     f"{m['files']:,} files", f"peak {m['peak_mb']:,.0f} MB"])
        print(rows[-1], file=sys.stderr, flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site-sizes", type=int, nargs="*", default=[100_000])
    parser.add_argument("--network-sizes", type=int, nargs="*", default=[20_000, 100_000])
    args = parser.parse_args(argv)
    print(f"Machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="bbkg-bench-site-") as tmp:
        rows = site_rows(args.site_sizes, Path(tmp)) + network_rows(args.network_sizes, Path(tmp))
    print("\n| what | time | size | notes |\n|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(f"\nbenchmark process peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
