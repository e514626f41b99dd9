"""The selected part of the network fetched directly: ``--around ORG --depth d`` as a breadth-first expansion
(one query per hop, the frontier in ``VALUES``), ``--region``/``--kind`` as filters in the queries, then
attributes and links for the selected organisations only (:mod:`bbkg.network.fetch`); a window of time
keeps the links active in it (:mod:`bbkg.network.activity`).

:func:`selected_network` gives the graph that :func:`bbkg.network.selection.select` picks from the whole
network (:func:`~bbkg.network.graph.partnership_network`, or :func:`~bbkg.network.history.network_as_of`
with a window): the same organisations, links and attributes, in the same order (with a window and
``isolated``, the organisations without a link in the selection may come in another order).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bbkg.errors import UsageError
from bbkg.network.fetch import induced_links, org_attributes, rows_of
from bbkg.network.graph import BBKG, EDGE_KINDS, parse_edge_kinds

if TYPE_CHECKING:
    import networkx as nx

    from bbkg.query.time import Window
    from bbkg.store import Store

_PARTNERS = """
SELECT DISTINCT ?f ?m ?p WHERE {
  VALUES ?f { %s }
  ?p bbkg:hasParticipant ?f . ?p a bbkg:Partnership . ?p bbkg:hasParticipant ?m .
  FILTER(?m != ?f) FILTERS
}"""

_RELATED = """
SELECT DISTINCT ?f ?m ?a ?rel ?b WHERE {
  VALUES ?f { %s }
  { ?f ?rel ?m . BIND(?f AS ?a) BIND(?m AS ?b) } UNION { ?m ?rel ?f . BIND(?m AS ?a) BIND(?f AS ?b) }
  FILTER(?rel IN (RELATIONS) && ?m != ?f) FILTERS
}"""


def _filters(regions: Sequence[str], kinds: Sequence[str]) -> str:
    """Return the patterns that keep ``?m`` in one of ``regions`` and of one of ``kinds`` (none: no pattern)."""
    out = ""
    if regions:
        out += f"\n  ?m bbkg:inRegion ?mRegion . FILTER(?mRegion IN ({', '.join(f'<{r}>' for r in regions)}))"
    if kinds:
        out += f"\n  ?m a ?mKind . FILTER(?mKind IN ({', '.join(f'<{BBKG}{k}>' for k in kinds)}))"
    return out


def neighbours(store: Store, frontier: Sequence[str], edges: Sequence[str], *, regions: Sequence[str] = (),
               kinds: Sequence[str] = (), window: Window | None = None) -> set[tuple[str, str]]:
    """Return the pairs (f, m): ``f`` of ``frontier`` links to ``m`` by the chosen edge kinds (with ``window``, a
    link active then, neither end dissolved); ``regions``/``kinds`` leave out the ``m`` that cannot match
    them. Not checked here: that ``m`` is an organisation."""
    filters = _filters(regions, kinds)
    links: list[tuple[str, str, str, dict]] = []  # (a, b, key, attributes) as edge_activity reads them
    ends: list[tuple[str, str]] = []
    if "partnership" in edges:
        for f, m, p in rows_of(store, _PARTNERS.replace("FILTERS", filters), frontier):
            links.append((f.value, m.value, p.value, {"kind": "partnership", "partnership": p.value}))
            ends.append((f.value, m.value))
    relations = {f"{BBKG}{EDGE_KINDS[k]}": k for k in edges if k != "partnership"}
    if relations:
        text = _RELATED.replace("RELATIONS", ", ".join(f"<{r}>" for r in relations)).replace("FILTERS", filters)
        for f, m, a, rel, b in rows_of(store, text, frontier):
            links.append((a.value, b.value, relations[rel.value], {"kind": relations[rel.value]}))
            ends.append((f.value, m.value))
    if window is None:
        return set(ends)
    from bbkg.network.activity import links_activity

    return {pair for pair, found in zip(ends, links_activity(store, links, [window])) if found}


def _matches(attrs: dict, regions: Sequence[str], kinds: Sequence[str]) -> bool:
    return (not regions or attrs.get("region_iri") in regions) and (not kinds or attrs.get("kind") in kinds)


def _linked(store: Store, orgs: Sequence[str], edges: Sequence[str], window: Window | None, lang: str) -> set[str]:
    """Return those of ``orgs`` that have a link (active in ``window``) with an organisation, any of them."""
    pairs = neighbours(store, orgs, edges, window=window)
    real = org_attributes(store, {m for _, m in pairs}, lang)
    return {f for f, m in pairs if m in real}


def _around(store: Store, around: str, depth: int, edges: Sequence[str], regions: Sequence[str],
            kinds: Sequence[str], window: Window | None, lang: str) -> tuple[dict[str, dict], bool]:
    """Return the organisations within ``depth`` links of ``around`` through organisations that match, by IRI,
    and whether ``around`` has a link at all."""
    orgs = org_attributes(store, [around], lang)
    frontier, linked = [around] if orgs else [], False
    for _ in range(depth):
        pairs = neighbours(store, frontier, edges, regions=regions, kinds=kinds, window=window)
        found = {m for _, m in pairs} - set(orgs)
        new = org_attributes(store, found, lang)
        frontier = [n for n, attrs in new.items() if _matches(attrs, regions, kinds)]
        orgs.update((n, new[n]) for n in frontier)
        linked = linked or bool(frontier)
        if not frontier:
            break
    if orgs and not linked:
        linked = bool(_linked(store, [around], edges, window, lang))
    return orgs, linked


def selected_network(store: Store, *, edges: Sequence[str] = tuple(EDGE_KINDS), lang: str = "en",
                     isolated: bool = False, regions: Sequence[str] = (), kinds: Sequence[str] = (),
                     around: str | None = None, depth: int = 1, window: Window | None = None) -> nx.MultiDiGraph:
    """Return the part of the network the filters pick (as :func:`bbkg.network.selection.select` does),
    fetching only that part: ``regions`` (IRIs) and ``kinds``, ``around`` an organisation within ``depth``
    links, ``window`` a time window."""
    edges = parse_edge_kinds(list(edges))
    if depth < 0:
        raise UsageError("the depth must be 0 or more", parameter="depth", value=depth)
    if around is not None:
        orgs, linked = _around(store, around, depth, edges, regions, kinds, window, lang)
        if not orgs or not (linked or isolated and _exists(store, around, window)):
            raise UsageError(f"{around} has no link of the chosen kinds ({','.join(edges)})", parameter="around",
                             value=around)
    else:
        orgs = {n: a for n, a in org_attributes(store, _candidates(store, regions, kinds), lang).items()
                if _matches(a, regions, kinds)}
    links = induced_links(store, orgs, edges, lang)
    if window is not None:
        from bbkg.network.activity import links_activity

        links = [link for link, found in zip(links, links_activity(store, links, [window])) if found]
    return _assemble(store, orgs, links, edges, lang, isolated, around, window)


def _exists(store: Store, org: str, window: Window | None) -> bool:
    if window is None:
        return True
    from bbkg.network.activity import existing_among

    return bool(existing_among(store, [window], [org]))


def _candidates(store: Store, regions: Sequence[str], kinds: Sequence[str]) -> list[str]:
    """Return the IRIs of the organisations that may be in ``regions`` and of ``kinds``."""
    from bbkg.network.graph import _query
    from bbkg.vocab import ORG_KINDS

    where = f"?m a ?mKind . FILTER(?mKind IN ({', '.join(f'<{BBKG}{k}>' for k in kinds or ORG_KINDS)}))"
    if regions:
        where = _filters(regions, ()) + "\n  " + where
    return sorted({row[0].value for row in _query(store, f"SELECT DISTINCT ?m WHERE {{ {where} }}")})


def _assemble(store: Store, orgs: dict[str, dict], links: list, edges: Sequence[str], lang: str, isolated: bool,
              around: str | None, window: Window | None) -> nx.MultiDiGraph:
    """Return the graph of ``links`` between ``orgs``, with the organisations the selection keeps, in the order
    the whole-network path gives them."""
    import networkx as nx

    from bbkg.network.graph import add_links

    extra = {"window": window.label} if window is not None else {}
    graph = nx.MultiDiGraph(lang=lang, edge_kinds=",".join(edges), **extra)
    linked = {n for a, b, _, _ in links for n in (a, b)}
    if not isolated:
        add_links(graph, orgs, links, False, [around] if around else [])
        return graph
    if window is None:
        add_links(graph, orgs, links, True)
        return graph
    # with a window, the whole network lists the organisations with an active link first, then those that existed
    from bbkg.network.activity import existing_among

    rest = sorted(set(orgs) - linked)
    linked |= _linked(store, rest, edges, window, lang)
    existing = existing_among(store, [window], set(orgs) - linked)
    add_links(graph, {n: a for n, a in orgs.items() if n in linked}, links, False, sorted(linked))
    graph.add_nodes_from((n, orgs[n]) for n in rest if n in existing)
    return graph
