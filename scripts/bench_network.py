"""Benchmark the network commands on a store as whole processes (wall clock): diagrams and metrics of a
selection, which fetch only what they draw, and of the whole network.

    python scripts/bench_network.py --store /work/data/store-100k --around BioWin --region walloon-region \
        --kind Investor --json bench-network.json

Each case runs ``bbkg diagram`` (or ``bbkg metrics``) once and records the seconds and what was drawn.
``--json OUT`` writes ``{"machine": {...}, "store": DIR, "cases": [...]}``; each case has the keys
``name`` (``diagram-around-depth1``, ``diagram-around-depth2``, ``diagram-region``, ``diagram-kind``,
``metrics-around``, ``diagram-whole``), ``command`` (the argument list), ``seconds`` (float),
``organisations`` and ``links`` (ints, what the diagram or metrics report holds; null if it failed) and
``returncode``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def machine() -> dict:
    """Return what the numbers ran on."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    return {"python": platform.python_version(), "system": platform.platform(), "cpu": cpu, "cores": os.cpu_count(),
            "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None}


def run(name: str, args: list[str], out: Path | None) -> dict:
    command = [sys.executable, "-m", "bbkg", *args]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    organisations = links = None
    found = re.search(r"\((\d+) organisations, (\d+) links\)", done.stderr)
    if found:
        organisations, links = int(found[1]), int(found[2])
    elif out is not None and done.returncode == 0:
        summary = json.loads(out.read_text())["summary"]
        organisations, links = summary["organisations"], summary["links"]
    if done.returncode:
        print(f"{name}: exit {done.returncode}: {done.stderr.strip()[-300:]}", file=sys.stderr)
    return {"name": name, "command": args, "seconds": round(seconds, 3), "organisations": organisations,
            "links": links, "returncode": done.returncode}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", required=True, help="a store folder made by `bbkg load`")
    parser.add_argument("--around", default="BioWin")
    parser.add_argument("--region", default="walloon-region")
    parser.add_argument("--kind", default="Investor")
    parser.add_argument("--skip-whole", action="store_true", help="leave out the whole-network diagram")
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args()
    store = ["--store", args.store]
    with tempfile.TemporaryDirectory(prefix="bbkg-bench-network-") as tmp:
        html, report = str(Path(tmp) / "x.html"), Path(tmp) / "m.json"
        cases = [
            ("diagram-around-depth1", ["diagram", *store, "--around", args.around, "--depth", "1", "--out", html], None),
            ("diagram-around-depth2", ["diagram", *store, "--around", args.around, "--depth", "2", "--out", html], None),
            ("diagram-region", ["diagram", *store, "--region", args.region, "--out", html], None),
            ("diagram-kind", ["diagram", *store, "--kind", args.kind, "--out", html], None),
            ("metrics-around", ["metrics", *store, "--around", args.around, "-f", "json", "-o", str(report)], report),
        ]
        if not args.skip_whole:
            cases.append(("diagram-whole", ["diagram", *store, "--out", html], None))
        results = []
        for name, command, out in cases:
            results.append(run(name, command, out))
            print(results[-1], file=sys.stderr, flush=True)
    info = machine()
    print(f"machine: {info['cpu']}, {info['cores']} cores, Python {info['python']}, load average {info['load_average']}")
    print("| case | seconds | organisations | links |\n|---|---|---|---|")
    for r in results:
        print(f"| {r['name']} | {r['seconds']:.1f} | {r['organisations']} | {r['links']} |")
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "store": args.store, "cases": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
