"""Named queries on bbkg's embedded engine with the data in memory (``--data FILE``), beside the
persistent store and the rdflib baseline of a ``scripts/bench.py`` report.

Usage: python scripts/bench_memory.py --report bench-report.json [--sizes 10000 100000] [--repeat 3]
           [--workdir DIR] [--markdown table.md]

Each size runs in its own process (peak memory = its maximum resident set size). The synthetic
graphs are the ones ``bench.py`` generates (same seed), reused from the work folder when present.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench  # noqa: E402  (the sibling script: synthetic graphs)
import bench_phases  # noqa: E402  (the named queries, timed)
from bench_run import ROOT  # noqa: E402
from bench_table import median  # noqa: E402


def child(path: str, repeat: int) -> None:
    """Load ``path`` into an in-memory Oxigraph store and time every named query (prints JSON)."""
    from bbkg.store import open_store

    started = time.perf_counter()
    store = open_store("oxigraph", data=path)
    load = time.perf_counter() - started
    print(json.dumps({"load": load, "quads": store.count(), "queries": bench_phases.run_queries(store, repeat)}))


def run_size(path: Path, repeat: int) -> dict:
    """Run ``child`` in a fresh process; return its result with its peak memory in MB."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(path), "--repeat", str(repeat)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"bench_memory.py: {path} failed")
    result = json.loads(proc.stdout.read())
    result["peak_mb"] = round(usage.ru_maxrss / 1024, 1)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", type=Path, help="a bench.py JSON report, for the store and rdflib columns")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=Path("bench-work"))
    parser.add_argument("--markdown", type=Path)
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.repeat)
        return 0
    earlier = {}
    if args.report:
        for row in json.loads(args.report.read_text())["rows"]:
            earlier[(row["n"], row["name"])] = row
    args.workdir.mkdir(parents=True, exist_ok=True)
    lines = ["| N | query | in memory (s) | --store (s) | rdflib (s) | rdflib / in memory | under 1 s |",
             "|---:|---|---:|---:|---:|---:|---|"]
    for n in args.sizes:
        path, _ = bench.synth(n, 1, args.workdir)
        result = run_size(path, args.repeat)
        lines.append(f"| {n:,} | (load {result['quads']:,} quads into memory) | {result['load']:.1f} | | | | "
                     f"peak {result['peak_mb']:,.0f} MB |")
        for name, entry in sorted(result["queries"].items()):
            ours = median(entry)
            row = earlier.get((n, f"query {name}"), {})
            store_s, rdflib_s = row.get("bbkg_s"), row.get("rdflib_s")
            ratio = f"{rdflib_s / ours:,.1f}x" if ours and rdflib_s else "-"
            fmt = lambda v: "-" if v is None else f"{v:.3f}"  # noqa: E731
            lines.append(f"| {n:,} | {name} | {fmt(ours)} | {fmt(store_s)} | {fmt(rdflib_s)} | {ratio} | "
                         f"{'yes' if ours is not None and ours < 1 else '**no**'} |")
    table = "\n".join(lines) + "\n"
    print(table)
    if args.markdown:
        args.markdown.write_text(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
