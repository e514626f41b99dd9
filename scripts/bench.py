#!/usr/bin/env python3
"""Benchmark bbkg (Oxigraph, persistent store) against the pure-rdflib baseline on synthetic graphs.

    python scripts/bench.py                                   # N = 1,000 / 10,000 / 100,000
    python scripts/bench.py --sizes 1000 10000 --repeat 5 --out bench.json

For each N it generates the graph with ``scripts/synth.py`` (N-Quads), then measures, each
phase in its own process (peak memory = that process's ``ru_maxrss``):

- load: ``bbkg load`` into a fresh persistent store (bbkg) / ``open_store("rdflib", data=...)``;
- every named query in ``queries/*.rq`` with its default parameters (``#+ defaults``; the
  synthetic graph holds entities with those names, see synth.py); the time is the query, with
  its rows turned into Python values, not the resolution of the parameter names (own row);
- Turtle export: ``bbkg.export.serialize`` of the store (bbkg) / rdflib's own Turtle serialiser;
- diagram: the network around the first default organisation, as offline HTML (bbkg.diagram).

Then the whole-process start-up times: ``bbkg --help`` and ``bbkg query most-connected`` on
the shipped graph. Medians of ``--repeat`` runs; a table with the ratio rdflib/bbkg per row
and the targets of issue 6, and a JSON report with the machine it ran on.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts"
#: the targets of issue 6 (this 2-core machine)
QUERY_TARGET_S = 1.0
SPEEDUP_TARGET = 10.0
SPEEDUP_WHEN_RDFLIB_OVER_S = 0.05
LOAD_TARGET_QPS = 250_000
EXPORT_TARGET_TPS = 500_000
MEMORY_TARGET_MB = 1536
HELP_TARGET_S = 0.3
QUERY_PROCESS_TARGET_S = 1.0


# ----------------------------------------------------------------------------- phases (child processes)


def _timed(func, repeat: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - started)
    return times, result


def _size(result) -> int:
    if result.kind == "select":
        return len(result.rows)
    if result.kind == "graph":
        return len(result.triples)
    return int(bool(result.boolean))


def _queries(store, repeat: int) -> dict:
    from bbkg.errors import BbkgError
    from bbkg.query.catalogue import catalogue
    from bbkg.query.params import bind_params

    out = {}
    for name, named in catalogue().items():
        started = time.perf_counter()
        try:
            bindings = bind_params(named, {}, store)
        except BbkgError as exc:  # a default that names nothing in this graph: say so in the row
            out[name] = {"error": f"cannot bind the defaults: {exc}"}
            continue
        resolve = time.perf_counter() - started
        times, result = _timed(partial(store.query, named.text, bindings, origin=str(named.path)), repeat)
        out[name] = {"times": times, "rows": _size(result), "resolve": resolve}
    return out


def _diagram(store, repeat: int, workdir: Path) -> dict:
    try:
        from bbkg.network.graph import partnership_network
        from bbkg.network.selection import resolve_organisation, select
        from bbkg.render.diagram import write_diagrams
    except ImportError:
        return {"error": "not available (bbkg.diagram / bbkg.network missing)"}
    from bbkg.query.catalogue import PARAM_CLASSES, catalogue

    centre_name = next((v for q in catalogue().values() for k, v in sorted(q.defaults.items())
                        if PARAM_CLASSES.get(k) == "Organisation"), None)

    def draw() -> int:
        graph = partnership_network(store)
        if centre_name:
            graph = select(graph, around=resolve_organisation(store, centre_name), depth=1)
        write_diagrams(graph, [workdir / "bench-diagram.html"])
        return graph.number_of_nodes()

    times, nodes = _timed(draw, repeat)
    return {"times": times, "rows": nodes, "what": f"network around {centre_name} (depth 1), HTML"}


def phase_bbkg_load(args: dict) -> dict:
    """Load the file into a fresh persistent store, ``repeat`` times."""
    from bbkg.store.disk import load_store

    store_dir = Path(args["store"])
    times, quads = [], 0
    for _ in range(args["repeat"]):
        shutil.rmtree(store_dir, ignore_errors=True)
        report = load_store([args["file"]], store_dir)
        times.append(report.seconds)
        quads = report.quads_after
    return {"load": {"times": times, "rows": quads}}


def phase_bbkg_query(args: dict) -> dict:
    """Open the store read-only and run every named query."""
    from bbkg.store.disk import open_disk_store

    started = time.perf_counter()
    store = open_disk_store(args["store"])
    return {"open": {"times": [time.perf_counter() - started], "rows": 0}, "queries": _queries(store, args["repeat"])}


def phase_bbkg_export(args: dict) -> dict:
    """Export Turtle the way ``bbkg export`` does: from data in memory (the serialisation only, as
    the rdflib baseline is measured), and from the persistent store (``--store DIR``)."""
    import tempfile

    from bbkg.rdfio import HEADER
    from bbkg.store import open_store
    from bbkg.store.disk import open_disk_store
    from bbkg.store.export import export_store

    out = Path(tempfile.mkdtemp(dir=args["workdir"])) / "export.ttl"
    disk = open_disk_store(args["store"])
    count = disk.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    triples = int(count.rows[0][0].value)  # the union graph: what the Turtle holds
    disk_times, _ = _timed(lambda: export_store(disk, "turtle", out, header=HEADER), args["repeat"])
    memory = open_store("oxigraph", data=args["file"])
    times, _ = _timed(lambda: export_store(memory, "turtle", out, header=HEADER), args["repeat"])
    size = out.stat().st_size
    out.unlink()
    return {
        "export": {"times": times, "rows": triples, "bytes": size},
        "export_store": {"times": disk_times, "rows": triples, "bytes": size},
    }


def phase_bbkg_diagram(args: dict) -> dict:
    """Draw the diagram from the persistent store."""
    from bbkg.store.disk import open_disk_store

    return {"diagram": _diagram(open_disk_store(args["store"]), args["repeat"], Path(args["workdir"]))}


def phase_rdflib(args: dict) -> dict:
    """The baseline: rdflib's store and engine, loaded from the file; queries, Turtle, diagram."""
    from bbkg.store import open_store

    repeat = args["repeat"]
    times, store = _timed(lambda: open_store("rdflib", data=args["file"]), max(1, min(repeat, 2)))
    out = {"load": {"times": times, "rows": store.count()}}
    out["queries"] = _queries(store, repeat)
    dataset = store._ds  # rdflib's own serialiser on its own data: the baseline, not bbkg's code path
    ttimes, data = _timed(lambda: dataset.serialize(format="turtle", encoding="utf-8"), repeat)
    out["export"] = {"times": ttimes, "rows": 0, "bytes": len(data)}
    if args.get("diagram", True):
        out["diagram"] = _diagram(store, repeat, Path(args["workdir"]))
    return out


