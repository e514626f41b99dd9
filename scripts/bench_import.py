"""Benchmark `bbkg import kbo`: a synthetic Full extract of real size (scripts/synth_kbo.py), imported into
a store, then the next month's Update applied; wall time and peak memory of each command as a whole
process, and the machine they ran on.

    python scripts/bench_import.py [--enterprises 1900000] [--work /tmp/bbkg-bench-import]

Targets (issue 11, 2 cores): Full filtered and imported in < 5 min with < 1 GB peak memory; an
Update applied in < 30 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def machine() -> str:
    """One line on the machine: CPU, cores, memory, Python."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), cpu)
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GB RAM, Python {platform.python_version()}, {platform.system()}"


#: runs one command and prints its own peak memory: RUSAGE_CHILDREN of this process is the max over all
#: children, so each command gets a fresh parent
WRAPPER = ("import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
           "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(done.returncode)")


def timed(*args: object) -> tuple[float, float, str]:
    """Run ``bbkg ARGS`` as a process; return seconds, its peak RSS in MB and its stdout."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", WRAPPER, sys.executable, "-m", "bbkg", *map(str, args)],
                          capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"bbkg {' '.join(map(str, args))} failed: {done.stderr.strip()}")
    peak_kb = int(done.stderr.strip().splitlines()[-1])
    return seconds, peak_kb / 1024, done.stdout.strip()


def rows(path: Path, table: str) -> int:
    with zipfile.ZipFile(path) as archive, archive.open(table) as handle:
        return sum(1 for _ in handle) - 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--enterprises", type=int, default=1_900_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/bbkg-bench-import"))
    parser.add_argument("--keep", action="store_true", help="reuse the extracts of an earlier run of the same size")
    args = parser.parse_args()
    work = args.work / str(args.enterprises)
    full = work / "KboOpenData_0200_2025_11_01_Full.zip"
    update = work / "KboOpenData_0201_2025_12_01_Update.zip"
    if not (args.keep and full.exists()):
        shutil.rmtree(work, ignore_errors=True)
        subprocess.run([sys.executable, str(ROOT / "scripts" / "synth_kbo.py"), "--out", str(work),
                        "--enterprises", str(args.enterprises)], check=True)
    store = work / "store"
    shutil.rmtree(store, ignore_errors=True)
    print(f"machine: {machine()}")
    print(f"extract: {args.enterprises:,} enterprises, {rows(full, 'activity.csv'):,} activity rows, "
          f"{full.stat().st_size / 1e6:,.0f} MB zipped")
    seconds, peak, out = timed("import", "kbo", full, "--store", store, "-q")
    print(f"| import Full, biotech, into a new store | {seconds:.1f} s | {peak:,.0f} MB | < 300 s, < 1 GB |")
    print(f"  {out.splitlines()[0]}")
    seconds, peak, out = timed("import", "kbo", update, "--store", store, "-q")
    print(f"| apply the next Update | {seconds:.1f} s | {peak:,.0f} MB | < 30 s |")
    print(f"  {out.splitlines()[0]}")


if __name__ == "__main__":
    main()
