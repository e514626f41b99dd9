"""What was active in each of several windows of time, asked through SPARQL (so an endpoint answers it too):
partnerships, memberships, acquisitions and spin-off links, organisations that existed, organisations
that had closed. One query per kind of thing answers for every window at once (a ``VALUES`` row a window).

The rules are those of :mod:`bbkg.query.time`: a membership is dated by its ``bbkg:Membership`` node, an
acquisition by its ``bbkg:Acquisition`` node (active from its ``bbkg:date`` on), a spin-off link by its
evidence record or the spin-off's founding date; a membership or an acquisition stated without a node is
known from the date of the data, a spin-off without an evidence record from the spin-off's founding.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import pyoxigraph as ox

from bbkg.namespaces import sparql_prologue
from bbkg.query.time import DATA_DATE, TO, Dated, Window, dated, dissolution, window_values
from bbkg.store import Store

#: the link kinds of the network that a relation between two organisations states
LINK_PREDICATES = {"membership": "memberOf", "acquisition": "acquiredBy", "spinoff": "spinOffOf"}


#: a link stated without a node or an evidence record: known from the date of the data
UNDATED = f"(!BOUND({TO}) || ?dataDate <= {TO})"


def _with_node(link: str, node: str, joins: str, time: Dated, otherwise: Dated | str = UNDATED) -> Dated:
    """Return the pattern of links ``link`` dated by ``node`` (found by ``joins``), or by ``otherwise`` when
    they have none; every filter stays at the top level, where the window's variables are in scope."""
    # the node's dates are looked up inside its OPTIONAL: outside, an unbound node would match any node
    pattern = f"{link}\n  OPTIONAL {{ {joins} .\n  {time.pattern} }}"
    if isinstance(otherwise, Dated):
        pattern += f"\n  {otherwise.pattern}"
        otherwise = otherwise.condition
    return Dated(pattern, f"IF(BOUND({node}), {time.condition},\n  {otherwise})")


def link_time(kind: str) -> Dated:
    """Return the pattern that binds ``?a`` and ``?b`` to the links of ``kind`` (membership, acquisition,
    spinoff) and the condition that keeps those active in the window."""
    if kind == "membership":
        return _with_node("?a bbkg:memberOf ?b .", "?node", "?node bbkg:member ?a ; bbkg:organisation ?b",
                          dated("?node"))
    if kind == "acquisition":
        return _with_node("?a bbkg:acquiredBy ?b .", "?node",
                          "?node bbkg:acquiredOrganisation ?a ; bbkg:acquiringOrganisation ?b",
                          dated("?node", start="bbkg:date", end=None))
    if kind == "spinoff":
        return _with_node("?a bbkg:spinOffOf ?b .", "?evidence",
                          "?evidence bbkg:about ?a ; bbkg:property bbkg:spinOffOf .\n  "
                          "OPTIONAL { ?evidence bbkg:statedValue ?stated } FILTER(!BOUND(?stated) || sameTerm(?stated, ?b))",
                          dated("?evidence", start="dcterms:date|bbkg:about/bbkg:foundingDate"),
                          dated("?a", "founded", start="bbkg:foundingDate", end=None))
    raise ValueError(f"no link kind {kind!r}")


def windows_query(store: Store, windows: Sequence[Window], head: str, time: Dated, values: str = "") -> list[tuple]:
    """Return the rows (window index, ``head`` variables) active in ``windows``; ``values`` (a VALUES block)
    restricts them to given items."""
    # the date of the data just before the filter: earlier, it can make the engine's plan much slower
    text = (sparql_prologue() + f"SELECT DISTINCT ?window {head} WHERE {{\n  {window_values(list(windows))}\n"
            + (f"  {values}\n" if values else "")
            + f"  {time.pattern}\n  {DATA_DATE}\n  FILTER({time.condition})\n}}")
    return store.query(text).rows


def by_window(rows: list[tuple], key) -> dict:
    """Return key(row without its window) -> the indexes of the windows of its rows."""
    found: dict = defaultdict(set)
    for row in rows:
        found[key(row[1:])].add(int(row[0].value))
    return dict(found)


def active_partnerships(store: Store, windows: Sequence[Window]) -> dict[str, set[int]]:
    """Return partnership IRI -> the indexes of the windows in which it was active."""
    time = dated("?p")
    rows = windows_query(store, windows, "?p", Dated("?p a bbkg:Partnership .\n  " + time.pattern, time.condition))
    return by_window(rows, lambda r: r[0].value)


def active_links(store: Store, windows: Sequence[Window], kinds: Sequence[str] = tuple(LINK_PREDICATES)
                 ) -> dict[tuple[str, str, str], set[int]]:
    """Return (organisation, link kind, organisation) -> the indexes of the windows in which it was active."""
    found: dict[tuple[str, str, str], set[int]] = {}
    for kind in kinds:
        rows = windows_query(store, windows, "?a ?b", link_time(kind))
        found.update(by_window(rows, lambda r, k=kind: (r[0].value, k, r[1].value)))
    return found


def closed_organisations(store: Store, windows: Sequence[Window]) -> dict[str, set[int]]:
    """Return organisation IRI -> the windows that begin after it was dissolved."""
    time = dissolution("?o", "o")
    closing = Dated(f"?o bbkg:dissolutionDate ?any .\n  {time.pattern}", f"!({time.condition})")
    return by_window(windows_query(store, windows, "?o", closing), lambda r: r[0].value)


def existing_organisations(store: Store, windows: Sequence[Window]) -> dict[str, set[int]]:
    """Return organisation IRI -> the windows in which it existed (founded, or known, by the window's end;
    not dissolved before its start)."""
    time = dated("?o", start="bbkg:foundingDate", end="bbkg:dissolutionDate", precision="bbkg:dissolutionDatePrecision")
    rows = windows_query(store, windows, "?o", Dated("?o a bbkg:Organisation .\n  " + time.pattern, time.condition))
    return by_window(rows, lambda r: r[0].value)


def participants(store: Store) -> dict[str, set[str]]:
    """Return partnership IRI -> its participants."""
    rows = store.query(sparql_prologue() + "SELECT ?p ?o WHERE { ?p a bbkg:Partnership ; bbkg:hasParticipant ?o }").rows
    found: dict[str, set[str]] = defaultdict(set)
    for p, o in rows:
        if isinstance(o, ox.NamedNode):
            found[p.value].add(o.value)
    return dict(found)
