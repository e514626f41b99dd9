#!/usr/bin/env python3
"""`bbkg load` against raw ``pyoxigraph.Store.bulk_load`` on the same file, side by side (issue 15).

    python scripts/bench_load.py FILE [--repeat N] [--json OUT] [--dir WORKDIR]

Each run is two whole processes, one after the other, on the same file (read once beforehand, so that
both find it in the page cache):

- raw: ``python -c`` that opens a fresh disk store (``pyoxigraph.Store(DIR)``) and calls
  ``store.bulk_load(path=FILE)``: the engine's own speed, in one call;
- bbkg: ``python -m bbkg load FILE --store DIR -q`` into a fresh store folder.

Time = the process's wall time (start-up, load and close included, for both); peak memory = the
process's maximum resident set size (``os.wait4``'s rusage of that child). Quads = what the bbkg
store holds (its marker). With ``--repeat N``: the median time and the highest peak of the N runs.
The target: bbkg within 80% of raw (``ratio = raw s / bbkg s >= 0.8``) with a peak under 1.5 GB.

:func:`measure` returns (and ``--json`` writes) one flat dict, for scripts/bench.py:

- ``file`` (str), ``bytes`` (int), ``quads`` (int), ``repeat`` (int), ``machine`` (str);
- ``raw_s``, ``raw_qps``, ``raw_peak_mb``: raw bulk_load's seconds, quads per second, peak MB;
- ``bbkg_s``, ``bbkg_qps``, ``bbkg_peak_mb``: the same for ``bbkg load``;
- ``ratio`` (raw_s / bbkg_s), ``ratio_target`` (0.8), ``memory_target_mb`` (1536);
- ``target_met`` (bool): ratio >= 0.8 and bbkg_peak_mb < 1536;
- ``runs``: the list of each run's ``{"raw_s", "raw_peak_mb", "bbkg_s", "bbkg_peak_mb"}``.

Not a test: nothing is asserted; the machine is printed with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RATIO_TARGET = 0.8
MEMORY_TARGET_MB = 1536
#: the raw engine, as a user of pyoxigraph would call it on the whole file
RAW = """
import sys
import pyoxigraph as ox
store = ox.Store(sys.argv[2])
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS if sys.argv[1].endswith(".nq") else None)
"""


def machine() -> str:
    """Platform, Python, cores, memory and load average of this machine (as bench_cordis.py says them),
    and the pyoxigraph version."""
    import pyoxigraph

    sys.path.insert(0, str(ROOT / "scripts"))
    from bench_cordis import machine as about

    return f"{about()}; pyoxigraph {pyoxigraph.__version__}"


def run_child(argv: list[str]) -> tuple[float, float]:
    """Run one process to its end; return its wall seconds and peak resident memory (MB)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    started = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    errors = child.stderr.read().decode(errors="replace")
    child.stderr.close()
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(argv[:3])} ... failed ({child.returncode}):\n{errors}")
    kb = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss / 1024
    return seconds, kb / 1024


def warm(path: Path) -> None:
    """Read the file once so that both processes find it in the page cache."""
    with path.open("rb") as handle:
        while handle.read(16 << 20):
            pass


def one_run(path: Path, workdir: Path) -> dict:
    """Raw bulk_load, then `bbkg load`, each into a fresh store; return both times and peaks."""
    raw_dir, bbkg_dir = workdir / "raw-store", workdir / "bbkg-store"
    for folder in (raw_dir, bbkg_dir):
        shutil.rmtree(folder, ignore_errors=True)
    raw_s, raw_mb = run_child([sys.executable, "-c", RAW, str(path), str(raw_dir)])
    shutil.rmtree(raw_dir, ignore_errors=True)
    bbkg_s, bbkg_mb = run_child([sys.executable, "-m", "bbkg", "load", str(path), "--store", str(bbkg_dir), "-q"])
    quads = json.loads((bbkg_dir / "bbkg-store.json").read_text(encoding="utf-8"))["quads"]
    shutil.rmtree(bbkg_dir, ignore_errors=True)
    return {"raw_s": raw_s, "raw_peak_mb": raw_mb, "bbkg_s": bbkg_s, "bbkg_peak_mb": bbkg_mb, "quads": quads}


def measure(path: Path | str, repeat: int = 1, workdir: Path | str | None = None) -> dict:
    """Measure raw bulk_load and `bbkg load` side by side on ``path``, ``repeat`` times; return the
    flat dict the module's docstring describes."""
    path = Path(path).resolve()
    about = machine()
    warm(path)
    with tempfile.TemporaryDirectory(prefix="bbkg-bench-load-", dir=workdir) as tmp:
        runs = [one_run(path, Path(tmp)) for _ in range(repeat)]
    quads = runs[-1]["quads"]
    raw_s = statistics.median(r["raw_s"] for r in runs)
    bbkg_s = statistics.median(r["bbkg_s"] for r in runs)
    bbkg_mb = max(r["bbkg_peak_mb"] for r in runs)
    ratio = raw_s / bbkg_s if bbkg_s else 0.0
    return {
        "file": str(path), "bytes": path.stat().st_size, "quads": quads, "repeat": repeat, "machine": about,
        "raw_s": raw_s, "raw_qps": quads / raw_s, "raw_peak_mb": max(r["raw_peak_mb"] for r in runs),
        "bbkg_s": bbkg_s, "bbkg_qps": quads / bbkg_s, "bbkg_peak_mb": bbkg_mb,
        "ratio": ratio, "ratio_target": RATIO_TARGET, "memory_target_mb": MEMORY_TARGET_MB,
        "target_met": ratio >= RATIO_TARGET and bbkg_mb < MEMORY_TARGET_MB,
        "runs": [{k: v for k, v in r.items() if k != "quads"} for r in runs],
    }


def report(result: dict) -> str:
    """The figures as a few lines of text."""
    lines = [f"machine: {result['machine']}",
             f"file: {result['file']} ({result['bytes'] / 2**20:,.0f} MiB, {result['quads']:,} quads), "
             f"{result['repeat']} run(s), medians",
             "| what | seconds | quads/s | peak MB |", "|---|---:|---:|---:|"]
    for who, name in (("raw", "raw pyoxigraph bulk_load"), ("bbkg", "bbkg load")):
        lines.append(f"| {name} | {result[who + '_s']:.1f} | {result[who + '_qps']:,.0f} | "
                     f"{result[who + '_peak_mb']:,.0f} |")
    lines.append(f"ratio (raw s / bbkg s): {result['ratio']:.2f} (target >= {RATIO_TARGET}, peak < "
                 f"{MEMORY_TARGET_MB} MB): target {'met' if result['target_met'] else 'NOT met'}")
    for i, run in enumerate(result["runs"], 1):
        lines.append(f"run {i}: raw {run['raw_s']:.1f} s {run['raw_peak_mb']:,.0f} MB, "
                     f"bbkg {run['bbkg_s']:.1f} s {run['bbkg_peak_mb']:,.0f} MB")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Command line: measure, print, and write the JSON when asked."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", type=Path, help="an RDF file (N-Quads, e.g. from scripts/synth.py)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each (median time, highest peak)")
    parser.add_argument("--json", type=Path, default=None, help="write the figures here as JSON")
    parser.add_argument("--dir", type=Path, default=None, help="where the stores are made (default: a temp folder)")
    args = parser.parse_args(argv)
    if not args.file.is_file():
        parser.error(f"{args.file}: no such file")
    result = measure(args.file, max(args.repeat, 1), args.dir)
    print(report(result), flush=True)
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
