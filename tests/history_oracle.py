"""The history fixture's expected answers, computed in plain Python from its CSV tables (not from the graph,
not by bbkg's SPARQL): what was active in a window, what happened in it, the network's links then.

The rules, written out once here as the tests' own reading of the issue: a date covers its whole period
(``2015`` is all of 2015); a thing is active in a window when it had begun by the window's last day (its
start's first day; without a start, the earliest of its end and its source's date, a source without a date
counting as dated on the latest date any source carries) and had not ended before the window's first day
(the last day of its end's period).
"""

from __future__ import annotations

import csv
from datetime import date
from functools import cache
from itertools import combinations

from bbkg.query.time import last_day
from bbkg.vocab import parse_when
from conftest import HISTORY

ID = "https://w3id.org/bbkg/id/"


@cache
def table(name: str) -> tuple[dict, ...]:
    with (HISTORY / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def span(text: str) -> tuple[date, date]:
    first, precision = parse_when(text)
    return first, last_day(first, precision)


def org(slug: str) -> str:
    return f"{ID}org/{slug}"


def source_date(source: str) -> date:
    dated = {r["id"]: date.fromisoformat(r["accessed"]) for r in table("sources") if r["accessed"]}
    return dated.get(source, max(dated.values()))


def active(starts: list[str], end: str, source: str, first: date, last: date) -> bool:
    """Whether something with these start candidates, end and source was active from ``first`` to ``last``."""
    if starts:
        begun = min(span(s)[0] for s in starts) <= last
    else:
        begun = min([source_date(source)] + ([span(end)[0]] if end else [])) <= last
    return begun and not (end and span(end)[1] < first)


def founding(slug: str) -> list[str]:
    return [a["value"] for a in table("attributes") if a["subject"] == slug and a["property"] == "foundingDate"]


def partnerships(first: date, last: date) -> set[str]:
    """The partnerships (IRIs) active in the window."""
    return {f"{ID}partnership/{p['id']}" for p in table("partnerships")
            if active([p["start"]] if p["start"] else [], p["end"], p["source"], first, last)}


def links(first: date, last: date) -> set[tuple[str, str, str]]:
    """The membership, acquisition and spin-off links (organisation, kind, organisation) active then."""
    kinds = {"memberOf": "membership", "acquiredBy": "acquisition", "spinOffOf": "spinoff"}
    out = set()
    for r in table("relations"):
        if r["predicate"] not in kinds:
            continue
        starts = [r["date"]] if r["date"] else []
        if r["predicate"] == "spinOffOf":  # the spin-off link starts with its date or the spin-off's founding
            starts += founding(r["subject"])
        end = r["end"] if r["predicate"] != "acquiredBy" else ""
        if active(starts, end, r["source"], first, last):
            out.add((org(r["subject"]), kinds[r["predicate"]], org(r["object"])))
    return out


def closed(first: date) -> set[str]:
    """The organisations dissolved before ``first``."""
    return {org(a["subject"]) for a in table("attributes")
            if a["property"] == "dissolutionDate" and span(a["value"])[1] < first}


def network(first: date, last: date) -> tuple[set[str], list[tuple[str, str, str]]]:
    """The network then: its organisations and its edges (a, b, partnership IRI or link kind)."""
    gone = closed(first)
    members = {f"{ID}partnership/{p['id']}": sorted(org(m) for m in p["participants"].split(";"))
               for p in table("partnerships")}
    edges = [(a, b, p) for p in partnerships(first, last) for a, b in combinations(members[p], 2)]
    edges += [(a, b, kind) for a, kind, b in links(first, last)]
    edges = [e for e in edges if e[0] not in gone and e[1] not in gone]
    return {n for a, b, _ in edges for n in (a, b)}, sorted(edges)


def touches(text: str, first: date, last: date) -> bool:
    """Whether the period of a date touches the window."""
    start, end = span(text)
    return start <= last and end >= first


def events(first: date, last: date) -> dict[str, set]:
    """What happened in the window, by the kinds of ``bbkg diff``: sets of (subject slug, other slug or '')."""
    rel = table("relations")
    spin_dates = {(r["subject"], r["object"]): [r["date"]] if r["date"] else founding(r["subject"])
                  for r in rel if r["predicate"] == "spinOffOf"}
    attrs = table("attributes")
    return {
        "partnerships_started": {(p["id"], "") for p in table("partnerships") if p["start"] and touches(p["start"], first, last)},
        "partnerships_ended": {(p["id"], "") for p in table("partnerships") if p["end"] and touches(p["end"], first, last)},
        "organisations_founded": {(a["subject"], "") for a in attrs
                                  if a["property"] == "foundingDate" and touches(a["value"], first, last)},
        "acquisitions": {(r["subject"], r["object"]) for r in rel
                         if r["predicate"] == "acquiredBy" and r["date"] and touches(r["date"], first, last)},
        "moves": {(r["subject"], r["object"]) for r in rel
                  if r["predicate"] in ("locatedIn", "hasSiteIn") and r["date"] and touches(r["date"], first, last)},
        "spin_offs": {pair for pair, dates in spin_dates.items() if any(touches(d, first, last) for d in dates)},
        "members_joined": {(r["subject"], r["object"]) for r in rel
                           if r["predicate"] == "memberOf" and r["date"] and touches(r["date"], first, last)},
        "members_left": {(r["subject"], r["object"]) for r in rel
                         if r["predicate"] == "memberOf" and r["end"] and touches(r["end"], first, last)},
    }