PHASES = {
    "bbkg-load": phase_bbkg_load,
    "bbkg-query": phase_bbkg_query,
    "bbkg-export": phase_bbkg_export,
    "bbkg-diagram": phase_bbkg_diagram,
    "rdflib": phase_rdflib,
}


def run_phase(name: str, args: dict, timeout: float | None = None) -> dict:
    """Run a phase in a child process; return its result and its peak memory in MB."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--phase", name, "--phase-args", json.dumps(args)]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=ROOT)
        started = time.perf_counter()
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        text, errors = out.read().decode(), err.read().decode()
    if child.returncode != 0:
        raise SystemExit(f"bench.py: phase {name} failed (exit {child.returncode}):\n{errors[-3000:]}")
    result = json.loads(text)
    result["peak_mb"] = round(usage.ru_maxrss / 1024, 1)  # Linux: kilobytes
    result["wall"] = wall
    return result


# ----------------------------------------------------------------------------- the run


def machine_info() -> dict:
    """CPU model, cores, RAM, Python and library versions."""
    from importlib.metadata import PackageNotFoundError, version

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gb = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    libs = {}
    for lib in ("bbkg", "pyoxigraph", "rdflib", "oxrdflib", "networkx", "pyvis", "click"):
        try:
            libs[lib] = version(lib)
        except PackageNotFoundError:
            libs[lib] = None
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gb": ram_gb, "os": platform.platform(),
            "python": platform.python_version(), "libraries": libs}


def synth(n: int, seed: int, workdir: Path) -> tuple[Path, float]:
    """Generate (or reuse, when newer than synth.py) the synthetic graph for N organisations."""
    path = workdir / f"synth-{n}-seed{seed}.nq"
    if path.exists() and path.stat().st_mtime > (SCRIPTS / "synth.py").stat().st_mtime:
        return path, 0.0
    started = time.perf_counter()
    subprocess.run([sys.executable, str(SCRIPTS / "synth.py"), "--organisations", str(n), "--seed", str(seed),
                    "--out", str(path)], check=True, cwd=ROOT)
    return path, time.perf_counter() - started


def process_times(repeat: int, workdir: Path) -> dict:
    """Whole-process wall times: ``bbkg --help`` and ``bbkg query most-connected`` on the shipped graph."""
    bbkg = [sys.executable, "-m", "bbkg"]
    data: list[str] = []
    shipped = ROOT / "graph" / "bbkg.trig"
    note = "graph/bbkg.trig"
    if not shipped.exists():  # not built yet: build the shipped tables into the work folder
        out = workdir / "shipped"
        subprocess.run([*bbkg, "build", "--no-validate", "--out-dir", str(out)], check=True, cwd=ROOT,
                       capture_output=True)
        data, note = ["--data", str(out / "bbkg.trig")], "graph/*.csv built to a temporary bbkg.trig"

    def wall(cmd: list[str]) -> list[float]:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            subprocess.run(cmd, check=True, cwd=ROOT, capture_output=True)
            times.append(time.perf_counter() - started)
        return times

    return {"help": {"times": wall([*bbkg, "--help"])},
            "query": {"times": wall([*bbkg, "query", "most-connected", *data]), "what": note}}


def median(entry: dict | None) -> float | None:
    """Median of an entry's times (None when it has none)."""
    if not entry or not entry.get("times"):
        return None
    return statistics.median(entry["times"])


