#!/usr/bin/env python3
"""Benchmark every named query: whole process on a store, engine only, first row, against rdflib.

    python scripts/bench_queries.py --store STORE-100k --data synth-100k.nq --json q100k.json
    python scripts/bench_queries.py --store STORE-10k --data synth-10k.nq --rdflib-data synth-10k.nq

For every ``queries/*.rq`` with its ``#+ defaults``:

- ``process_s``: ``bbkg query NAME --store DIR --format csv > /dev/null`` as a whole process (Python
  start-up, opening the store, binding the defaults, the query, the output), wall clock, median of
  ``--repeat`` (a CONSTRUCT/DESCRIBE query writes Turtle, ``--format table``);
- ``engine_s``: in one process with the store open, the query alone with every row read (the bindings
  resolved before), median of ``--repeat``;
- ``first_row_s``: in that process, from the start of the query to the first CSV row written out by
  the streaming writer (``bbkg.render.stream``), for a SELECT; the header goes with the first row;
- ``memory_s``: the engine time with ``--data FILE`` loaded into the in-memory engine (skipped with
  ``--no-memory``); ``memory_load_s`` and ``memory_peak_mb`` in ``memory``;
- ``rdflib_s``: with ``--rdflib-data FILE`` (10k organisations: rdflib takes minutes to load more),
  rdflib's own engine on that file, median of ``--rdflib-repeat``; ``ratio_store`` = rdflib_s /
  engine_s on the store and ``ratio_memory`` = rdflib_s / memory_s (meaningful when the store and the
  rdflib file hold the same data); a query stopped after ``--rdflib-timeout`` seconds has
  ``rdflib_timed_out`` true, its time and ratios are then lower bounds (shown as ``>``).

Targets (issue 15): ``process_s`` < 1 s; ratio >= 10x where rdflib takes over 0.05 s; ``first_row_s`` <
0.2 s for an answer of 10,000 rows or more. JSON (``--json OUT``): ``{"machine": {...}, "store": DIR,
"data": FILE, "rdflib_data": FILE|null, "memory": {...}|null, "targets": {...}, "queries": {NAME: {"kind",
"rows", "process_s", "engine_s", "first_row_s", "memory_s", "rdflib_s", "rdflib_timed_out", "ratio_store",
"ratio_memory",
"met": {"process": bool, "ratio": bool|null, "first_row": bool|null}}}}``; times in seconds, null where
not measured. Each phase runs in its own process.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
PROCESS_TARGET_S = 1.0
RATIO_TARGET = 10.0
RATIO_WHEN_RDFLIB_OVER_S = 0.05
FIRST_ROW_TARGET_S = 0.2
LISTING_ROWS = 10_000


def _engine_times(store, repeat: int, first_rows: bool) -> dict:
    """Time every named query on an open store (bindings resolved first)."""
    from bbkg.query.catalogue import catalogue
    from bbkg.query.params import bind_params
    from bbkg.query.windowless import query_text

    out = {}
    for name, named in catalogue().items():
        bindings = bind_params(named, {}, store)
        text = query_text(named, bindings)  # what `bbkg query` runs
        times, result = [], None
        for _ in range(repeat):
            started = time.perf_counter()
            result = store.query(text, bindings, origin=str(named.path))
            times.append(time.perf_counter() - started)
        rows = len(result.rows) if result.kind == "select" else len(result.triples)
        entry = {"kind": result.kind, "rows": rows, "engine_s": statistics.median(times)}
        if first_rows and result.kind == "select":
            entry["first_row_s"] = _first_row(store, text, bindings, str(named.path))
        out[name] = entry
    return out


def _first_row(store, text: str, bindings: dict, origin: str) -> float:
    """Seconds from the start of the query to the first CSV row written by the streaming writer."""
    from bbkg.render.stream import write_result

    first: list[float] = []
    started = time.perf_counter()
    result = store.query(text, bindings, origin=origin, lazy=True)
    write_result(result, "csv", lambda _: first or first.append(time.perf_counter()))
    return first[0] - started


def phase_store(args: dict) -> dict:
    from bbkg.store.disk import open_disk_store

    return _engine_times(open_disk_store(Path(args["store"])), args["repeat"], True)


def phase_memory(args: dict) -> dict:
    from bbkg.store import open_store

    started = time.perf_counter()
    store = open_store("oxigraph", data=args["data"])
    load = time.perf_counter() - started
    return {"load_s": load, "queries": _engine_times(store, args["repeat"], False)}


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout


def phase_rdflib(args: dict) -> dict:
    """rdflib's engine on the file; a query over ``timeout`` seconds is stopped (SIGALRM) and noted."""
    import signal

    from bbkg.query.catalogue import catalogue
    from bbkg.query.params import bind_params
    from bbkg.query.windowless import query_text
    from bbkg.store import open_store

    started = time.perf_counter()
    store = open_store("rdflib", data=args["data"])
    load = time.perf_counter() - started
    signal.signal(signal.SIGALRM, _alarm)
    out = {}
    for name, named in catalogue().items():
        bindings = bind_params(named, {}, store)
        text = query_text(named, bindings)
        times = []
        try:
            for _ in range(args["repeat"]):
                signal.alarm(int(args["timeout"]))
                begun = time.perf_counter()
                store.query(text, bindings, origin=str(named.path))
                times.append(time.perf_counter() - begun)
                signal.alarm(0)
            out[name] = {"engine_s": statistics.median(times), "timed_out": False}
        except _Timeout:
            out[name] = {"engine_s": float(args["timeout"]), "timed_out": True}
    return {"load_s": load, "queries": out}


PHASES = {"store": phase_store, "memory": phase_memory, "rdflib": phase_rdflib}


