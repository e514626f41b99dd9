"""Which of some links were active in each of several windows of time: the questions of
:mod:`bbkg.query.activity` (same patterns, same rules of :mod:`bbkg.query.time`) asked only about the
partnerships, links and organisations given, in batches of ``VALUES``, so their cost follows the network
drawn rather than the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from bbkg.network.fetch import batches, iris
from bbkg.query.activity import LINK_PREDICATES, by_window, link_time, windows_query
from bbkg.query.time import Dated, Window, dated, dissolution

if TYPE_CHECKING:
    from bbkg.store import Store


def _each(store: Store, windows: Sequence[Window], variable: str, items: Iterable[str], time: Dated) -> dict[str, set[int]]:
    rows = [row for batch in batches(items)
            for row in windows_query(store, windows, variable, time, f"VALUES {variable} {{ {iris(batch)} }}")]
    return by_window(rows, lambda r: r[0].value)


def partnerships_active(store: Store, windows: Sequence[Window], partnerships: Iterable[str]) -> dict[str, set[int]]:
    """Return partnership IRI -> the windows it was active in, for ``partnerships``."""
    time = dated("?p")
    return _each(store, windows, "?p", partnerships, Dated("?p a bbkg:Partnership .\n  " + time.pattern, time.condition))


def links_active(store: Store, windows: Sequence[Window], kind: str, pairs: Iterable[tuple[str, str]]
                 ) -> dict[tuple[str, str, str], set[int]]:
    """Return (a, kind, b) -> the windows the link was active in, for the ``pairs`` (a, b) of that kind."""
    rows = []
    for batch in batches(pairs):
        body = " ".join(f"(<{a}> <{b}>)" for a, b in batch)
        rows += windows_query(store, windows, "?a ?b", link_time(kind), f"VALUES (?a ?b) {{ {body} }}")
    return by_window(rows, lambda r: (r[0].value, kind, r[1].value))


def closed_among(store: Store, windows: Sequence[Window], orgs: Iterable[str]) -> dict[str, set[int]]:
    """Return organisation IRI -> the windows that begin after it was dissolved, for ``orgs``."""
    time = dissolution("?o", "o")
    closing = Dated(f"?o bbkg:dissolutionDate ?any .\n  {time.pattern}", f"!({time.condition})")
    return _each(store, windows, "?o", orgs, closing)


def existing_among(store: Store, windows: Sequence[Window], orgs: Iterable[str]) -> dict[str, set[int]]:
    """Return organisation IRI -> the windows in which it existed, for ``orgs``."""
    time = dated("?o", start="bbkg:foundingDate", end="bbkg:dissolutionDate", precision="bbkg:dissolutionDatePrecision")
    return _each(store, windows, "?o", orgs, Dated("?o a bbkg:Organisation .\n  " + time.pattern, time.condition))


def links_activity(store: Store, links: Sequence[tuple], windows: Sequence[Window]) -> list[set[int]]:
    """Return, for each link (a, b, key, attributes), the windows in which it was active and neither of its
    organisations had been dissolved (what :func:`bbkg.network.history.edge_activity` answers)."""
    partnerships = {attrs.get("partnership", "") for _, _, _, attrs in links if attrs.get("kind") == "partnership"}
    active = partnerships_active(store, windows, partnerships) if partnerships else {}
    active_links: dict[tuple[str, str, str], set[int]] = {}
    for kind in LINK_PREDICATES:
        pairs = {(a, b) for a, b, _, attrs in links if attrs.get("kind") == kind}
        if pairs:
            active_links.update(links_active(store, windows, kind, pairs))
    closed = closed_among(store, windows, {n for a, b, _, _ in links for n in (a, b)})
    out = []
    for a, b, _, attrs in links:
        if attrs.get("kind") == "partnership":
            found = active.get(attrs.get("partnership", ""), set())
        else:
            found = active_links.get((a, attrs.get("kind"), b), set())
        out.append(found - closed.get(a, set()) - closed.get(b, set()))
    return out
