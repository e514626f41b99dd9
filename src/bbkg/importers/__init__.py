"""Stage 3, importers: the downloads users bring (the KBO company register, CORDIS EU projects) streamed
into one named graph each, in the curated graph's model, with the download as the graph's source record.

``download`` reads a zip or folder table by table, ``places`` puts Belgian addresses in municipalities,
``kbo``/``kbo_rdf``/``kbo_full``/``kbo_update`` hold the KBO importer and ``cordis`` the CORDIS one,
``output`` the graph writer, source record and report. Whether an imported organisation is a curated one
is asked through an :class:`~bbkg.importers.output.Identify` function, which the resolve stage provides.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from bbkg.importers.output import GraphWriter, Identify, ImportReport, no_match, source_record

__all__ = ["kbo_context", "import_kbo_full", "update_kbo_store", "Identify", "ImportReport", "no_match"]


def kbo_context(out: GraphWriter | None, folder: Path | None = None):
    """A KBO row context: superclasses from the ontology, regions and Belgium from the curated places."""
    from bbkg.build import ontology_quads, superclass_closure
    from bbkg.importers.kbo import region_iris
    from bbkg.importers.kbo_rdf import Context
    from bbkg.importers.places import load_municipalities
    from bbkg.resources import graph_dir

    folder = folder or graph_dir()
    places = load_municipalities(folder)
    regions, country = region_iris(places, folder)
    ctx = Context(out=out, closure=superclass_closure(ontology_quads()), region_of=regions,  # type: ignore[arg-type]
                  country=country)
    return ctx, places


def record_iri(extract) -> ox.NamedNode:
    """The IRI of a KBO extract's source record."""
    from bbkg.namespaces import ID

    return ox.NamedNode(ID[f"source/kbo-{extract.number}"])


def _record(out: GraphWriter, extract) -> None:
    from bbkg.importers.kbo import LICENCE, source_fields

    kind = "Update" if extract.is_update else "Full"
    source_record(out, f"kbo-{extract.number}", f"KBO open data extract {extract.number} ({kind})",
                  source_fields(extract), LICENCE, "https://kbopub.economie.fgov.be/kbo-open-data/")


def import_kbo_full(extract, selection, handle: BinaryIO, identify: Identify = no_match,
                    skip_bad_rows: bool = False) -> ImportReport:
    """Import a Full extract as N-Quads into ``handle``; raise on bad rows unless ``skip_bad_rows``."""
    from bbkg.importers.kbo import graph_of
    from bbkg.importers.kbo_full import import_full

    graph = graph_of(extract.number)
    out = GraphWriter(handle, graph)
    ctx, places = kbo_context(out)
    ctx.source = record_iri(extract)
    report = ImportReport(graph.value, bad=extract.bad)
    import_full(extract, selection, ctx, identify, places, report)
    extract.bad.check(skip_bad_rows)
    _record(out, extract)
    out.flush()
    report.quads = out.count
    return report


def update_kbo_store(store: ox.Store, extract, selection, identify: Identify = no_match,
                     skip_bad_rows: bool = False) -> ImportReport:
    """Apply an Update extract to a store holding the previous extract (inside the store's all-or-nothing load)."""
    from bbkg.importers.kbo_update import update_store

    ctx, places = kbo_context(None)
    ctx.source = record_iri(extract)
    report = ImportReport("", bad=extract.bad)
    graph = update_store(store, extract, selection, ctx, identify, places, report)
    extract.bad.check(skip_bad_rows)
    out = GraphWriter(store, graph)
    _record(out, extract)
    out.flush()
    report.graph = graph.value
    report.quads = sum(1 for _ in store.quads_for_pattern(None, None, None, graph))
    return report