def build_rows(n: int, quads: int, bbkg: dict, rdflib: dict | None, checked_speedups: bool,
               checked_latency: bool) -> list[dict]:
    """Return the table rows for one N: name, bbkg, rdflib, ratio, target, verdict."""
    rows = []

    def row(name: str, ours: dict | None, theirs: dict | None, target: str = "", ok: bool | None = None,
            note: str = "") -> None:
        a, b = median(ours), median(theirs)
        rows.append({"n": n, "name": name, "bbkg_s": a, "rdflib_s": b,
                     "ratio": (b / a) if a and b else None, "rows": (ours or {}).get("rows"),
                     "target": target, "ok": ok, "note": note or (ours or {}).get("error", "")})

    load = bbkg["load"]["load"]
    rate = quads / median(load)
    row("load", load, (rdflib or {}).get("load"), f">= {LOAD_TARGET_QPS:,} quads/s",
        rate >= LOAD_TARGET_QPS, f"{rate:,.0f} quads/s, peak {bbkg['load']['peak_mb']} MB")
    theirs_q = (rdflib or {}).get("queries", {})
    for name, ours in bbkg["query"]["queries"].items():
        theirs = theirs_q.get(name)
        a, b = median(ours), median(theirs)
        target, ok = [], []
        if checked_latency and a is not None:
            target.append(f"< {QUERY_TARGET_S:g} s")
            ok.append(a < QUERY_TARGET_S)
        if checked_speedups and a is not None and b is not None and b > SPEEDUP_WHEN_RDFLIB_OVER_S:
            target.append(f">= {SPEEDUP_TARGET:g}x rdflib")
            ok.append(b / a >= SPEEDUP_TARGET)
        row(f"query {name}", ours, theirs, ", ".join(target), all(ok) if ok else None)
    resolve = [q["resolve"] for q in bbkg["query"]["queries"].values() if "resolve" in q]
    if resolve:
        rows.append({"n": n, "name": "resolve default names (max)", "bbkg_s": max(resolve), "rdflib_s": None,
                     "ratio": None, "rows": None, "target": "", "ok": None, "note": "labels/slugs -> IRIs"})
    export = bbkg["export"]["export"]
    triples = export["rows"] or quads
    tps = triples / median(export)
    row("export Turtle (data in memory)", export, (rdflib or {}).get("export"), f">= {EXPORT_TARGET_TPS:,} triples/s",
        tps >= EXPORT_TARGET_TPS, f"{tps:,.0f} triples/s, peak {bbkg['export']['peak_mb']} MB")
    from_store = bbkg["export"].get("export_store")
    if from_store:
        store_tps = triples / median(from_store)
        row("export Turtle from --store", from_store, None, note=f"{store_tps:,.0f} triples/s (disk reads)")
    diagram = bbkg["diagram"]["diagram"]
    if "error" in diagram:
        rows.append({"n": n, "name": "diagram", "bbkg_s": None, "rdflib_s": None, "ratio": None, "rows": None,
                     "target": "", "ok": None, "note": diagram["error"]})
    else:
        row("diagram", diagram, (rdflib or {}).get("diagram"), note=diagram.get("what", ""))
    peak = max(bbkg["load"]["peak_mb"], bbkg["query"]["peak_mb"])
    rows.append({"n": n, "name": "peak memory, load and query (MB)", "bbkg_s": None, "rdflib_s": None,
                 "ratio": None, "rows": None, "target": f"< {MEMORY_TARGET_MB} MB", "ok": peak < MEMORY_TARGET_MB,
                 "note": f"bbkg {peak} MB" + (f", rdflib {rdflib['peak_mb']} MB" if rdflib else "")})
    return rows


