#!/usr/bin/env python3
"""Benchmark bbkg beside raw pyoxigraph, an Oxigraph server and rdflib, in one table (issue 15).

    python scripts/bench.py                                      # N = 1k/10k/100k, --scale full: the lead's run
    python scripts/bench.py --sizes 1000 --repeat 1 --scale small --markdown table.md   # a few minutes
    python scripts/bench.py --sizes 1000 10000 --scale none      # synthetic graphs only

Synthetic graphs (``scripts/synth.py``, N organisations), for each N:

- load: ``bbkg load FILE --store DIR`` as a process, beside pyoxigraph's ``Store.bulk_load`` of the same file,
  ``oxigraph load`` into a server database, and rdflib parsing it (N <= --baseline-max);
- every named query with its defaults: ``bbkg query NAME --store DIR`` as a process; bbkg's engine
  in-process on the store and (N <= --baseline-max) on the same data in memory, rdflib's footing;
  pyoxigraph alone on the same folder; ``bbkg query NAME --endpoint`` against
  ``oxigraph serve-read-only`` on 127.0.0.1; rdflib's engine;
- Turtle export, ``bbkg diagram --around ORG --depth 1``, start-up of ``bbkg --help``.

Import-shaped data (``--scale small|full``, see scripts/bench_scale.py): the curated graph, a KBO Full
extract and CORDIS H2020 + HORIZON + FP7 imported into one store, then the same query columns there.

Each measurement runs in a process of its own (peak memory = its maximum resident set size); the times
are medians of ``--repeat`` runs. Where another branch's side-by-side script exists (scripts/bench_load.py,
bench_queries.py, bench_diagram.py) and takes ``--json OUT``, its figures are read instead. Prints the
table, writes the JSON report (every timing and the machine) and, with ``--markdown``, the table with its
header and the list of misses.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_scale  # noqa: E402
from bench_run import (SCRIPTS, TIMEOUT, bbkg, checked, external, failure, folder_mb, query_processes,  # noqa: E402
                       repeated, run, server, server_load)
from bench_table import (DIAGRAM_TARGET_S, EXPORT_TARGET_TPS, HELP_TARGET_S, LOAD_SHARE_OF_RAW,  # noqa: E402
                         MEMORY_TARGET_MB, QUERY_PROCESS_TARGET_S, SPEEDUP_TARGET, SPEEDUP_WHEN_RDFLIB_OVER_S,
                         header, machine_info, median, misses, render, row)


def phase(name: str, args: dict) -> dict:
    """Run one of scripts/bench_phases.py's phases in a child process; its JSON result and peak memory."""
    done = checked([sys.executable, str(SCRIPTS / "bench_phases.py"), name, json.dumps(args, default=str)],
                   f"phase {name}", stdout=subprocess.PIPE)
    return {**json.loads(done["stdout"]), "peak_mb": done["peak_mb"]}


def per_query(name: str, args: dict, names: list[str]) -> tuple[dict, float]:
    """A query phase (``engine`` or ``raw``) with one child process per query, each stopped after --timeout
    seconds a repeat (the child runs all of them): {query: entry}, and the largest peak memory."""
    out, peak = {}, 0.0
    for query in names:
        done = run([sys.executable, str(SCRIPTS / "bench_phases.py"), name,
                    json.dumps({**args, "names": [query]}, default=str)], stdout=subprocess.PIPE,
                   timeout=TIMEOUT["seconds"] * max(1, int(args.get("repeat", 1))))
        if done["code"] != 0:
            out[query] = {"error": failure(done)}
            continue
        out.update(json.loads(done["stdout"])["queries"])
        peak = max(peak, done["peak_mb"])
    return out, peak


def pick(data: object, *keys: str) -> dict | None:
    """An entry ({"times": [...]}) under the first of ``keys`` found anywhere in another script's JSON."""
    if not isinstance(data, dict):
        return None
    for key in keys:
        value = data.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return {"times": [value]}
        if isinstance(value, list) and value and all(isinstance(x, (int, float)) for x in value):
            return {"times": value}
        if isinstance(value, dict) and "times" in value:
            return value
    return next((found for value in data.values() if (found := pick(value, *keys))), None)


