#!/usr/bin/env python3
"""Benchmark long answers in each output format, as whole processes (wall clock and user CPU).

    python scripts/bench_formats.py --store /work/data/store-100k --json formats.json
    python scripts/bench_formats.py --store /work/data/store-100k --src /tmp/before/src --src src

Each case is ``bbkg query NAME --store DIR --format FORMAT > /dev/null`` for every ``--query`` (default:
``without-partnership``, ``partner-pairs``, ``memberships``, the longest answers) and ``--format``
(default csv, table, md). With ``--src DIR`` (given more than once) the same cases run with each source
tree first on ``PYTHONPATH`` (a checkout of another commit: before and after in one run), the trees
taking turns within each repeat so that a change in the machine's load meets all of them. The text
table and Markdown look up labels (csv does not), so csv is the floor they are compared with.

It prints one line per case: medians of ``--repeat`` runs (wall and user seconds) and the ratio to csv
of the same tree. ``--json OUT`` writes ``{"machine": {...}, "store": DIR, "cases": [{"src", "query",
"format", "wall_s": [...], "user_s": [...], "median_wall_s", "median_user_s", "bytes"}]}``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ("without-partnership", "partner-pairs", "memberships")
FORMATS = ("csv", "table", "md")


def run_once(src: str | None, query: str, fmt: str, store: str) -> tuple[float, float, int]:
    """Run one case; return (wall seconds, user CPU seconds of the child, bytes written)."""
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = str(Path(src).resolve())
    bbkg = Path(sys.executable).with_name("bbkg")
    with tempfile.TemporaryFile() as out:
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
        started = time.perf_counter()
        subprocess.run([str(bbkg), "query", query, "--store", store, "--format", fmt], stdout=out, env=env,
                       check=True, cwd=ROOT)
        wall = time.perf_counter() - started
        user = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - before
        return wall, user, out.seek(0, os.SEEK_END)


def measure(args: argparse.Namespace) -> list[dict]:
    """Run every case ``--repeat`` times, the source trees taking turns; return the cases."""
    cases = {(src, q, f): {"src": src, "query": q, "format": f, "wall_s": [], "user_s": []}
             for q in args.query for f in args.format for src in args.src}
    for _ in range(args.repeat):
        for (src, query, fmt), case in cases.items():
            wall, user, size = run_once(src, query, fmt, args.store)
            case["wall_s"].append(round(wall, 3))
            case["user_s"].append(round(user, 3))
            case["bytes"] = size
    for case in cases.values():
        case["median_wall_s"] = statistics.median(case["wall_s"])
        case["median_user_s"] = statistics.median(case["user_s"])
    return list(cases.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", required=True, help="a store folder (bbkg load FILE --store DIR)")
    parser.add_argument("--query", action="append", help=f"a named query (default: {', '.join(QUERIES)})")
    parser.add_argument("--format", action="append", help=f"an output format (default: {', '.join(FORMATS)})")
    parser.add_argument("--src", action="append", help="a source tree to put first on PYTHONPATH (default: this one)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", help="write the report here")
    args = parser.parse_args(argv)
    args.query, args.format, args.src = args.query or list(QUERIES), args.format or list(FORMATS), args.src or [None]
    sys.path.insert(0, str(ROOT / "scripts"))
    from bench import machine_info

    m = machine_info()
    print(f"machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB, {m['os']}, Python {m['python']} "
          f"(load average {os.getloadavg()[0]:.1f} at the start)")
    cases = measure(args)
    csv = {(c["src"], c["query"]): c["median_wall_s"] for c in cases if c["format"] == "csv"}
    for c in cases:
        ratio = c["median_wall_s"] / csv[(c["src"], c["query"])] if (c["src"], c["query"]) in csv else None
        print(f"{c['src'] or '.'}  {c['query']:24s} {c['format']:6s} wall {c['median_wall_s']:7.2f} s  "
              f"user {c['median_user_s']:7.2f} s" + (f"  {ratio:.1f}x csv" if ratio else "")
              + f"  {c['bytes']:,} bytes  (runs: {', '.join(map(str, c['wall_s']))})")
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": m, "store": args.store, "cases": cases}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
