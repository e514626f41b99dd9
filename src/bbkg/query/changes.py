"""What changed in a window of time, from one graph's dates: partnerships that started or ended,
organisations founded or closed, acquisitions, moves (a seat or a site since a date), spin-offs, members
that joined or left. Each is a SPARQL query whose filter is :func:`bbkg.query.time.happened` (an event
counts when its period touches the window: one known to the year, when the window touches that year),
so an endpoint answers it too.
"""

from __future__ import annotations

from bbkg.namespaces import sparql_prologue
from bbkg.query.time import DATA_DATE, Window, happened
from bbkg.store import Store
from bbkg.vocab import format_when

#: an event: its subject ?s, the other party ?o (or a place), ?date with ?precision, and ?what (a term)
EVENTS: dict[str, str] = {
    "partnerships_started": """
  ?s a bbkg:Partnership ; bbkg:startDate ?date .
  OPTIONAL { ?s bbkg:startDatePrecision ?precision } OPTIONAL { ?s bbkg:partnershipKind ?what }""",
    "partnerships_ended": """
  ?s a bbkg:Partnership ; bbkg:endDate ?date .
  OPTIONAL { ?s bbkg:endDatePrecision ?precision } OPTIONAL { ?s bbkg:partnershipKind ?what }""",
    "organisations_founded": """
  ?s a bbkg:Organisation ; bbkg:foundingDate ?date .
  OPTIONAL { ?s bbkg:foundingDatePrecision ?precision }""",
    "organisations_closed": """
  { ?s a bbkg:Organisation ; bbkg:dissolutionDate ?date .
    OPTIONAL { ?s bbkg:dissolutionDatePrecision ?precision } BIND(bbkg:dissolutionDate AS ?what) }
  UNION { ?s a bbkg:Organisation ; bbkg:status ?what ; bbkg:statusDate ?date .
    VALUES ?what { <https://w3id.org/bbkg/concept/status/dissolved> <https://w3id.org/bbkg/concept/status/bankrupt>
                   <https://w3id.org/bbkg/concept/status/merged> }
    OPTIONAL { ?s bbkg:statusDatePrecision ?precision } }""",
    "acquisitions": """
  ?event a bbkg:Acquisition ; bbkg:acquiredOrganisation ?s ; bbkg:acquiringOrganisation ?o ; bbkg:date ?date .
  OPTIONAL { ?event bbkg:datePrecision ?precision }""",
    "moves": """
  VALUES ?what { bbkg:locatedIn bbkg:hasSiteIn }
  ?evidence bbkg:about ?s ; bbkg:property ?what ; dcterms:date ?date .
  ?s ?what ?o .
  OPTIONAL { ?evidence bbkg:statedValue ?stated } FILTER(!BOUND(?stated) || sameTerm(?stated, ?o))
  OPTIONAL { ?evidence bbkg:datePrecision ?precision }""",
    "spin_offs": """
  { ?evidence bbkg:about ?s ; bbkg:property bbkg:spinOffOf ; dcterms:date ?date .
    ?s bbkg:spinOffOf ?o .
    OPTIONAL { ?evidence bbkg:statedValue ?stated } FILTER(!BOUND(?stated) || sameTerm(?stated, ?o))
    OPTIONAL { ?evidence bbkg:datePrecision ?precision } }
  UNION { ?s bbkg:spinOffOf ?o ; bbkg:foundingDate ?date .
    OPTIONAL { ?s bbkg:foundingDatePrecision ?precision }
    FILTER NOT EXISTS { ?dated bbkg:about ?s ; bbkg:property bbkg:spinOffOf ; dcterms:date ?any .
      OPTIONAL { ?dated bbkg:statedValue ?value } FILTER(!BOUND(?value) || sameTerm(?value, ?o)) } }""",
    "members_joined": """
  ?event a bbkg:Membership ; bbkg:member ?s ; bbkg:organisation ?o ; bbkg:startDate ?date .
  OPTIONAL { ?event bbkg:startDatePrecision ?precision }""",
    "members_left": """
  ?event a bbkg:Membership ; bbkg:member ?s ; bbkg:organisation ?o ; bbkg:endDate ?date .
  OPTIONAL { ?event bbkg:endDatePrecision ?precision }""",
}


#: partnerships without a start, first known (from a source's date, or their end) in the window
FIRST_RECORDED = f"""SELECT ?s ?date WHERE {{
  {{ SELECT ?s (MIN(?known) AS ?date) WHERE {{
    {DATA_DATE}
    ?s a bbkg:Partnership . FILTER NOT EXISTS {{ ?s bbkg:startDate ?start }}
    OPTIONAL {{ ?s bbkg:endDate|dcterms:source/(bbkg:accessed|dcterms:issued) ?found }}
    BIND(COALESCE(?found, ?dataDate) AS ?known)
  }} GROUP BY ?s }}
  FILTER({happened('?date', '?none')})
}}"""


def _event_rows(store: Store, window: Window, body: str) -> list[dict]:
    text = (sparql_prologue() + "SELECT DISTINCT ?s ?o ?date ?precision ?what WHERE {" + body
            + f"\n  FILTER({happened('?date', '?precision')})\n}}")
    rows: dict[tuple, dict] = {}
    for s, o, day, precision, what in store.query(text, window.bindings()).rows:
        row = {"iri": s.value, "with": o.value if o is not None else None,
               "date": format_when(day.value, precision.value if precision is not None else None),
               "what": what.value if what is not None else None}
        # one row an event: a closure stated both as a dissolution date and as a status is one closure
        key = (row["iri"], row["with"], row["date"])
        if key not in rows or (row["what"] or "") < (rows[key]["what"] or ""):
            rows[key] = row
    return sorted(rows.values(), key=lambda r: (r["date"], r["iri"], r["with"] or ""))


def events_in_window(store: Store, window: Window) -> dict[str, list[dict]]:
    """Return, by kind of event (:data:`EVENTS`), the events dated in ``window``: rows with the subject's
    ``iri``, the other party (``with``), the ``date`` as precisely as known and ``what`` (a term)."""
    found = {name: _event_rows(store, window, body) for name, body in EVENTS.items()}
    rows = store.query(sparql_prologue() + FIRST_RECORDED, window.bindings()).rows
    found["partnerships_first_recorded"] = sorted(
        ({"iri": s.value, "with": None, "date": day.value, "what": None} for s, day in rows),
        key=lambda r: (r["date"], r["iri"]))
    return found