def synth(n: int, seed: int, workdir: Path) -> tuple[Path, float]:
    """Generate (or reuse, when newer than synth.py) the synthetic graph for N organisations."""
    path = workdir / f"synth-{n}-seed{seed}.nq"
    if path.exists() and path.stat().st_mtime > (SCRIPTS / "synth.py").stat().st_mtime:
        return path, 0.0
    done = checked([sys.executable, str(SCRIPTS / "synth.py"), "--organisations", str(n), "--seed", str(seed),
                    "--out", str(path)], "synth.py")
    return path, done["seconds"]


def measure_load(file: Path, store: Path, repeat: int, workdir: Path) -> dict:
    """`bbkg load` as a process and raw ``bulk_load`` (or bench_load.py's figures); leaves the store loaded."""
    theirs = external("bench_load.py", [file, "--repeat", repeat], workdir)
    out = {"bbkg": pick(theirs, "bbkg", "bbkg_load"), "raw": pick(theirs, "raw", "bulk_load")} if theirs else {}
    times, peak = [], 0.0
    for _ in range(1 if out.get("bbkg") else repeat):
        shutil.rmtree(store, ignore_errors=True)
        done = checked(bbkg("load", file, "--store", store), "bbkg load")
        times.append(done["seconds"])
        peak = max(peak, done["peak_mb"])
    out.setdefault("bbkg", None)
    out["bbkg"] = out["bbkg"] or {"times": times}
    out["peak_mb"] = peak
    if not out.get("raw"):
        raw = phase("raw-load", {"file": file, "store": workdir / "raw-load", "repeat": repeat})
        out["raw"] = {**raw["load"], "peak_mb": raw["peak_mb"]}
    out["quads"] = bench_scale.quads_in(store)
    out["store_mb"] = folder_mb(store)
    return out


def measure_queries(store: Path, repeat: int, only: list[str] | None = None) -> dict:
    """Every named query (or those of ``only``) on the store: as processes, bbkg's engine, raw pyoxigraph."""
    from bbkg.query.catalogue import catalogue

    names = sorted(only or catalogue())
    engine, engine_peak = per_query("engine", {"store": store, "repeat": repeat}, names)
    bindings = phase("bind", {"store": store})["bindings"]
    raw, raw_peak = per_query("raw", {"store": store, "repeat": repeat, "bindings": bindings}, names)
    # bench_queries.py measures more columns but needs the data file too; the process times are taken here
    process = query_processes(names, ["--store", store], repeat)
    return {"names": names, "process": process, "engine": engine, "raw": raw, "peak_mb": max(engine_peak, raw_peak)}


def measure_server(files: list[Path], names: list[str], repeat: int, workdir: Path) -> dict:
    """The same named queries through `bbkg query --endpoint` against an Oxigraph server loaded in bulk."""
    location = workdir / "server-db"
    shutil.rmtree(location, ignore_errors=True)
    load = server_load(files, location)
    with server(location) as url:
        queries = query_processes(names, ["--endpoint", url], repeat)
    shutil.rmtree(location, ignore_errors=True)
    return {"load": load, "queries": queries}


def query_rows(data: object, measured: dict, served: dict | None, rdflib: dict | None, *, latency: bool,
               speedup: bool, memory: dict | None = None) -> list[dict]:
    """One row per named query; targets: < 1 s as a process (``latency``), >= 10x rdflib (``speedup``), judged
    on bbkg's engine in memory where ``memory`` has it (rdflib holds its graph in memory too), else on the store."""
    rows = []
    for name in measured["names"]:
        ours, engine, theirs = measured["process"].get(name), measured["engine"].get(name), (rdflib or {}).get(name)
        in_memory = (memory or {}).get(name)
        targets: dict[str, bool] = {}
        if latency and ours:  # a process stopped at the time limit misses it too
            targets[f"< {QUERY_PROCESS_TARGET_S:g} s"] = median(ours) is not None and median(ours) < QUERY_PROCESS_TARGET_S
        slow = median(theirs) is not None and median(theirs) > SPEEDUP_WHEN_RDFLIB_OVER_S
        like_for_like = median(in_memory) or median(engine)
        if speedup and slow and like_for_like:
            targets[f">= {SPEEDUP_TARGET:g}x rdflib"] = median(theirs) / like_for_like >= SPEEDUP_TARGET
        notes = [f"{engine.get('rows', '?')} rows" if engine and "rows" in engine else ""]
        if median(in_memory) and median(engine) and median(theirs):
            notes.append(f"rdflib over the store engine {median(theirs) / median(engine):,.1f}x")
        rows.append(row(data, f"query {name}", bbkg=ours, engine=engine, memory=in_memory, raw=measured["raw"].get(name),
                        server=(served or {}).get("queries", {}).get(name), rdflib=theirs,
                        target=", ".join(targets), ok=all(targets.values()) if targets else None,
                        missed=[t for t, ok in targets.items() if not ok], note="; ".join(filter(None, notes))))
    return rows


