"""Replacing the graphs on a server with the dataset: staged uploads, counted, then one update that moves them
in, so that a push is applied entirely or not at all.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from bbkg.errors import EndpointError, UsageError
from bbkg.namespaces import GRAPH
from bbkg.store.remote.client import RemoteStore, _batches, _insert_data

#: named graphs of bbkg's dataset; a push without --graph replaces these on the server
BBKG_GRAPHS = str(GRAPH)


STAGING = "urn:bbkg:push:"






@dataclass
class PushReport:
    """What :func:`push` did: triples per target graph as counted on the server afterwards."""

    endpoint: str
    method: str
    graphs: dict[str, int]
    dropped: list[str] = field(default_factory=list)
    union_default_graph: bool | None = None

    @property
    def total(self) -> int:
        """Triples on the server in the pushed graphs."""
        return sum(self.graphs.values())


def plan_push(quads: Iterable[ox.Quad], graph: str | None = None) -> dict[str, list[ox.Triple]]:
    """Map the dataset onto server graphs: each named graph to itself, or (``graph``) their union to one.

    Triples of the dataset's default graph go to ``graph``, or to the server's default graph
    (key ``""``) when no ``graph`` is given. Each graph's triples are distinct and sorted.
    """
    targets: dict[str, set[ox.Triple]] = {}
    for quad in quads:
        if graph:
            key = graph
        elif isinstance(quad.graph_name, ox.DefaultGraph):
            key = ""
        else:
            key = quad.graph_name.value
        targets.setdefault(key, set()).add(quad.triple)
    return {
        key: sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
        for key, triples in sorted(targets.items())
    }


def push(
    store: RemoteStore,
    quads: Iterable[ox.Quad],
    *,
    graph: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> PushReport:
    """Replace graphs on the server with the dataset, all or nothing; return what the server then holds.

    Without ``graph`` each named graph replaces the graph of the same IRI, and other graphs under
    ``https://w3id.org/bbkg/graph/`` (sources no longer in the dataset) are dropped; with ``graph``
    the union of all graphs replaces that one graph. The data goes first to staging graphs (Graph
    Store Protocol PUT, or SPARQL Update in batches without one), whose triple counts are checked
    on the server; one SPARQL Update request then moves them onto the targets.
    """
    say = progress or (lambda _msg: None)
    endpoint = store.endpoint
    store._update_url()  # fail early when no update URL is known
    plan = plan_push(quads, graph)
    if not plan:
        raise UsageError("nothing to push: the data holds no triples")
    run = uuid.uuid4().hex
    staging = {target: f"{STAGING}{run}/{i}" for i, target in enumerate(plan)}
    method = "graph store protocol" if endpoint.graph_store_url else "SPARQL update"
    try:
        _upload(store, plan, staging, say)
        stale = []
        if graph is None:
            present = store.graph_counts()
            stale = sorted(g for g in present if g.startswith(BBKG_GRAPHS) and g not in plan)
    except (EndpointError, UsageError) as exc:
        _drop_quietly(store, staging.values())
        raise EndpointError(_then(exc.first.message, "push stopped before anything was replaced on the server"),
                            status=getattr(exc, "status", None)) from None
    swap = [
        f"MOVE GRAPH <{staging[target]}> TO " + (f"GRAPH <{target}>" if target else "DEFAULT")
        for target in plan
    ] + [f"DROP SILENT GRAPH <{g}>" for g in stale]
    say(f"replacing {len(plan)} graph(s) in one update")
    try:
        store.update(" ;\n".join(swap), action="swapping the uploaded graphs in")
    except EndpointError as exc:
        _drop_quietly(store, staging.values())
        raise EndpointError(_then(
            exc.first.message,
            "the swap is one update request, applied by the server entirely or not at all: run `bbkg push` again",
        )) from None
    counts = _check_pushed(store, plan)
    report = PushReport(endpoint.shown, method, {k: counts.get(k, 0) for k in plan}, stale)
    if graph is None:
        report.union_default_graph = bool(store.query("ASK { ?s ?p ?o }").boolean)
    return report


def _upload(store: RemoteStore, plan: dict[str, list[ox.Triple]], staging: dict[str, str],
            say: Callable[[str], None]) -> None:
    """Upload each planned graph into its staging graph and check the server holds all of it."""
    endpoint = store.endpoint
    for target, triples in plan.items():
        what = f"<{target}>" if target else "the default graph"
        say(f"uploading {len(triples)} triples for {what}")
        if endpoint.graph_store_url:
            store.put_graph(staging[target], triples, action=f"upload for {what}")
        else:
            for batch in _batches(triples):
                store.update(_insert_data(staging[target], batch))
    counts = store.graph_counts(staging.values())
    for target, triples in plan.items():
        got = counts.get(staging[target], 0)
        if got != len(triples):
            raise EndpointError(
                f"{endpoint.shown}: the server holds {got} of the {len(triples)} triples uploaded for "
                f"{('<' + target + '>') if target else 'the default graph'}"
            )


def _check_pushed(store: RemoteStore, plan: dict[str, list[ox.Triple]]) -> dict[str, int]:
    """Return the triple count of each pushed graph, checking each holds what was planned."""
    counts = store.graph_counts([t for t in plan if t])
    if "" in plan:
        counts[""] = int(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0].value)
    for target, triples in plan.items():
        if target and counts.get(target, 0) != len(triples):
            raise EndpointError(
                f"{store.endpoint.shown}: after the push <{target}> holds {counts.get(target, 0)} triples, "
                f"expected {len(triples)}"
            )
    return counts


def _then(message: str, more: str) -> str:
    """Append a sentence to an error message."""
    if message.endswith("?"):
        return f"{message} {more[0].upper()}{more[1:]}"
    return f"{message.rstrip('.')}; {more}"


def _drop_quietly(store: RemoteStore, graphs: Iterable[str]) -> None:
    """Best effort: remove staging graphs after a failure (the server may be gone)."""
    try:
        store.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))
    except (EndpointError, UsageError):
        pass
