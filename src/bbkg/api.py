"""The library's front door for scripts and notebooks.

>>> from bbkg.api import build_graph                     # doctest: +SKIP
>>> result = build_graph()                                # doctest: +SKIP
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .validate import ValidationReport


@dataclass
class BuildResult:
    """What ``build_graph`` produced."""

    quads: list[ox.Quad]
    report: ValidationReport | None
    written: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        """Return a one-line summary: triples, graphs, sources, evidence records."""
        graphs = {str(q.graph_name) for q in self.quads}
        triples = {q.triple for q in self.quads}
        types = Counter(str(q.object).rsplit("#", 1)[-1].rstrip(">") for q in self.quads if q.predicate.value.endswith("#type"))
        return (
            f"{len(triples)} triples in {len(graphs)} named graphs; "
            f"{types['Source']} sources, {types['Evidence']} evidence records"
        )


def build_graph(
    tables: Path | None = None,
    ontology: Path | None = None,
    out_dir: Path | None = None,
    *,
    validate: bool = True,
    write: bool = True,
) -> BuildResult:
    """Read and check the tables, build the dataset, validate it, and write bbkg.ttl / bbkg.trig.

    Raises :class:`~bbkg.errors.InputError` for table problems; nothing is written when the
    tables are bad or the graph does not conform.
    """
    from .build import build_quads, ontology_quads
    from .export import HEADER, serialize, write_all_atomic
    from .paths import graph_dir
    from .sources import load_tables
    from .validate import check_queries, shapes_path, validate_quads

    checked = load_tables(tables)
    quads = build_quads(checked, ontology_quads(ontology))
    report = None
    if validate:
        report = validate_quads(quads, shapes=shapes_path(ontology), checks=check_queries())
        if not report.conforms:
            return BuildResult(quads, report)
    result = BuildResult(quads, report)
    if write:
        folder = Path(out_dir) if out_dir else Path(tables) if tables else graph_dir()
        files = {
            folder / "bbkg.ttl": serialize(quads, "turtle", header=HEADER),
            folder / "bbkg.trig": serialize(quads, "trig", header=HEADER),
        }
        write_all_atomic(files)
        result.written = list(files)
    return result
