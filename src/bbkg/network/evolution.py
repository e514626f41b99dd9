"""How the network's metrics moved between two networks (two dates, or two releases): the summary
measures, the organisations whose number of partners changed most, the communities and the brokers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bbkg.network.metrics import metrics_report

if TYPE_CHECKING:
    import networkx as nx

#: summary measures compared
MEASURES = ("organisations", "links", "partner_pairs", "density", "components", "communities", "modularity",
            "brokers")


def _change(before: float, after: float) -> float:
    difference = after - before
    return round(difference, 6) if isinstance(difference, float) else difference


def compare_networks(before: nx.Graph, after: nx.Graph, *, seed: int = 42, top: int = 15) -> dict:
    """Return what moved from ``before`` to ``after``: ``summary`` (measure, before, after, change),
    ``degree`` (the ``top`` organisations whose number of partners changed most), ``communities`` (their
    number and modularity, and the largest ones after) and ``brokers`` (organisations that became or
    stopped being brokers between regions)."""
    old = metrics_report(before, seed=seed) if before.number_of_nodes() else None
    new = metrics_report(after, seed=seed) if after.number_of_nodes() else None
    summary = []
    for measure in MEASURES:
        a = old["summary"][measure] if old else 0
        b = new["summary"][measure] if new else 0
        summary.append({"measure": measure, "before": a, "after": b, "change": _change(a, b)})
    degree_old = {o["iri"]: o for o in (old or {}).get("organisations", [])}
    degree_new = {o["iri"]: o for o in (new or {}).get("organisations", [])}
    moved = []
    for iri in set(degree_old) | set(degree_new):
        a = degree_old.get(iri, {}).get("degree", 0)
        b = degree_new.get(iri, {}).get("degree", 0)
        if a != b:
            label = (degree_new.get(iri) or degree_old.get(iri))["label"]
            moved.append({"iri": iri, "label": label, "before": a, "after": b, "change": b - a})
    moved.sort(key=lambda m: (-abs(m["change"]), -m["after"], m["label"]))
    brokers_old = {b["node"]: b["label"] for b in (old or {}).get("brokers", [])}
    brokers_new = {b["node"]: b["label"] for b in (new or {}).get("brokers", [])}
    return {
        "summary": summary,
        "degree": moved[:top],
        "communities": {
            "before": len((old or {}).get("communities", [])),
            "after": len((new or {}).get("communities", [])),
            "largest_after": [{"size": c["size"], "members": c["members"][:8]} for c in (new or {}).get("communities", [])[:5]],
        },
        "brokers": {
            "new": sorted(brokers_new[n] for n in set(brokers_new) - set(brokers_old)),
            "gone": sorted(brokers_old[n] for n in set(brokers_old) - set(brokers_new)),
        },
    }


def _labelled(changes: dict[str, list[dict]], stores: list, lang: str) -> dict[str, list[dict]]:
    """Return the changes with the labels of their subjects, other parties and terms (from the first store
    that has one)."""
    from bbkg.query.results import labels_for

    iris = {r[k] for rows in changes.values() for r in rows for k in ("iri", "with", "what", "from") if r.get(k)}
    labels: dict[str, str] = {}
    for store in reversed(stores):
        labels.update(labels_for(store, iris, lang))
    return {key: [{**r, "label": labels.get(r["iri"], r["iri"]),
                   "with_label": labels.get(r["with"], r["with"]) if r.get("with") else None,
                   "what_label": labels.get(r["what"], r["what"].rsplit("/", 1)[-1].rsplit("#", 1)[-1])
                   if r.get("what") else None}
                  for r in rows] for key, rows in changes.items()}


def window_diff(store, start: str, end: str, *, lang: str = "en", seed: int = 42, top: int = 15) -> dict:
    """Return what changed from the date ``start`` to the date ``end`` in one graph: the events dated in
    that window and the metrics of the network as of each date."""
    from bbkg.network.history import network_as_of
    from bbkg.query.changes import events_in_window
    from bbkg.query.time import as_of, between

    window = between(start, end, "diff")
    changes = events_in_window(store, window)
    first = changes.pop("partnerships_first_recorded")
    before, after = network_as_of(store, as_of(start, "--from")), network_as_of(store, as_of(end, "--to"))
    return {"mode": "dates", "from": start, "to": end,
            "window": {"from": window.first.isoformat(), "to": window.last.isoformat()},
            "changes": _labelled(changes, [store], lang), "first_recorded": len(first),
            "metrics": compare_networks(before, after, seed=seed, top=top)}


def release_diff(old, new, names: tuple[str, str], *, lang: str = "en", seed: int = 42, top: int = 15) -> dict:
    """Return what changed from the release in store ``old`` to the one in store ``new`` (``names``: how to
    call them): the facts added, removed or given an end, and the metrics of each release's network."""
    from bbkg.network.graph import partnership_network
    from bbkg.query.releases import compare, facts

    changes = compare(facts(old), facts(new))
    metrics = compare_networks(partnership_network(old, lang=lang), partnership_network(new, lang=lang),
                               seed=seed, top=top)
    return {"mode": "releases", "from": names[0], "to": names[1], "changes": _labelled(changes, [new, old], lang),
            "first_recorded": None, "metrics": metrics}
