"""Applying a KBO Update extract to a store that holds the previous extract's graph: for every table,
delete the facts of each key in ``<table>_delete.csv``, state the rows of ``<table>_insert.csv``, then
drop the enterprises that left the selection, and move the graph to the new extract number.

An enterprise that enters the selection through a new activity, but whose other rows are unchanged
(and so not in the Update), cannot be stated from the Update alone: it is counted in the report, and the
next Full extract brings it in.
"""

from __future__ import annotations

import pyoxigraph as ox

from bbkg.errors import InputError
from bbkg.importers import kbo_rdf
from bbkg.importers.download import read_rows
from bbkg.importers.kbo import WHAT, Extract, graph_of, is_selected, own_iri, selected_entities
from bbkg.importers.kbo_full import (KEYS, Rows, identify_all, read_addresses, read_enterprises,
                                     read_establishments, read_names, write_activities, write_rows)
from bbkg.importers.output import CONCEPT_BASE, TYPE, GraphWriter, Identify, ImportReport, node
from bbkg.importers.places import Municipalities
from bbkg.namespaces import BBKG, DCTERMS, GRAPH, PROV

KBO_GRAPHS = GRAPH["kbo/"]


def kbo_graphs(store: ox.Store) -> list[ox.NamedNode]:
    """The KBO extract graphs a store holds."""
    return sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g.value.startswith(KBO_GRAPHS)),
                  key=lambda g: g.value)


def previous_graph(store: ox.Store, extract: Extract) -> ox.NamedNode:
    """The graph of extract n-1 that Update n applies to; an error naming what to do otherwise."""
    graphs = kbo_graphs(store)
    where = extract.download.where("meta.csv")
    if not graphs:
        raise InputError(f"Update extract {extract.number} needs the store to hold the previous extract: import a "
                         "Full extract first (bbkg import kbo KboOpenData_..._Full.zip --store DIR)", path=where)
    held = int(graphs[-1].value.rsplit("/", 1)[1])
    if held + 1 != int(extract.number):
        raise InputError(f"this is Update extract {extract.number} but the store holds extract {held}: apply the "
                         f"Updates in order, from {held + 1}, or import a Full extract", path=where)
    return graphs[-1]


def entity_numbers(store: ox.Store, graph: ox.NamedNode) -> dict[str, ox.NamedNode]:
    """Entity number -> IRI, for every enterprise and establishment in the graph."""
    found = {}
    for prop in (BBKG.kboNumber, BBKG.establishmentNumber):
        for q in store.quads_for_pattern(None, node(prop), None, graph):
            found[q.object.value] = q.subject
    return found


def _drop_subject(store: ox.Store, subject: ox.NamedNode, graph: ox.NamedNode, predicates=None) -> None:
    if predicates is None:
        quads = list(store.quads_for_pattern(subject, None, None, graph))
    else:
        quads = [q for p in predicates for q in store.quads_for_pattern(subject, node(p), None, graph)]
    for q in quads:
        store.remove(q)


OWNED = {"address": (BBKG.registeredSeat, BBKG.address), "activity": (BBKG.activity,)}


def delete_facts(store: ox.Store, graph: ox.NamedNode, table: str, subject: ox.NamedNode, curated: bool) -> None:
    """Delete what one table states about one entity (and the nodes its rows made)."""
    for prop in OWNED.get(table, ()):
        for q in list(store.quads_for_pattern(subject, node(prop), None, graph)):
            _drop_subject(store, q.object, graph)
    predicates = list(kbo_rdf.TABLE_PREDICATES[table])
    if table in ("enterprise", "establishment") and not curated:
        predicates += [TYPE.value, BBKG.inCountry]
    _drop_subject(store, subject, graph, predicates)


def apply_deletes(store: ox.Store, graph: ox.NamedNode, extract: Extract, iris: dict[str, ox.NamedNode]) -> int:
    """Delete by key, table by table; return how many keys were in the graph."""
    hits = 0
    for table, key in KEYS.items():
        file = f"{table}_delete.csv"
        if not extract.download.has(file):
            continue
        for _, row in read_rows(extract.download, file, (key,), what=WHAT, bad=extract.bad):
            subject = iris.get(row[key])
            if subject is not None:
                hits += 1
                delete_facts(store, graph, table, subject, subject != own_iri(row[key]))
    return hits


def _inserted(extract: Extract, table: str) -> bool:
    return extract.download.has(f"{table}_insert.csv")


def new_enterprises(extract: Extract, selection, iris: dict[str, ox.NamedNode], report: ImportReport) -> set[str]:
    """Enterprises the Update brings into the selection, with their enterprise row in it."""
    chosen = selected_entities(extract, selection, "activity_insert") if _inserted(extract, "activity") else set()
    if _inserted(extract, "establishment"):
        for _, row in extract.rows("establishment", "establishment_insert"):
            if row["EstablishmentNumber"] in chosen:
                chosen.add(row["EnterpriseNumber"])
    rows_of = set()
    if _inserted(extract, "enterprise"):
        rows_of = {row["EnterpriseNumber"] for _, row in extract.rows("enterprise", "enterprise_insert")}
    entering = {n for n in chosen if not kbo_rdf.is_establishment(n) and n not in iris}
    missing = entering - rows_of
    if missing:
        report.notes.append(f"{len(missing)} enterprises entered the selection through a new activity but the Update "
                            "holds none of their other rows; the next Full extract brings them in")
    return entering & rows_of


