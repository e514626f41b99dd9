"""The network at a date and over the years: the partnership network of :mod:`bbkg.network.graph`
restricted to the links that were active in a window of time.

Which links were active is asked through SPARQL (:mod:`bbkg.query.activity`, the rules of
:mod:`bbkg.query.time`), so every engine and a remote endpoint give the same network. An organisation
dissolved before the window drops out with its links.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bbkg.network.graph import EDGE_KINDS, partnership_network
from bbkg.query.activity import (
    LINK_PREDICATES,
    active_links,
    active_partnerships,
    closed_organisations,
    existing_organisations,
)
from bbkg.query.time import Window, data_date, year

if TYPE_CHECKING:
    import networkx as nx

    from bbkg.store import Store

#: up to this many links (or organisations), what was active is asked about them only, not the whole store
SELECTIVE_LINKS = 20_000


def edge_activity(graph: nx.MultiDiGraph, store: Store, windows: Sequence[Window]) -> list[set[int]]:
    """Return, for each edge of ``graph`` (in ``graph.edges()`` order), the indexes of the windows in which
    it was active and neither of its organisations had been dissolved.

    Up to :data:`SELECTIVE_LINKS` links, only those links are asked about; beyond, the whole store at once."""
    if graph.number_of_edges() <= SELECTIVE_LINKS:
        from bbkg.network.activity import links_activity

        return links_activity(store, list(graph.edges(keys=True, data=True)), windows)
    kinds = {kind for _, _, kind in graph.edges(data="kind")}
    partnerships = active_partnerships(store, windows) if "partnership" in kinds else {}
    links = active_links(store, windows, [k for k in LINK_PREDICATES if k in kinds])
    closed = closed_organisations(store, windows)
    out = []
    for u, v, attrs in graph.edges(data=True):
        if attrs.get("kind") == "partnership":
            found = partnerships.get(attrs.get("partnership", ""), set())
        else:
            found = links.get((u, attrs.get("kind"), v), set())
        out.append(found - closed.get(u, set()) - closed.get(v, set()))
    return out


def restrict(graph: nx.MultiDiGraph, store: Store, window: Window, *, isolated: bool = False) -> nx.MultiDiGraph:
    """Return the part of ``graph`` active in ``window``: its active links and their organisations (and,
    with ``isolated``, the organisations of ``graph`` that existed then without a link)."""
    part = snapshots(graph, store, [window])[0]
    if isolated:
        existing = _existing(graph, store, [window])
        part.add_nodes_from((n, a) for n, a in graph.nodes(data=True) if existing.get(n))
    return part


def _existing(graph: nx.MultiDiGraph, store: Store, windows: Sequence[Window]) -> dict[str, set[int]]:
    """Return organisation -> the windows in which it existed, for the organisations of ``graph`` at least."""
    if graph.number_of_nodes() <= SELECTIVE_LINKS:
        from bbkg.network.activity import existing_among

        return existing_among(store, windows, graph)
    return existing_organisations(store, windows)


def snapshots(graph: nx.MultiDiGraph, store: Store, windows: Sequence[Window]) -> list[nx.MultiDiGraph]:
    """Return the part of ``graph`` active in each window (its active links and their organisations)."""
    import networkx as nx

    activity = edge_activity(graph, store, windows)
    edges = list(graph.edges(keys=True, data=True))
    out = []
    for i, window in enumerate(windows):
        links = [edge for edge, found in zip(edges, activity) if i in found]
        keep = {n for u, v, _, _ in links for n in (u, v)}
        part = nx.MultiDiGraph(**graph.graph, window=window.label)
        part.add_nodes_from((n, a) for n, a in graph.nodes(data=True) if n in keep)
        part.add_edges_from(links)
        out.append(part)
    return out


def network_as_of(store: Store, window: Window, *, edges: Sequence[str] = tuple(EDGE_KINDS), lang: str = "en",
                  isolated: bool = False) -> nx.MultiDiGraph:
    """Return the network of the links active in ``window``."""
    full = partnership_network(store, edges=edges, lang=lang, isolated=isolated)
    return restrict(full, store, window, isolated=isolated)


def year_span(graph: nx.MultiDiGraph, store: Store) -> tuple[int, int] | None:
    """Return the first year any link of ``graph`` was active and the year of the data (or of its latest
    date); None when no link has a date."""
    from bbkg.namespaces import sparql_prologue

    rows = store.query(sparql_prologue() + """
SELECT (MIN(?d) AS ?first) (MAX(?d) AS ?last) WHERE {
  { ?x a bbkg:Partnership ; bbkg:startDate ?d } UNION { ?x a bbkg:Membership ; bbkg:startDate ?d }
  UNION { ?x a bbkg:Acquisition ; bbkg:date ?d }
  UNION { ?e rdf:predicate bbkg:spinOffOf ; dcterms:date ?d }
  UNION { ?x bbkg:spinOffOf ?parent ; bbkg:foundingDate ?d }
}""").rows
    if not rows or rows[0][0] is None or graph.number_of_edges() == 0:
        return None
    first, last = int(rows[0][0].value[:4]), int(rows[0][1].value[:4])
    dated = data_date(store)
    return first, max(last, dated.year) if dated else last


def yearly_activity(graph: nx.MultiDiGraph, store: Store, *, isolated: bool = False) -> dict | None:
    """Return what the time slider of the HTML diagram needs: the years, and for each edge (and, with
    ``isolated``, each node) the ranges of years ``[first, last]`` in which it was active."""
    span = year_span(graph, store)
    if span is None:
        return None
    years = list(range(span[0], span[1] + 1))
    windows = [year(y) for y in years]
    edges = [_ranges(sorted(years[i] for i in found)) for found in edge_activity(graph, store, windows)]
    nodes = None
    if isolated:
        existing = _existing(graph, store, windows)
        nodes = [_ranges(sorted(years[i] for i in existing.get(n, ()))) for n in graph]
    return {"years": years, "edges": edges, "nodes": nodes}


def _ranges(years: list[int]) -> list[list[int]]:
    """Return sorted years as ranges of consecutive years: [2001, 2002, 2005] -> [[2001, 2002], [2005, 2005]]."""
    out: list[list[int]] = []
    for y in years:
        if out and out[-1][1] == y - 1:
            out[-1][1] = y
        else:
            out.append([y, y])
    return out
