"""Choosing part of the network: organisations of some regions or kinds, or the ego network of one
organisation; names are resolved in any language, and an unknown name lists the candidates.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from bbkg.errors import QueryError, UsageError
from bbkg.network.graph import _Labels, _local, _query
from bbkg.store import Store
from bbkg.vocab import ORG_KINDS

if TYPE_CHECKING:
    import networkx as nx





def resolve_kinds(values: Iterable[str]) -> list[str]:
    """Return the organisation kinds named (``Company``, ``research-institute``, ...); errors list them all."""
    folded = {k.lower(): k for k in ORG_KINDS}
    kinds = []
    for value in (v.strip() for text in values for v in text.split(",") if v.strip()):
        key = re.sub(r"[\s_-]+", "", value).lower()
        if key.endswith("ies") and key[:-3] + "y" in folded:
            key = key[:-3] + "y"
        elif key.endswith("s") and key[:-1] in folded:
            key = key[:-1]
        if key not in folded:
            close = difflib.get_close_matches(key, list(folded), n=1)
            hint = f" (did you mean {folded[close[0]]}?)" if close else ""
            raise UsageError(f"unknown organisation kind {value!r}{hint}; kinds: {', '.join(ORG_KINDS)}",
                             parameter="kind", value=value, candidates=list(ORG_KINDS))
        kinds.append(folded[key])
    return list(dict.fromkeys(kinds))


def resolve_regions(store: Store, values: Iterable[str]) -> list[str]:
    """Return the IRIs of the regions named (label in any language, slug or IRI); errors list every region."""
    from bbkg.query.params import resolve_entity

    iris = []
    for value in (v.strip() for text in values for v in text.split(",") if v.strip()):
        try:
            iris.append(resolve_entity(store, value, "Region", "region").value)
        except QueryError as exc:
            rows = _query(store, "SELECT ?r ?l WHERE { ?r a bbkg:Region . OPTIONAL { ?r skos:prefLabel ?l } }")
            labels = _Labels("en")
            for r, label in rows:
                labels.add(r.value, label)
            known = sorted(f"{labels.get(r, '')} ({_local(r)})" for r in {r.value for r, _ in rows})
            what = "names more than one region" if len(exc.candidates) > 1 and "more than one" in exc.message else "is no region"
            raise UsageError(f"{value!r} {what}; regions: {'; '.join(known) or 'none in this graph'}",
                             parameter="region", value=value, candidates=known) from None
    return list(dict.fromkeys(iris))


def resolve_organisation(store: Store, value: str) -> str:
    """Return the IRI of the organisation ``value`` names; an unknown name lists close candidates."""
    from bbkg.query.params import resolve_entity

    try:
        return resolve_entity(store, value, "Organisation", "around").value
    except QueryError as exc:
        if exc.candidates:
            listed = "; ".join(exc.candidates)
            message = (f"{value!r} names more than one organisation; use one of: {listed}" if "more than one" in exc.message
                       else f"no organisation named {value!r}; candidates: {listed}")
        else:
            message = f"no organisation named {value!r}; the metrics report (CSV) lists the organisations of the network"
        raise UsageError(message, parameter="around", value=value, candidates=exc.candidates) from None


def select(graph: nx.MultiDiGraph, *, regions: Sequence[str] = (), kinds: Sequence[str] = (),
           around: str | None = None, depth: int = 1, isolated: bool = False) -> nx.MultiDiGraph:
    """Return the part of ``graph`` the filters pick.

    ``regions`` (IRIs) and ``kinds`` keep the organisations that match both; ``around`` (an IRI) then
    keeps those within ``depth`` links of that organisation (which is always kept). Organisations
    left without a link are dropped unless ``isolated``.
    """
    import networkx as nx

    if around is not None and around not in graph:
        raise UsageError(f"{around} has no link of the chosen kinds ({graph.graph.get('edge_kinds', '')})",
                         parameter="around", value=around)
    keep = {
        n for n, attrs in graph.nodes(data=True)
        if n == around or (
            (not regions or attrs.get("region_iri") in regions) and (not kinds or attrs.get("kind") in kinds)
        )
    }
    if around is not None:
        if depth < 0:
            raise UsageError("the depth must be 0 or more", parameter="depth", value=depth)
        view = graph.subgraph(keep).to_undirected(as_view=True)
        keep = set(nx.single_source_shortest_path_length(view, around, cutoff=depth))
    links = [(u, v, k, a) for u, v, k, a in graph.edges(keys=True, data=True) if u in keep and v in keep]
    if not isolated:
        linked = {n for u, v, _, _ in links for n in (u, v)}
        keep = {n for n in keep if n in linked or n == around}
    if len(keep) == graph.number_of_nodes() and len(links) == graph.number_of_edges():
        return graph
    out = nx.MultiDiGraph(**graph.graph)
    out.add_nodes_from((n, a) for n, a in graph.nodes(data=True) if n in keep)
    out.add_edges_from(links)
    return out