def apply_inserts(extract: Extract, ctx: kbo_rdf.Context, identify: Identify, places: Municipalities,
                  wanted: set[str], report: ImportReport) -> None:
    """State the inserted rows of the entities in the graph and of the enterprises entering it."""
    rows = Rows()
    if _inserted(extract, "enterprise"):
        read_enterprises(extract, rows, wanted, "enterprise_insert")
    if _inserted(extract, "establishment"):
        read_establishments(extract, rows, lambda cells: cells[2] in wanted, "establishment_insert")
    entities = wanted | set(rows.establishments) | {n for n in ctx.iris if kbo_rdf.is_establishment(n)}
    if _inserted(extract, "denomination"):
        read_names(extract, rows, entities, "denomination_insert")
    if _inserted(extract, "address"):
        read_addresses(extract, rows, entities, places, "address_insert")
    known = dict(ctx.iris)
    fresh = Rows(enterprises={n: r for n, r in rows.enterprises.items() if n not in known}, names=rows.names,
                 addresses=rows.addresses)
    identify_all(fresh, identify, ctx)
    ctx.iris.update(known)
    for number in rows.establishments:
        ctx.iris.setdefault(number, own_iri(number))
    ctx.curated |= {n for n, iri in known.items() if iri != own_iri(n)}
    write_rows(ctx, rows, report)
    if _inserted(extract, "activity"):
        write_activities(extract, ctx, set(ctx.iris), report, "activity_insert")
    ctx.out.flush()


def still_selected(store: ox.Store, graph: ox.NamedNode, selection) -> set[ox.NamedNode]:
    """The enterprises of the graph with a selected activity of their own or of an establishment."""
    keep: set[ox.NamedNode] = set()
    owner = {q.subject: q.object for q in store.quads_for_pattern(None, node(BBKG.establishmentOf), None, graph)}
    numbered = {q.subject for q in store.quads_for_pattern(None, node(BBKG.kboNumber), None, graph)}
    for q in store.quads_for_pattern(None, node(BBKG.naceActivity), None, graph):
        version, code = q.object.value.rsplit("/", 2)[-2:]
        if is_selected(selection, version.removeprefix("nace"), code):
            keep.add(owner.get(q.subject, q.subject))
    return keep & numbered


def drop_unselected(store: ox.Store, graph: ox.NamedNode, selection, iris: dict[str, ox.NamedNode]) -> int:
    """Remove the enterprises (and their establishments) that no longer belong in the graph."""
    keep = still_selected(store, graph, selection)
    owner = {q.subject: q.object for q in store.quads_for_pattern(None, node(BBKG.establishmentOf), None, graph)}
    dropped = 0
    for number, subject in iris.items():
        if kbo_rdf.is_establishment(number):
            continue
        if subject not in keep:
            dropped += 1
            for est in [e for e, o in owner.items() if o == subject] + [subject]:
                for table in ("address", "activity"):
                    delete_facts(store, graph, table, est, True)
                _drop_subject(store, est, graph)  # the graph holds only what KBO says of it
    return dropped


def restate_concepts(store: ox.Store, graph: ox.NamedNode, ctx: kbo_rdf.Context, extract: Extract) -> None:
    """State the code concepts again, for the codes the graph uses now."""
    for q in list(store.quads_for_pattern(None, None, None, graph)):
        if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(CONCEPT_BASE):
            store.remove(q)
    used = {q.object for q in store.quads_for_pattern(None, None, None, graph)
            if isinstance(q.object, ox.NamedNode) and q.object.value.startswith(CONCEPT_BASE)}
    kbo_rdf.code_concepts(ctx.out, extract.codes, used)
    ctx.out.flush()


def move_graph(store: ox.Store, old: ox.NamedNode, extract: Extract, ctx_source: ox.NamedNode) -> ox.NamedNode:
    """Drop the old source record and move the graph to the new extract's name; the enterprises then
    name the new record as their source."""
    records = {q.object for q in store.quads_for_pattern(old, node(PROV.wasDerivedFrom), None, old)}
    for record in records:
        _drop_subject(store, record, old)
    _drop_subject(store, old, old)
    new = graph_of(extract.number)
    source = node(DCTERMS.source)
    # by hand: a SPARQL MOVE runs as one transaction and took 20 s for 140k quads; this copy runs on the
    # store's private copy, which the load swaps in only once everything has worked
    batch: list[ox.Quad] = []
    for q in store.quads_for_pattern(None, None, None, old):
        obj = ctx_source if q.predicate == source and q.object in records else q.object
        batch.append(ox.Quad(q.subject, q.predicate, obj, new))
        if len(batch) >= 100_000:
            store.bulk_extend(batch)
            batch = []
    store.bulk_extend(batch)
    store.remove_graph(old)
    return new


def update_store(store: ox.Store, extract: Extract, selection, ctx: kbo_rdf.Context, identify: Identify,
                 places: Municipalities, report: ImportReport) -> ox.NamedNode:
    """Apply an Update extract to the store's previous KBO graph; return the new graph's name."""
    old = previous_graph(store, extract)
    iris = entity_numbers(store, old)
    ctx.out = GraphWriter(store, old)
    ctx.iris = dict(iris)
    report.counts["keys deleted"] += apply_deletes(store, old, extract, iris)
    wanted = {n for n in iris if not kbo_rdf.is_establishment(n)} | new_enterprises(extract, selection, iris, report)
    apply_inserts(extract, ctx, identify, places, wanted, report)
    report.counts["enterprises left the selection"] += drop_unselected(store, old, selection, ctx.iris)
    restate_concepts(store, old, ctx, extract)
    return move_graph(store, old, extract, ctx.source)