def run_phase(name: str, args: dict) -> dict:
    """Run a phase in a child process; return its result with its peak memory (MB)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--phase", name, "--phase-args", json.dumps(args)]
    with tempfile.TemporaryFile() as out:
        child = subprocess.Popen(cmd, stdout=out, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"bench_queries.py: phase {name} failed")
        out.seek(0)
        result = json.loads(out.read().decode())
    result["peak_mb"] = round(usage.ru_maxrss / 1024, 1)
    return result


def process_time(name: str, kind: str, store: str, repeat: int) -> float:
    """Median wall time of ``bbkg query NAME --store DIR --format csv > /dev/null``."""
    bbkg = Path(sys.executable).with_name("bbkg")
    cmd = [str(bbkg), "query", name, "--store", store, "--format", "csv" if kind == "select" else "table"]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True, cwd=ROOT)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _ratio(theirs: float | None, ours: float | None) -> float | None:
    return theirs / max(ours, 1e-6) if theirs is not None and ours is not None else None


def measure(args: argparse.Namespace) -> dict:
    """Run every phase; return the report."""
    from bench import machine_info

    store = str(Path(args.store).resolve())
    queries = run_phase("store", {"store": store, "repeat": args.repeat})
    queries.pop("peak_mb")
    memory = None if args.no_memory else run_phase("memory", {"data": args.data, "repeat": args.repeat})
    rdflib = run_phase("rdflib", {"data": args.rdflib_data, "repeat": args.rdflib_repeat,
                                  "timeout": args.rdflib_timeout}) if args.rdflib_data else None
    for name, entry in queries.items():
        entry["process_s"] = process_time(name, entry["kind"], store, args.repeat)
        entry["memory_s"] = memory["queries"][name]["engine_s"] if memory else None
        entry["rdflib_s"] = rdflib["queries"][name]["engine_s"] if rdflib else None
        entry["rdflib_timed_out"] = bool(rdflib and rdflib["queries"][name]["timed_out"])
        entry.setdefault("first_row_s", None)
        entry["ratio_store"] = _ratio(entry["rdflib_s"], entry["engine_s"])
        entry["ratio_memory"] = _ratio(entry["rdflib_s"], entry["memory_s"])
        checked = entry["rdflib_s"] is not None and entry["rdflib_s"] > RATIO_WHEN_RDFLIB_OVER_S
        listing = entry["kind"] == "select" and entry["rows"] >= LISTING_ROWS
        entry["met"] = {"process": entry["process_s"] < PROCESS_TARGET_S,
                        "ratio": entry["ratio_store"] >= RATIO_TARGET if checked else None,
                        "first_row": entry["first_row_s"] < FIRST_ROW_TARGET_S if listing else None}
    if memory:
        memory = {"load_s": memory["load_s"], "peak_mb": memory["peak_mb"]}
    if rdflib:
        rdflib = {"load_s": rdflib["load_s"], "peak_mb": rdflib["peak_mb"]}
    return {"machine": machine_info(), "store": store, "data": args.data, "rdflib_data": args.rdflib_data,
            "memory": memory, "rdflib": rdflib, "queries": queries,
            "targets": {"process_s": PROCESS_TARGET_S, "ratio": RATIO_TARGET,
                        "ratio_when_rdflib_over_s": RATIO_WHEN_RDFLIB_OVER_S, "first_row_s": FIRST_ROW_TARGET_S,
                        "listing_rows": LISTING_ROWS}}


def _s(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _x(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f}x"


def _met(met: dict) -> str:
    missed = [what for what, ok in met.items() if ok is False]
    return "**no**: " + ", ".join(missed) if missed else "yes"


def table(report: dict) -> str:
    """Return the report as a Markdown table."""
    lines = ["| query | rows | process (s) | engine (s) | first row (s) | in memory (s) | rdflib (s) | "
             "rdflib/store | rdflib/memory | targets met |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for name, e in report["queries"].items():
        more = ">" if e["rdflib_timed_out"] else ""
        lines.append(f"| {name} | {e['rows']:,} | {_s(e['process_s'])} | {_s(e['engine_s'])} | {_s(e['first_row_s'])} "
                     f"| {_s(e['memory_s'])} | {more}{_s(e['rdflib_s'])} | {more}{_x(e['ratio_store'])} | {more}{_x(e['ratio_memory'])} "
                     f"| {_met(e['met'])} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", help="a store folder (bbkg load FILE --store DIR)")
    parser.add_argument("--data", help="the N-Quads file the store holds (for the in-memory engine)")
    parser.add_argument("--rdflib-data", help="an N-Quads file for rdflib (10k organisations)")
    parser.add_argument("--no-memory", action="store_true", help="skip the in-memory engine")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rdflib-repeat", type=int, default=1)
    parser.add_argument("--rdflib-timeout", type=int, default=120,
                        help="stop an rdflib query after this many seconds (its time then is a lower bound)")
    parser.add_argument("--json", help="write the report here")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--phase-args", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        print(json.dumps(PHASES[args.phase](json.loads(args.phase_args))))
        return 0
    if not args.store or not args.data:
        parser.error("--store and --data are required")
    report = measure(args)
    m = report["machine"]
    print(f"machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB, {m['os']}, Python {m['python']}, "
          f"pyoxigraph {m['libraries']['pyoxigraph']}, rdflib {m['libraries']['rdflib']} (shared with other work)")
    print(f"store {report['store']}, data {report['data']}, rdflib data {report['rdflib_data']}")
    if report["memory"]:
        print(f"in memory: load {report['memory']['load_s']:.1f} s, peak {report['memory']['peak_mb']:,.0f} MB")
    if report["rdflib"]:
        print(f"rdflib: load {report['rdflib']['load_s']:.1f} s, peak {report['rdflib']['peak_mb']:,.0f} MB")
    print(table(report), end="")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
