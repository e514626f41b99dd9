"""What changed between two releases of the data (two TriG files): the same facts asked of each through
SPARQL, then compared: partnerships added, removed or given an end; organisations added, removed or
closed; new acquisitions, moves of seat, new spin-offs, memberships added, removed or ended.
"""

from __future__ import annotations

from bbkg.namespaces import sparql_prologue
from bbkg.store import Store
from bbkg.vocab import format_when

#: fact -> SPARQL giving ?s, ?o (the other party or a place, may be unbound) and ?date with ?precision
FACTS: dict[str, str] = {
    "partnerships": """SELECT ?s ?o ?date ?precision WHERE { ?s a bbkg:Partnership .
  OPTIONAL { ?s bbkg:startDate ?date OPTIONAL { ?s bbkg:startDatePrecision ?precision } } }""",
    "partnership_ends": """SELECT ?s ?o ?date ?precision WHERE { ?s a bbkg:Partnership ; bbkg:endDate ?date .
  OPTIONAL { ?s bbkg:endDatePrecision ?precision } }""",
    "organisations": """SELECT ?s ?o ?date ?precision WHERE { ?s a bbkg:Organisation .
  OPTIONAL { ?s bbkg:foundingDate ?date OPTIONAL { ?s bbkg:foundingDatePrecision ?precision } } }""",
    "closures": """SELECT ?s ?o ?date ?precision WHERE {
  { ?s bbkg:dissolutionDate ?date OPTIONAL { ?s bbkg:dissolutionDatePrecision ?precision } }
  UNION { ?s bbkg:status ?o . VALUES ?o { <https://w3id.org/bbkg/concept/status/dissolved>
      <https://w3id.org/bbkg/concept/status/bankrupt> <https://w3id.org/bbkg/concept/status/merged> }
    OPTIONAL { ?s bbkg:statusDate ?date OPTIONAL { ?s bbkg:statusDatePrecision ?precision } } } }""",
    "acquisitions": """SELECT ?s ?o ?date ?precision WHERE { ?s bbkg:acquiredBy ?o .
  OPTIONAL { ?event bbkg:acquiredOrganisation ?s ; bbkg:acquiringOrganisation ?o ; bbkg:date ?date
    OPTIONAL { ?event bbkg:datePrecision ?precision } } }""",
    "seats": "SELECT ?s ?o ?date ?precision WHERE { ?s bbkg:locatedIn ?o }",
    "spin_offs": """SELECT ?s ?o ?date ?precision WHERE { ?s bbkg:spinOffOf ?o .
  OPTIONAL { ?s bbkg:foundingDate ?date OPTIONAL { ?s bbkg:foundingDatePrecision ?precision } } }""",
    "memberships": """SELECT ?s ?o ?date ?precision WHERE { ?s bbkg:memberOf ?o .
  OPTIONAL { ?event bbkg:member ?s ; bbkg:organisation ?o ; bbkg:startDate ?date
    OPTIONAL { ?event bbkg:startDatePrecision ?precision } } }""",
    "membership_ends": """SELECT ?s ?o ?date ?precision WHERE {
  ?event bbkg:member ?s ; bbkg:organisation ?o ; bbkg:endDate ?date OPTIONAL { ?event bbkg:endDatePrecision ?precision } }""",
}


def facts(store: Store) -> dict[str, dict[tuple[str, str | None], str | None]]:
    """Return, per fact of :data:`FACTS`, (subject, other) -> its date as precisely as known (or None)."""
    out: dict[str, dict[tuple[str, str | None], str | None]] = {}
    for name, text in FACTS.items():
        found: dict[tuple[str, str | None], str | None] = {}
        for s, o, day, precision in store.query(sparql_prologue() + text).rows:
            key = (s.value, o.value if o is not None else None)
            when = format_when(day.value, precision.value if precision is not None else None) if day is not None else None
            found[key] = min(filter(None, (found.get(key), when)), default=None)
        out[name] = found
    return out


def _rows(keys, dates: dict, what: str | None = None) -> list[dict]:
    return sorted(({"iri": s, "with": o, "date": dates.get((s, o)), "what": what} for s, o in keys),
                  key=lambda r: (r["date"] or "", r["iri"], r["with"] or ""))


def compare(old: dict, new: dict) -> dict[str, list[dict]]:
    """Return the changes from the facts ``old`` to the facts ``new`` (of :func:`facts`), by kind: the
    same kinds as :func:`bbkg.query.changes.events_in_window`, plus what was removed."""
    def added(name: str) -> set:
        return set(new[name]) - set(old[name])

    def removed(name: str) -> set:
        return set(old[name]) - set(new[name])

    seats_old = {s: o for s, o in old["seats"]}
    moved = {(s, o) for s, o in added("seats") if s in seats_old}
    return {
        "partnerships_started": _rows(added("partnerships"), new["partnerships"]),
        "partnerships_ended": _rows(added("partnership_ends"), new["partnership_ends"]),
        "partnerships_removed": _rows(removed("partnerships"), old["partnerships"]),
        "organisations_founded": _rows(added("organisations"), new["organisations"]),
        "organisations_closed": _rows(added("closures"), new["closures"]),
        "organisations_removed": _rows(removed("organisations"), old["organisations"]),
        "acquisitions": _rows(added("acquisitions"), new["acquisitions"]),
        "moves": [{**r, "from": seats_old.get(r["iri"])} for r in _rows(moved, new["seats"])],
        "spin_offs": _rows(added("spin_offs"), new["spin_offs"]),
        "members_joined": _rows(added("memberships"), new["memberships"]),
        "members_left": _rows(removed("memberships") | added("membership_ends"),
                              {**old["memberships"], **new["membership_ends"]}),
    }