def load_row(data: object, load: dict, served: dict | None, rdflib_load: dict | None, name: str = "load") -> dict:
    """The load row: `bbkg load` against raw bulk_load (the 80% target) and peak memory."""
    ours, raw = median(load["bbkg"]), median(load["raw"])
    share = raw / ours if ours and raw else None
    targets = {f">= {LOAD_SHARE_OF_RAW:.0%} of raw speed": share is not None and share >= LOAD_SHARE_OF_RAW,
               f"< {MEMORY_TARGET_MB} MB": load["peak_mb"] < MEMORY_TARGET_MB}
    return row(data, name, bbkg=load["bbkg"], raw=load["raw"], server=(served or {}).get("load"), rdflib=rdflib_load,
               target=", ".join(targets), ok=all(targets.values()), missed=[t for t, ok in targets.items() if not ok],
               note=f"{load['quads']:,} quads, {load['quads'] / ours:,.0f} quads/s, {share or 0:.0%} of raw; peak "
                    f"{load['peak_mb']:,.0f} MB (raw {load['raw'].get('peak_mb', '?')} MB); store {load['store_mb']:,.0f} MB")


def other_rows(n: int, store: Path, args: argparse.Namespace, workdir: Path, rdflib: dict | None,
               checked_100k: bool) -> list[dict]:
    """Turtle export and the diagram around the default organisation."""
    common = {"file": workdir / f"synth-{n}-seed{args.seed}.nq", "store": store, "repeat": args.repeat,
              "workdir": workdir}
    export = phase("export", common)
    triples = export["export"]["rows"]
    tps = triples / median(export["export"])
    rows = [row(n, "export Turtle (data in memory)", engine=export["export"], rdflib=(rdflib or {}).get("export"),
                target=f">= {EXPORT_TARGET_TPS:,} triples/s", ok=tps >= EXPORT_TARGET_TPS,
                note=f"{tps:,.0f} triples/s, peak {export['peak_mb']:,.0f} MB"),
            row(n, "export Turtle from --store", engine=export["export_store"],
                note=f"{triples / median(export['export_store']):,.0f} triples/s")]
    import bench_phases

    centre = bench_phases.centre()
    theirs = external("bench_diagram.py", ["--store", store, "--around", centre, "--depth", 1], workdir)
    whole = pick(theirs, "around", "process", "seconds") if theirs else None
    whole = whole or repeated(bbkg("diagram", "--store", store, "--around", centre, "--depth", 1, "--out",
                                   workdir / "diagram.html"), args.repeat)
    engine = phase("diagram", common)["diagram"] if args.diagram_engine else None
    ok = median(whole) < DIAGRAM_TARGET_S if checked_100k and median(whole) is not None else None
    rows.append(row(n, f"diagram --around {centre} --depth 1", bbkg=whole, engine=engine,
                    rdflib=(rdflib or {}).get("diagram"), target=f"< {DIAGRAM_TARGET_S:g} s" if checked_100k else "",
                    ok=ok, note="HTML; engine = build the network, select, write (in-process)"))
    return rows


