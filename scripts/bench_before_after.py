#!/usr/bin/env python3
"""Named queries before and after a change, side by side on one machine, interleaved so that load hits both.

    python scripts/bench_before_after.py --before /work/main /work/data/store-100k \\
        --after . /work/tmp-pairs/store-100k --repeat 5 partner-pairs most-connected

Each side is a checkout (with its ``.venv``) and a store made by that checkout. For every query, in turn
for each side: ``bbkg query NAME --store DIR --format csv > /dev/null`` as a whole process ``--repeat``
times (wall clock and the child's CPU time, user + sys: on a shared machine the CPU time moves less), the
default table output once (``--table``), and the engine alone (bbkg's layer on the open store, the text
``bbkg query`` runs, every row read; median of ``--repeat`` in one child process). Prints one line per
query and measure with the medians, and the machine and load average before and after.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import time

ENGINE = r'''
import sys, time, statistics
from pathlib import Path
from bbkg.query.catalogue import catalogue
from bbkg.query.params import bind_params
from bbkg.query.windowless import query_text
from bbkg.store.disk import open_disk_store
store = open_disk_store(Path(sys.argv[1])); named = catalogue()[sys.argv[2]]
bindings = bind_params(named, {}, store); text = query_text(named, bindings); times = []
for _ in range(int(sys.argv[3])):
    started = time.perf_counter()
    rows = store.query(text, bindings, origin=str(named.path)).rows
    times.append(time.perf_counter() - started)
print(statistics.median(times), len(rows))
'''


def process(checkout: str, store: str, name: str, fmt: str | None) -> tuple[float, float]:
    """Wall and CPU seconds of one ``bbkg query`` process."""
    cmd = [os.path.join(checkout, ".venv/bin/bbkg"), "query", name, "--store", store]
    cmd += ["--format", fmt] if fmt else []
    started = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, cwd=checkout)
    _, status, usage = os.wait4(child.pid, 0)
    if status:
        raise SystemExit(f"{' '.join(cmd)} failed (status {status})")
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime


def engine(checkout: str, store: str, name: str, repeat: int) -> tuple[float, int]:
    """Median engine seconds and the number of rows, in a child process of that checkout."""
    python = os.path.join(checkout, ".venv/bin/python")
    out = subprocess.run([python, "-c", ENGINE, store, name, str(repeat)], cwd=checkout, capture_output=True,
                         text=True, check=True).stdout.split()
    return float(out[0]), int(out[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", nargs=2, metavar=("CHECKOUT", "STORE"), required=True)
    parser.add_argument("--after", nargs=2, metavar=("CHECKOUT", "STORE"), required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--table", action="store_true", help="also the default table output, once")
    parser.add_argument("names", nargs="+")
    args = parser.parse_args()
    sides = {"before": args.before, "after": args.after}
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}; load average {os.getloadavg()}", flush=True)
    for name in args.names:
        runs: dict[str, list] = {side: [] for side in sides}
        for _ in range(args.repeat):
            for side, (checkout, store) in sides.items():
                runs[side].append(process(checkout, store, name, "csv"))
        for side, (checkout, store) in sides.items():
            seconds, rows = engine(checkout, store, name, args.repeat)
            table = f", table {process(checkout, store, name, None)[0]:.3f}" if args.table else ""
            wall = statistics.median(w for w, _ in runs[side])
            cpu = statistics.median(c for _, c in runs[side])
            print(f"{name} {side}: rows {rows}, engine {seconds:.3f}, csv wall {wall:.3f} cpu {cpu:.3f}{table}",
                  flush=True)
    print(f"load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
