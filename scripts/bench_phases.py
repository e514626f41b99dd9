"""The in-process measurements of the benchmark (scripts/bench.py), each run in a child process of its own
so that its peak memory is its own:

    python scripts/bench_phases.py PHASE 'JSON ARGS'     # prints the result as JSON

- ``engine``: bbkg's engine on a store (``open_disk_store``, then ``store.query`` of every named query with
  its defaults bound; rows turned into Python values); also the bound defaults, for ``raw``;
- ``memory``: bbkg's engine on the same data in memory (``open_store("oxigraph", data=FILE)``, what
  ``bbkg query --data FILE`` opens): rdflib's footing, for the 10x ratio;
- ``bind``: the defaults of every named query resolved on a store, for ``raw``;
- ``raw``: pyoxigraph alone on the same store folder: ``Store.read_only(DIR).query(text, substitutions=
  the same defaults, use_default_graph_as_union=True)``, every row consumed;
- ``raw-load``: ``pyoxigraph.Store(DIR).bulk_load(path=FILE)`` into a fresh folder;
- ``export``: Turtle as ``bbkg export`` writes it, from data in memory and from the store;
- ``diagram``: the network around the first default organisation, as offline HTML;
- ``rdflib``: the baseline, rdflib's store and engine loaded from the file: queries, Turtle, diagram.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import signal
import sys
import tempfile
import time
from functools import partial
from pathlib import Path


def timed(func, repeat: int) -> tuple[list[float], object]:
    """Call ``func`` ``repeat`` times; return the seconds of each call and the last result."""
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


def _term_json(term) -> dict:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"iri": term.value}
    return {"literal": term.value, "datatype": term.datatype.value if term.datatype else None,
            "language": term.language}


def _term(data: dict):
    import pyoxigraph as ox

    if "iri" in data:
        return ox.NamedNode(data["iri"])
    if data["language"]:
        return ox.Literal(data["literal"], language=data["language"])
    return ox.Literal(data["literal"], datatype=ox.NamedNode(data["datatype"]) if data["datatype"] else None)


class Stopped(Exception):
    """A measured call ran past its time limit."""


@contextlib.contextmanager
def deadline(seconds: float | None):
    """Stop the calls inside after ``seconds`` (SIGALRM; for engines that evaluate in Python, like rdflib's)."""
    if not seconds:
        yield
        return

    def stop(signum, frame):
        raise Stopped(f"no answer within {seconds:g} s (stopped)")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_queries(store, repeat: int, names: list[str] | None = None, timeout: float | None = None) -> dict:
    """Every named query (or those of ``names``) with its default parameters on a bbkg store: times, rows,
    the seconds the defaults took to resolve (names to IRIs) and the bound terms; a query that runs past
    ``timeout`` seconds is stopped and reported as such."""
    from bbkg.errors import BbkgError
    from bbkg.query.catalogue import catalogue
    from bbkg.query.params import bind_params
    from bbkg.query.windowless import query_text

    out = {}
    for name, named in catalogue().items():
        if names is not None and name not in names:
            continue
        started = time.perf_counter()
        try:
            bindings = bind_params(named, {}, store)
        except BbkgError as exc:  # a default that names nothing in this graph: say so in the row
            out[name] = {"error": f"cannot bind the defaults: {exc}"}
            continue
        resolve = time.perf_counter() - started
        try:
            with deadline(timeout):
                times, result = timed(partial(store.query, query_text(named, bindings), bindings,
                                              origin=str(named.path)), repeat)
        except Stopped as exc:
            out[name] = {"error": str(exc)}
            continue
        out[name] = {"times": times, "rows": _size(result), "resolve": resolve,
                     "bindings": {k: _term_json(v) for k, v in bindings.items()}}
    return out


def phase_engine(args: dict) -> dict:
    """Open the store read-only and run every named query on bbkg's engine."""
    from bbkg.store.disk import open_disk_store

    started = time.perf_counter()
    store = open_disk_store(args["store"])
    return {"open": {"times": [time.perf_counter() - started]}, "queries": run_queries(store, args["repeat"],
                                                                                    args.get("names"))}


def phase_memory(args: dict) -> dict:
    """The same data in bbkg's in-memory Oxigraph store (what ``bbkg query --data FILE`` opens), every named query
    of the run on it: rdflib's footing, since rdflib holds its graph in memory too."""
    from bbkg.store import open_store

    started = time.perf_counter()
    store = open_store("oxigraph", data=args["file"])
    return {"open": {"times": [time.perf_counter() - started]},
            "queries": run_queries(store, args["repeat"], args.get("names"))}


def _consume(result) -> int:
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        return int(bool(result))
    if isinstance(result, ox.QuerySolutions):
        return sum(1 for row in result if tuple(row) is not None)
    return sum(1 for _ in result)


def phase_bind(args: dict) -> dict:
    """The defaults of every named query, resolved on the store (names to IRIs), for ``raw``."""
    from bbkg.errors import BbkgError
    from bbkg.query.catalogue import catalogue
    from bbkg.query.params import bind_params
    from bbkg.store.disk import open_disk_store

    store, out = open_disk_store(args["store"]), {}
    for name, named in catalogue().items():
        try:
            out[name] = {k: _term_json(v) for k, v in bind_params(named, {}, store).items()}
        except BbkgError:
            continue
    return {"bindings": out}


def phase_raw(args: dict) -> dict:
    """pyoxigraph alone on the store's data folder: each named query with the defaults ``engine`` bound, in the
    text bbkg hands the engine (a VALUES block, bbkg.sparql.bind; a timed query without a window without its time
    block, bbkg.query.windowless, as `bbkg query` runs it; made before the clock starts)."""
    import pyoxigraph as ox

    from bbkg.query.catalogue import catalogue
    from bbkg.query.windowless import query_text
    from bbkg.sparql import bind
    from bbkg.store.disk import data_folder

    store = ox.Store.read_only(str(data_folder(args["store"])))
    out = {}
    for name, named in catalogue().items():
        if name not in args.get("names", [name]):
            continue
        bound = args["bindings"].get(name)
        if bound is None:
            out[name] = {"error": "no bound defaults"}
            continue
        text = bind(query_text(named, bound), {k: _term(v) for k, v in bound.items()})
        times, rows = timed(lambda text=text: _consume(store.query(text, use_default_graph_as_union=True)),
                            args["repeat"])
        out[name] = {"times": times, "rows": rows}
    return {"queries": out}


def phase_raw_load(args: dict) -> dict:
    """``Store.bulk_load`` of the file into a fresh folder, ``repeat`` times."""
    import pyoxigraph as ox

    folder = Path(args["store"])
    times = []
    for _ in range(args["repeat"]):
        shutil.rmtree(folder, ignore_errors=True)
        started = time.perf_counter()
        store = ox.Store(str(folder))
        store.bulk_load(path=args["file"], format=ox.RdfFormat.N_QUADS)
        store.flush()
        times.append(time.perf_counter() - started)
        del store
    shutil.rmtree(folder, ignore_errors=True)
    return {"load": {"times": times}}


def phase_export(args: dict) -> dict:
    """Turtle the way ``bbkg export`` writes it: from data in memory (the serialisation only, as the rdflib
    baseline is measured), and from the persistent store (``--store DIR``)."""
    from bbkg.rdfio import HEADER
    from bbkg.store import open_store
    from bbkg.store.disk import open_disk_store
    from bbkg.store.export import export_store

    out = Path(tempfile.mkdtemp(dir=args["workdir"])) / "export.ttl"
    disk = open_disk_store(args["store"])
    count = disk.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    triples = int(count.rows[0][0].value)  # the union graph: what the Turtle holds
    disk_times, _ = timed(lambda: export_store(disk, "turtle", out, header=HEADER), args["repeat"])
    memory = open_store("oxigraph", data=args["file"])
    times, _ = timed(lambda: export_store(memory, "turtle", out, header=HEADER), args["repeat"])
    size = out.stat().st_size
    shutil.rmtree(out.parent)
    return {"export": {"times": times, "rows": triples, "bytes": size},
            "export_store": {"times": disk_times, "rows": triples, "bytes": size}}


def centre() -> str | None:
    """The first organisation the named queries name as a default (BioWin in the synthetic graphs)."""
    from bbkg.query.catalogue import PARAM_CLASSES, catalogue

    return next((v for q in catalogue().values() for k, v in sorted(q.defaults.items())
                 if PARAM_CLASSES.get(k) == "Organisation"), None)


def draw_diagram(store, repeat: int, workdir: Path) -> dict:
    """Build the network, keep the organisations around :func:`centre` (depth 1), write the HTML."""
    from bbkg.network.graph import partnership_network
    from bbkg.network.selection import resolve_organisation, select
    from bbkg.render.diagram import write_diagrams

    name = centre()

    def draw() -> int:
        graph = partnership_network(store)
        if name:
            graph = select(graph, around=resolve_organisation(store, name), depth=1)
        write_diagrams(graph, [workdir / "bench-diagram.html"])
        return graph.number_of_nodes()

    times, nodes = timed(draw, repeat)
    return {"times": times, "rows": nodes, "what": f"network around {name} (depth 1), HTML"}


def phase_diagram(args: dict) -> dict:
    """Draw the diagram from the persistent store."""
    from bbkg.store.disk import open_disk_store

    return {"diagram": draw_diagram(open_disk_store(args["store"]), args["repeat"], Path(args["workdir"]))}


def phase_rdflib(args: dict) -> dict:
    """The baseline: rdflib's store and engine, loaded from the file; the queries of the run (``names``, default
    all), Turtle, diagram."""
    from bbkg.store import open_store

    repeat = args["repeat"]
    times, store = timed(lambda: open_store("rdflib", data=args["file"]), max(1, min(repeat, 2)))
    limit = args.get("timeout")
    out = {"load": {"times": times, "rows": store.count()}, "queries": run_queries(store, repeat, args.get("names"), timeout=limit)}
    dataset = store._ds  # rdflib's own serialiser on its own data: the baseline, not bbkg's code path
    try:
        with deadline(limit):
            ttimes, data = timed(lambda: dataset.serialize(format="turtle", encoding="utf-8"), repeat)
        out["export"] = {"times": ttimes, "rows": 0, "bytes": len(data)}
    except Stopped as exc:
        out["export"] = {"error": str(exc)}
    try:
        with deadline(limit):
            out["diagram"] = draw_diagram(store, repeat, Path(args["workdir"]))
    except Stopped as exc:
        out["diagram"] = {"error": str(exc)}
    return out


PHASES = {"engine": phase_engine, "memory": phase_memory, "bind": phase_bind, "raw": phase_raw, "raw-load": phase_raw_load, "export": phase_export,
          "diagram": phase_diagram, "rdflib": phase_rdflib}


if __name__ == "__main__":
    print(json.dumps(PHASES[sys.argv[1]](json.loads(sys.argv[2]))))