def run_size(n: int, args: argparse.Namespace, workdir: Path, *, latency: bool, speedup: bool) -> tuple[list, dict]:
    """Everything for one synthetic graph of N organisations."""
    print(f"[bench] N={n:,}: generating", file=sys.stderr)
    path, synth_s = synth(n, args.seed, workdir)
    store = workdir / f"store-{n}"
    print(f"[bench] N={n:,}: load", file=sys.stderr)
    load = measure_load(path, store, args.repeat, workdir)
    print(f"[bench] N={n:,}: queries", file=sys.stderr)
    measured = measure_queries(store, args.repeat, args.queries)
    print(f"[bench] N={n:,}: server", file=sys.stderr)
    served = measure_server([path], measured["names"], args.repeat, workdir) if args.server else None
    rdflib = memory = None
    if n <= args.baseline_max:
        print(f"[bench] N={n:,}: rdflib", file=sys.stderr)
        rdflib = phase("rdflib", {"file": path, "repeat": args.repeat, "workdir": workdir, "timeout": args.timeout,
                                  "names": measured["names"]})
        print(f"[bench] N={n:,}: bbkg in memory", file=sys.stderr)
        memory = phase("memory", {"file": path, "repeat": args.repeat, "names": measured["names"]})
    rows = [load_row(n, load, served, (rdflib or {}).get("load"))]
    rows += query_rows(n, measured, served, (rdflib or {}).get("queries"), latency=latency, speedup=speedup,
                       memory=(memory or {}).get("queries"))
    print(f"[bench] N={n:,}: export, diagram", file=sys.stderr)
    rows += other_rows(n, store, args, workdir, rdflib, checked_100k=latency)
    peak = max(load["peak_mb"], measured["peak_mb"])
    rows.append(row(n, "peak memory, load and query (MB)", target=f"< {MEMORY_TARGET_MB} MB",
                    ok=peak < MEMORY_TARGET_MB,
                    note=f"bbkg {peak:,.0f} MB" + (f", rdflib {rdflib['peak_mb']:,.0f} MB" if rdflib else "")))
    shutil.rmtree(store, ignore_errors=True)
    return rows, {"file_bytes": path.stat().st_size, "synth_seconds": synth_s, "load": load, "queries": measured,
                  "server": served, "rdflib": rdflib, "memory": memory}


def run_imports(args: argparse.Namespace, workdir: Path) -> tuple[list, dict]:
    """The import-shaped data of ``--scale``, with the curated graph, in one store; then the query columns."""
    made = bench_scale.generate(args.scale, workdir)
    store = workdir / f"store-imports-{args.scale}"
    data = f"imports ({args.scale})"
    steps = bench_scale.build_store(made, store)
    rows = [row(data, step["name"], bbkg=step, target=f"< {MEMORY_TARGET_MB} MB", ok=step["peak_mb"] < MEMORY_TARGET_MB,
                note=f"peak {step['peak_mb']:,.0f} MB; store {step['store_mb']:,.0f} MB, {step['quads']:,} quads after")
            for step in steps]
    print("[bench] imports: queries", file=sys.stderr)
    measured = measure_queries(store, args.repeat, args.queries)
    dump = workdir / "imports.nq"
    exported = checked(bbkg("export", "--format", "nq", "--store", store, "--out", dump), "bbkg export")
    rows.append(row(data, "export N-Quads from --store", bbkg={"times": [exported["seconds"]]},
                    note=f"{dump.stat().st_size / 2**20:,.0f} MB, peak {exported['peak_mb']:,.0f} MB"))
    print("[bench] imports: the union reloaded in bulk, and the server", file=sys.stderr)
    load = measure_load(dump, workdir / "store-reload", 1, workdir)
    shutil.rmtree(workdir / "store-reload", ignore_errors=True)
    served = measure_server([dump], measured["names"], args.repeat, workdir) if args.server else None
    rows.append(load_row(data, load, served, None, name="load the union's N-Quads into a new store"))
    rows += query_rows(data, measured, served, None, latency=True, speedup=False)
    dump.unlink()
    shutil.rmtree(store, ignore_errors=True)
    return rows, {"generated": made, "described": bench_scale.describe(made), "steps": steps, "queries": measured,
                  "reload": load, "server": served}


