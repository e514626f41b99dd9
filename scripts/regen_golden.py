#!/usr/bin/env python3
"""Rewrite tests/fixtures/ecosystem-expected.trig from the fixture's tables (review the diff by hand).

    python scripts/regen_golden.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pyoxigraph as ox

from bbkg.api import build_graph
from bbkg.namespaces import ONTOLOGY_GRAPH, PREFIXES

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "fixtures" / "ecosystem-expected.trig"


def main() -> None:
    """Build the fixture ecosystem and write its graphs, without the ontology, as the golden TriG."""
    with tempfile.TemporaryDirectory() as tmp:
        result = build_graph(ROOT / "tests" / "fixtures" / "ecosystem", out_dir=Path(tmp))
    quads = sorted((q for q in result.quads if q.graph_name.value != ONTOLOGY_GRAPH),
                   key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    text = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES).decode()
    GOLDEN.write_text("# Golden: the fixture ecosystem's graphs (without the ontology), reviewed by hand.\n" + text,
                      encoding="utf-8")
    print(f"wrote {GOLDEN.relative_to(ROOT)} ({len(quads)} quads)")


if __name__ == "__main__":
    main()