def fmt_s(value: float | None) -> str:
    """Seconds as text: '0.012', or '-'."""
    return "-" if value is None else (f"{value:.3f}" if value < 10 else f"{value:.1f}")


def table(rows: list[dict]) -> str:
    """Return the rows as a Markdown table."""
    head = "| N | row | bbkg (s) | rdflib (s) | rdflib/bbkg | target | met | notes |\n|---|---|---:|---:|---:|---|---|---|\n"
    lines = []
    for r in rows:
        ratio = "-" if r["ratio"] is None else f"{r['ratio']:.1f}x"
        met = {True: "yes", False: "**no**", None: ""}[r["ok"]]
        lines.append(f"| {r['n']:,} | {r['name']} | {fmt_s(r['bbkg_s'])} | {fmt_s(r['rdflib_s'])} | {ratio} | "
                     f"{r['target']} | {met} | {r['note']} |")
    return head + "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000], help="numbers of organisations")
    parser.add_argument("--baseline-max", type=int, default=10000, help="largest N for the rdflib baseline")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions per measurement (median)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=None, help="where graphs and stores go (default: a temp dir)")
    parser.add_argument("--out", type=Path, default=Path("bench-report.json"), help="JSON report")
    parser.add_argument("--markdown", type=Path, default=None, help="also write the table as Markdown here")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--phase-args", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        print(json.dumps(PHASES[args.phase](json.loads(args.phase_args))))
        return 0

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bbkg-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    report = {"machine": machine_info(), "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
              "config": {"sizes": args.sizes, "baseline_max": args.baseline_max, "repeat": args.repeat,
                         "seed": args.seed}, "sizes": {}, "rows": []}
    largest = max(args.sizes)
    speedup_n = max([n for n in args.sizes if n <= args.baseline_max], default=None)
    for n in sorted(args.sizes):
        print(f"[bench] N={n:,}: generating", file=sys.stderr)
        path, synth_s = synth(n, args.seed, workdir)
        store = workdir / f"store-{n}"
        common = {"file": str(path), "store": str(store), "repeat": args.repeat, "workdir": str(workdir)}
        bbkg = {}
        for phase in ("load", "query", "export", "diagram"):
            print(f"[bench] N={n:,}: bbkg {phase}", file=sys.stderr)
            bbkg[phase] = run_phase(f"bbkg-{phase}", common)
        quads = bbkg["load"]["load"]["rows"]
        rdflib = None
        if n <= args.baseline_max:
            print(f"[bench] N={n:,}: rdflib baseline", file=sys.stderr)
            rdflib = run_phase("rdflib", common)
        rows = build_rows(n, quads, bbkg, rdflib, checked_speedups=(n == speedup_n), checked_latency=(n == largest))
        report["sizes"][str(n)] = {"quads": quads, "file_bytes": path.stat().st_size, "synth_seconds": synth_s,
                                   "bbkg": bbkg, "rdflib": rdflib}
        report["rows"].extend(rows)
        print(table(rows))
        shutil.rmtree(store, ignore_errors=True)
    print("[bench] start-up", file=sys.stderr)
    startup = process_times(args.repeat, workdir)
    report["startup"] = startup
    startup_rows = [
        {"n": 0, "name": "process: bbkg --help", "bbkg_s": median(startup["help"]), "rdflib_s": None, "ratio": None,
         "rows": None, "target": f"< {HELP_TARGET_S:g} s", "ok": median(startup["help"]) < HELP_TARGET_S, "note": ""},
        {"n": 0, "name": "process: bbkg query most-connected", "bbkg_s": median(startup["query"]), "rdflib_s": None,
         "ratio": None, "rows": None, "target": f"< {QUERY_PROCESS_TARGET_S:g} s",
         "ok": median(startup["query"]) < QUERY_PROCESS_TARGET_S, "note": startup["query"]["what"]},
    ]
    report["rows"].extend(startup_rows)
    print(table(startup_rows))
    report["finished"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    text = json.dumps(report, indent=2, default=str) + "\n"
    args.out.write_text(text, encoding="utf-8")
    if args.markdown:
        args.markdown.write_text(table(report["rows"]), encoding="utf-8")
    print(f"[bench] wrote {args.out}", file=sys.stderr)
    if args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
