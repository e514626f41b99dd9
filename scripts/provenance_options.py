#!/usr/bin/env python3
"""Compare provenance models on the same facts: quads, provenance/fact ratio, file sizes, time to make them.

    python scripts/provenance_options.py                 # the shipped tables (graph/)
    python scripts/provenance_options.py -n 10000        # scripts/synth.py's synthetic tables

(a) per-fact reification (bbkg before issue 15): a record per fact with rdf:type, rdf:subject, rdf:predicate,
    rdf:object, dcterms:source, bbkg:quote, bbkg:sourceTable, the row's extras and the derived types
    rdf:Statement and prov:Entity;
(b) per-fact minimal: rdf:subject/predicate/object and a link to a node shared by the facts of one
    (source, quote, extras);
(c) grouped (bbkg.build.evidence, what bbkg builds): a record per (subject, source, quote, extras);
(d) a named graph per (source, quote, extras) holding its facts, described by source and quote: the
    Turtle export (no graphs) loses which quote supports which fact, so it fails the coverage rule.
Fact quads are every quad of the build that is not provenance (the same for all four).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import sys
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bbkg.build import build_quads, ontology_quads, sourced_facts  # noqa: E402
from bbkg.build.evidence import ABOUT, QUOTE, SOURCE, evidence_quads  # noqa: E402
from bbkg.namespaces import BBKG, DERIVED_GRAPH, ID, PROV, PROVENANCE_GRAPH, RDF  # noqa: E402
from bbkg.rdfio import serialize  # noqa: E402

N = ox.NamedNode
PROV_GRAPH, DERIVED = N(str(PROVENANCE_GRAPH)), N(str(DERIVED_GRAPH))


def _node(*parts: object) -> ox.NamedNode:
    return N(str(ID["evidence/" + hashlib.sha1("\t".join(map(str, parts)).encode()).hexdigest()[:16]]))


def reified(facts) -> list[ox.Quad]:
    """(a) one record per (s, p, o, source), as bbkg built it before."""
    out, seen = [], set()
    for f in facts:
        ev = _node(f.subject, f.predicate, f.object, f.source)
        if ev in seen:
            continue
        seen.add(ev)
        for p, o in ((N(str(RDF.type)), N(str(BBKG.Evidence))), (N(str(RDF.subject)), f.subject),
                     (N(str(RDF.predicate)), f.predicate), (N(str(RDF.object)), f.object), (SOURCE, f.source),
                     (QUOTE, ox.Literal(f.quote)), (N(str(BBKG["sourceTable"])), ox.Literal("table.csv")), *f.extras):
            out.append(ox.Quad(ev, p, o, PROV_GRAPH))
        # bbkg:Evidence was a subclass of rdf:Statement and prov:Entity: the build typed records with both
        out += [ox.Quad(ev, N(str(RDF.type)), N(str(cls)), DERIVED) for cls in (RDF.Statement, PROV.Entity)]
    return out


def minimal(facts) -> list[ox.Quad]:
    """(b) subject/predicate/object per fact, source and quote on a shared node."""
    out, shared = [], set()
    for f in facts:
        node = _node("row", f.source, f.quote, *f.extras)
        if node not in shared:
            shared.add(node)
            out += [ox.Quad(node, SOURCE, f.source, PROV_GRAPH), ox.Quad(node, QUOTE, ox.Literal(f.quote), PROV_GRAPH)]
            out += [ox.Quad(node, p, o, PROV_GRAPH) for p, o in f.extras]
        ev = _node(f.subject, f.predicate, f.object, node)
        for p, o in ((N(str(RDF.subject)), f.subject), (N(str(RDF.predicate)), f.predicate),
                     (N(str(RDF.object)), f.object), (N(str(BBKG["citation"])), node)):
            out.append(ox.Quad(ev, p, o, PROV_GRAPH))
    return list(dict.fromkeys(out))


def graph_per_row(facts) -> list[ox.Quad]:
    """(d) the description of a graph per (source, quote, extras); its facts move into it (counted as facts)."""
    out = []
    for f in dict.fromkeys((f.source, f.quote, f.extras) for f in facts):
        g = _node("graph", *f[:2], *f[2])
        out += [ox.Quad(g, SOURCE, f[0], PROV_GRAPH), ox.Quad(g, QUOTE, ox.Literal(f[1]), PROV_GRAPH)]
        out += [ox.Quad(g, p, o, PROV_GRAPH) for p, o in f[2]]
    return out


def measure(name: str, make, facts, others: list[ox.Quad]) -> str:
    start = time.perf_counter()
    prov = make(facts)
    quads = others + prov
    ttl, trig = len(serialize(quads, "turtle")), len(serialize(quads, "trig"))
    seconds = time.perf_counter() - start
    return (f"| {name} | {len(quads):,} | {len(prov):,} | {len(others):,} | {len(prov) / len(others):.2f} | "
            f"{ttl / 1e6:.1f} MB | {trig / 1e6:.1f} MB | {seconds:.1f} s |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organisations", "-n", type=int, default=0, help="synthetic organisations (0: shipped)")
    args = parser.parse_args(argv)
    if args.organisations:
        from synth import Synthesis

        tables = Synthesis(args.organisations, 1).tables()
        what = f"scripts/synth.py -n {args.organisations}"
    else:
        from bbkg.tables import load_tables

        tables, what = load_tables(None), "shipped tables (graph/)"
    facts = sourced_facts(tables)
    built = build_quads(tables, ontology_quads())
    records = {q.subject for q in evidence_quads(facts)}
    others = [q for q in built if q.subject not in records]
    assert not any(q.predicate == ABOUT for q in others)
    print(f"# provenance models on {what}: {len(facts):,} sourced facts")
    print(f"machine: {platform.node()}, {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, pyoxigraph {ox.__version__}")
    print("| model | quads | provenance quads | fact quads | provenance/fact | Turtle | TriG | make + serialize |")
    print("|---|---|---|---|---|---|---|---|")
    for name, make in (("(a) per-fact reification", reified), ("(b) per-fact minimal + shared quote", minimal),
                       ("(c) grouped by row and subject", evidence_quads), ("(d) named graph per row", graph_per_row)):
        print(measure(name, make, facts, others))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