def startup_rows(repeat: int) -> list[dict]:
    """Whole-process start-up: ``bbkg --help`` and ``bbkg query most-connected`` on the shipped graph."""
    help_ = repeated(bbkg("--help"), repeat)
    query = repeated(bbkg("query", "most-connected"), repeat)
    return [row("shipped", "process: bbkg --help", bbkg=help_, target=f"< {HELP_TARGET_S:g} s",
                ok=median(help_) is not None and median(help_) < HELP_TARGET_S),
            row("shipped", "process: bbkg query most-connected", bbkg=query, target=f"< {QUERY_PROCESS_TARGET_S:g} s",
                ok=median(query) is not None and median(query) < QUERY_PROCESS_TARGET_S, note="graph/bbkg.trig")]


def parse(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 100000], help="numbers of organisations")
    parser.add_argument("--scale", choices=("none", "small", "full"), default="full", help="import-shaped data")
    parser.add_argument("--baseline-max", type=int, default=10000, help="largest N for the rdflib baseline")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions per measurement (median)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=120, help="stop a measured query after this many seconds")
    parser.add_argument("--queries", nargs="+", metavar="NAME", help="only these named queries (default: all)")
    parser.add_argument("--no-server", dest="server", action="store_false", help="skip the Oxigraph server column")
    parser.add_argument("--no-diagram-engine", dest="diagram_engine", action="store_false",
                        help="skip the in-process diagram (it builds the whole network: 50 s at 100k)")
    parser.add_argument("--workdir", type=Path, default=None, help="where graphs and stores go (default: a temp dir)")
    parser.add_argument("--out", type=Path, default=Path("bench-report.json"), help="JSON report")
    parser.add_argument("--markdown", type=Path, default=None,
                        help="write the header, the table and the misses here (between the markers, if it has them)")
    parser.add_argument("--render", type=Path, default=None, help="measure nothing: render this JSON report")
    return parser.parse_args(argv)


#: ``--markdown FILE`` replaces what is between these lines when FILE has them (docs/performance.md does)
START, END = "<!-- scripts/bench.py --markdown: start -->", "<!-- scripts/bench.py --markdown: end -->"


def write_markdown(path: Path, report: dict) -> None:
    """The header, the table and the misses, as Markdown, into ``path`` (between START and END if it has them)."""
    described = f"Import-shaped data: {report['imports']['described']}.\n\n" if "imports" in report else ""
    text = (header(report) + "\n" + described + render(report["rows"]) + "\n#### Misses: reason and plan\n\n"
            + misses(report["rows"]))
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if START in old and END in old:
        before, rest = old.split(START, 1)
        text = before + START + "\n" + text + END + rest.split(END, 1)[1]
    path.write_text(text, encoding="utf-8")


def measure(args: argparse.Namespace, argv: list[str] | None) -> dict:
    """Run every part; return the report."""
    workdir = (args.workdir or Path(tempfile.mkdtemp(prefix="bbkg-bench-"))).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    report = {"machine": machine_info(), "started": time.strftime("%Y-%m-%d %H:%M %Z"),
              "command": shlex.join(["scripts/bench.py", *(sys.argv[1:] if argv is None else argv)]),
              "config": {k: str(v) for k, v in vars(args).items()}, "sizes": {}, "rows": []}
    speedup_n = max([n for n in args.sizes if n <= args.baseline_max], default=None)
    for n in sorted(args.sizes):
        rows, report["sizes"][str(n)] = run_size(n, args, workdir, latency=n == max(args.sizes),
                                                 speedup=n == speedup_n)
        report["rows"] += rows
        print(render(rows), flush=True)
    if args.scale != "none":
        rows, report["imports"] = run_imports(args, workdir)
        report["rows"] += rows
        print(render(rows), flush=True)
    report["rows"] += startup_rows(args.repeat)
    report["finished"] = time.strftime("%Y-%m-%d %H:%M %Z")
    if args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)
    return report


def main(argv: list[str] | None = None) -> int:
    """Measure (or, with --render, read an earlier report), print the table, write the reports."""
    args = parse(argv)
    TIMEOUT["seconds"] = args.timeout
    if args.render:
        report = json.loads(args.render.read_text(encoding="utf-8"))
    else:
        report = measure(args, argv)
        args.out.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    print("\n" + header(report) + "\n" + render(report["rows"]) + "\nMisses:\n" + misses(report["rows"]))
    if args.markdown:
        write_markdown(args.markdown, report)
    print(f"[bench] wrote {args.markdown or args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
