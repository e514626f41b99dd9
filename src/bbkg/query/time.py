"""Time: windows of dates (as of a day, a month or a year; between two dates; every N years) and the SPARQL
that keeps what was active in a window, the same on every engine and endpoint.

A date is written as precisely as it is known (``2015``, ``2015-06``, ``2015-06-12``) and covers its whole
period: as of ``2015`` is the window from 1 January to 31 December 2015. Something with a time (a
partnership, a membership, an acquisition, a spin-off, an organisation) is *active* in a window when it
may have held on some day of it:

- it had begun by the window's last day: its start, the first day of the period its start names, is on or
  before that day. Without a start it is *known from* the earliest of its end and its sources' dates
  (``dcterms:issued``, else ``bbkg:accessed``); a source without a date counts as dated on the *date of
  the data*, the latest date any source in the data carries (:data:`DATA_DATE`);
- it had not ended before the window's first day: an end known to the year covers the whole year (ended
  ``2018``: active until 31 December 2018), to the month the whole month.

The filters are SPARQL (:func:`dated`: ``OPTIONAL`` patterns that bind a thing's dates, and a ``FILTER``
expression over them) with the window in ``?__from_xsd_date`` and ``?__to_xsd_date`` (grlc's optional
``xsd:date`` parameters; unbound means no limit on that side) and ``?dataDate``, so that a named query can
hold the same text and an endpoint evaluates it. They use no ``EXISTS``, which engines evaluate slowly
when its pattern has more than one triple.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

import pyoxigraph as ox

from bbkg.errors import UsageError
from bbkg.vocab import parse_when

FROM = "?__from_xsd_date"
TO = "?__to_xsd_date"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
PRECISION = "https://w3id.org/bbkg/concept/date-precision/"
#: the properties that date a source: when it was published, else when bbkg read it
SOURCE_DATE = "bbkg:accessed|dcterms:issued"
#: a sub-query giving ``?dataDate``: the latest date a source carries (the date of the data)
DATA_DATE = ("{ SELECT (MAX(?sourceDate) AS ?dataDate) WHERE { ?anySource bbkg:accessed|dcterms:issued ?sourceDate } }")


def last_day(first: date, precision: str) -> date:
    """Return the last day of the period of ``precision`` (year, month, day) that starts on ``first``."""
    if precision == "year":
        return date(first.year, 12, 31)
    if precision == "month":
        return date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])
    return first


def period(text: str, parameter: str = "date", what: str | None = None) -> tuple[date, date]:
    """Return the first and last day ``text`` covers (``2015``, ``2015-06`` or ``2015-06-12``); an error
    names ``what`` (default: the parameter)."""
    parsed = parse_when(str(text).strip())
    if parsed is None:
        raise UsageError(f"{what or parameter}: {text!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD "
                         "(a real day)", parameter=parameter, value=text)
    first, precision = parsed
    return first, last_day(first, precision)


@dataclass(frozen=True)
class Window:
    """The days from ``first`` to ``last`` (both included), and how to name them."""

    first: date
    last: date
    label: str

    def bindings(self) -> dict[str, ox.Literal]:
        """Return the window as the values of the time parameters of a named query."""
        return {FROM[1:]: date_literal(self.first), TO[1:]: date_literal(self.last)}

    def contains(self, day: date) -> bool:
        """Return whether ``day`` is in the window."""
        return self.first <= day <= self.last


def date_literal(day: date) -> ox.Literal:
    """Return ``day`` as an ``xsd:date`` literal."""
    return ox.Literal(day.isoformat(), datatype=ox.NamedNode(XSD_DATE))


def as_of(text: str, parameter: str = "as-of") -> Window:
    """Return the window of one date: ``2015`` is all of 2015, ``2015-06-12`` that day."""
    first, last = period(text, parameter)
    return Window(first, last, str(text).strip())


def between(start: str, end: str, parameter: str = "between") -> Window:
    """Return the window from the first day of ``start`` to the last day of ``end``."""
    first, _ = period(start, parameter)
    _, last = period(end, parameter)
    if last < first:
        raise UsageError(f"{parameter}: {end!r} is before {start!r}; give the earlier date first",
                         parameter=parameter, value=f"{start} {end}")
    return Window(first, last, f"{str(start).strip()} – {str(end).strip()}")


def year(number: int) -> Window:
    """Return the window of one calendar year."""
    return Window(date(number, 1, 1), date(number, 12, 31), str(number))


def parse_step(text: str, parameter: str = "every") -> int:
    """Return the number of years of a step written ``5y`` (or ``5``)."""
    m = re.fullmatch(r"\s*([1-9][0-9]?)\s*y?\s*", str(text))
    if not m:
        raise UsageError(f"{parameter}: {text!r} is not a step in years; write e.g. 5y", parameter=parameter,
                         value=text)
    return int(m.group(1))


def steps(first_year: int, last_year: int, step: int) -> list[int]:
    """Return the years from ``first_year`` to ``last_year``, every ``step`` years, counted back from
    ``last_year`` (so that the last picture is the most recent)."""
    return list(range(last_year, first_year - 1, -step))[::-1] if last_year >= first_year else []


def years_back(day: date, years: int) -> date:
    """Return the same day ``years`` years earlier (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def window_values(windows: list[Window]) -> str:
    """Return a ``VALUES`` block binding ``?window`` (the index) and the two time parameters, one row a window."""
    rows = " ".join(f"({i} {date_literal(w.first)} {date_literal(w.last)})" for i, w in enumerate(windows))
    return f"VALUES (?window {FROM} {TO}) {{ {rows} }}"


@dataclass(frozen=True)
class Dated:
    """The SPARQL of one dated thing: ``pattern`` (``OPTIONAL`` groups that bind its dates; put it at the top
    level of the query, beside the window's variables) and ``condition`` (the expression a ``FILTER`` keeps
    it by: it was active in the window)."""

    pattern: str
    condition: str


def begun(start: str, known: str, end: str | None = None) -> str:
    """Return a SPARQL expression: a thing had begun by the window's last day; ``start``, ``end`` and
    ``known`` (a date of one of its sources) are variables, each possibly unbound."""
    known_from = f"(BOUND({end}) && {end} <= {TO}) || COALESCE({known}, ?dataDate) <= {TO}" if end else (
        f"COALESCE({known}, ?dataDate) <= {TO}")
    return f"(!BOUND({TO}) || IF(BOUND({start}), {start} <= {TO}, {known_from}))"


def not_ended(end: str, precision: str) -> str:
    """Return a SPARQL expression: a thing had not ended before the window's first day. ``end`` and its
    ``precision`` are variables (unbound: no end); an end is compared at its own precision, so that an end
    in 2018 known to the year holds until the end of 2018."""
    n = digits(precision)
    return f"(!BOUND({FROM}) || !BOUND({end}) || SUBSTR(STR({end}), 1, {n}) >= SUBSTR(STR({FROM}), 1, {n}))"


def dated(node: str, prefix: str = "time", start: str = "bbkg:startDate", end: str | None = "bbkg:endDate",
          precision: str = "bbkg:endDatePrecision", source: str = "dcterms:source") -> Dated:
    """Return the patterns and the filter that keep ``node`` (a partnership, a membership, ...) when it was
    active in the window (see the module text).

    ``start``, ``end``, ``precision`` (of the end) and ``source`` are property paths from ``node``; the
    patterns bind ``?<prefix>Start``, ``?<prefix>End``, ``?<prefix>EndPrecision`` and ``?<prefix>Known``.
    """
    v = {k: f"?{prefix}{k}" for k in ("Start", "End", "EndPrecision", "Known")}
    lines = [f"OPTIONAL {{ {node} {start} {v['Start']} }}"]
    if end:
        lines.append(f"OPTIONAL {{ {node} {end} {v['End']} OPTIONAL {{ {node} {precision} {v['EndPrecision']} }} }}")
    lines.append(f"OPTIONAL {{ {node} {source}/({SOURCE_DATE}) {v['Known']} }}")
    condition = begun(v["Start"], v["Known"], v["End"] if end else None)
    if end:
        condition += f"\n  && {not_ended(v['End'], v['EndPrecision'])}"
    return Dated("\n  ".join(lines), condition)


def dissolution(node: str, prefix: str) -> Dated:
    """Return the patterns and the filter that keep the organisation ``node`` unless it was dissolved
    before the window's first day."""
    end, precision = f"?{prefix}Dissolved", f"?{prefix}DissolvedPrecision"
    pattern = (f"OPTIONAL {{ {node} bbkg:dissolutionDate {end}"
               f" OPTIONAL {{ {node} bbkg:dissolutionDatePrecision {precision} }} }}")
    return Dated(pattern, not_ended(end, precision))


def digits(precision: str) -> str:
    """Return a SPARQL expression: how many leading characters of a date its precision covers (4, 7 or 10;
    10 when the precision is missing)."""
    return (f"COALESCE(IF({precision} = <{PRECISION}year>, 4, IF({precision} = <{PRECISION}month>, 7, 10)), 10)")


def happened(day: str, precision: str) -> str:
    """Return a SPARQL expression: the date ``day`` (of precision ``precision``) falls in the window, its
    whole period counting (an event in 2015 known to the year happened in a window that touches 2015)."""
    n = digits(precision)
    return (f"(!BOUND({TO}) || {day} <= {TO})\n"
            f"  && (!BOUND({FROM}) || SUBSTR(STR({day}), 1, {n}) >= SUBSTR(STR({FROM}), 1, {n}))")


def data_date(store) -> date | None:
    """Return the date of the data: the latest date a source carries (None when no source has one)."""
    from bbkg.namespaces import sparql_prologue

    rows = store.query(sparql_prologue() + "SELECT ?dataDate WHERE { " + DATA_DATE + " }").rows
    value = rows[0][0] if rows and rows[0] and rows[0][0] is not None else None
    return date.fromisoformat(value.value[:10]) if value is not None else None
