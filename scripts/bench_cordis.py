"""Benchmark `bbkg import cordis` on a synthetic CORDIS H2020 package of real size (scripts/synth_cordis.py:
35k projects, 180k participations), with and without --country BE, to N-Quads and into a store.

    python scripts/bench_cordis.py [--dir /tmp/bbkg-bench-cordis] [--projects 35000] [--participations 180000]

Each import runs in a process of its own; the table gives its wall time and peak memory (the child's
resource.getrusage maximum resident set size) against the target of issue 11 (CORDIS H2020 in < 60 s on
2 cores), and the machine it ran on. Not a test: nothing here is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: runs the CLI and reports the process's own peak memory on stderr, whatever the exit
CHILD = """
import atexit, json, resource, sys
atexit.register(lambda: print("BENCH " + json.dumps({"maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}),
                              file=sys.stderr))
from bbkg.cli import run
run(sys.argv[1:])
"""
TARGET_SECONDS = 60


def machine() -> str:
    """Platform, Python, cores and memory of this machine."""
    ram = "?"
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            kb = int(next(line for line in handle if line.startswith("MemTotal")).split()[1])
        ram = f"{kb / 2**20:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (f"{platform.platform()}; Python {platform.python_version()}; {os.cpu_count()} cores; RAM {ram}; "
            f"load average at start {load}")


def run_import(args: list[str], cwd: Path) -> dict:
    """One `bbkg import cordis ...` in a child process: seconds, peak MiB, its summary line."""
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", CHILD, "import", "cordis", *args], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    seconds = time.perf_counter() - started
    peak = next((json.loads(line[6:])["maxrss_kb"] for line in proc.stderr.splitlines() if line.startswith("BENCH ")), 0)
    if proc.returncode != 0:
        raise SystemExit(f"bbkg import cordis {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return {"seconds": seconds, "peak_mib": peak / 1024, "summary": proc.stdout.strip().splitlines()}


def main() -> None:
    """Generate the package if needed, time the imports, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/bbkg-bench-cordis"))
    parser.add_argument("--projects", type=int, default=35_000)
    parser.add_argument("--participations", type=int, default=180_000)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "scripts"))
    import synth_cordis

    package = args.dir / "cordis-h2020projects-csv.zip"
    meta = args.dir / "package.json"
    if not package.exists() or not meta.exists() or json.loads(meta.read_text())["projects"] != args.projects:
        started = time.perf_counter()
        counts = synth_cordis.write(args.dir, args.projects, args.participations, 0.05, 11, True)
        meta.write_text(json.dumps(counts))
        print(f"generated {package} in {time.perf_counter() - started:.0f} s: {json.dumps(counts)}")
    print(f"machine: {machine()}")
    print(f"package: {package} ({package.stat().st_size / 2**20:.0f} MiB zipped): {meta.read_text()}")
    cases = [("H2020 -> N-Quads", [str(package), "--out", "all.nq", "-q"]),
             ("H2020 --country BE -> N-Quads", [str(package), "--country", "BE", "--out", "be.nq", "-q"]),
             ("H2020 -> new store", [str(package), "--store", "store", "-q"]),
             ("H2020 --country BE -> new store", [str(package), "--country", "BE", "--store", "store-be", "-q"])]
    print(f"\n| case | seconds | peak memory | target (< {TARGET_SECONDS} s) | what it wrote |")
    print("|---|---:|---:|---|---|")
    for name, case in cases:
        for leftover in ("store", "store-be"):
            shutil.rmtree(args.dir / leftover, ignore_errors=True)
        result = run_import(case, args.dir)
        met = "met" if result["seconds"] < TARGET_SECONDS else "missed"
        print(f"| {name} | {result['seconds']:.1f} | {result['peak_mib']:.0f} MiB | {met} | "
              f"{' / '.join(result['summary'])} |", flush=True)
    for leftover in ("all.nq", "be.nq", "store", "store-be"):
        path = args.dir / leftover
        shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
