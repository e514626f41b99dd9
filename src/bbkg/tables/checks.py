"""Checking the tables against each other, one checker per table: ids, references, kinds, values and dates.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bbkg.errors import Problem
from bbkg.resources import display
from bbkg.tables.model import (
    DATE,
    MEASURES,
    NIS,
    NUMBER,
    QUALIFIERS,
    RELATIONS,
    SLUG,
    TABLE_ORDER,
    UNITS,
    URL,
    YEAR,
    Row,
    Tables,
)
from bbkg.vocab import LANGS, ORG_KINDS, PARTNERSHIP_KINDS, PLACE_KINDS, SEGMENTS, STATUSES, parse_when

#: the tables that define the ids other tables refer to
ID_TABLES = ("municipalities", "places", "organisations", "partnerships", "figures")


#: the tables that may define an id of each kind of reference
DEFINED_IN = {"org": ("organisations",), "muni": ("municipalities",), "region": ("places",), "authority": ("places",),
              "place": ("places", "municipalities"), "any": ID_TABLES}


@dataclass(frozen=True)
class UnknownReference(Problem):
    """A row that names an id no table defines: a knock-on error when a table that may define it
    (``tables``) could not be read whole."""

    tables: tuple[str, ...] = ()


def _check(problems: list[Problem], row: Row, ok: bool, message: str) -> bool:
    if not ok:
        problems.append(Problem(message, row.path, row.line))
    return ok


def _check_slug(problems: list[Problem], row: Row, column: str) -> None:
    value = row[column]
    if value and not SLUG.match(value):
        _check(
            problems,
            row,
            False,
            f"{column} {value!r} has characters not allowed in an IRI; "
            "use lowercase letters, digits and '-' (e.g. 'ku-leuven')",
        )


def _check_when(problems: list[Problem], row: Row, column: str) -> None:
    value = row[column]
    if value:
        _check(
            problems,
            row,
            parse_when(value) is not None,
            f"{column} {value!r} is not a year (YYYY), a month (YYYY-MM) or a real date (YYYY-MM-DD)",
        )


def _check_enum(problems: list[Problem], row: Row, column: str, allowed: tuple[str, ...]) -> None:
    value = row[column]
    if value:
        _check(
            problems,
            row,
            value in allowed,
            f"unknown {column} {value!r}; use one of: " + ", ".join(allowed),
        )


def _check_ref(
    problems: list[Problem], row: Row, column: str, value: str, index: dict[str, str], want: str
) -> None:
    """Check that ``value`` names an entity of kind ``want`` (org, muni, region, place, any)."""
    if not value:
        return
    kind = index.get(value)
    names = {
        "org": "organisation id in organisations.csv",
        "muni": "NIS code in municipalities.csv",
        "region": "region id in places.csv",
        "authority": "region or country id in places.csv (the government it answers to)",
        "place": "place id in places.csv or NIS code",
        "any": "id of a place, organisation, partnership or figure, or a NIS code",
    }
    if kind is None:
        what = "unknown municipality" if want == "muni" else f"unknown {column}"
        problems.append(UnknownReference(f"{what} {value!r}; use a {names[want]}", row.path, row.line,
                                         tables=DEFINED_IN[want]))
        return
    ok = {
        "org": kind == "org",
        "muni": kind == "muni",
        "region": kind == "place:Region",
        "authority": kind in ("place:Region", "place:Country"),
        "place": kind.startswith("place:") or kind == "muni",
        "any": True,
    }[want]
    _check(problems, row, ok, f"{column} {value!r} is a {kind.replace('place:', '')}; use a {names[want]}")


def _check_order(problems: list[Problem], row: Row, first: str, last: str) -> None:
    a, b = parse_when(row[first]) if row[first] else None, parse_when(row[last]) if row[last] else None
    if a and b:
        _check(problems, row, a[0] <= b[0], f"{last} {row[last]} is before {first} {row[first]}")


ATTRIBUTES: dict[str, tuple[Callable[[str], bool], str, bool]] = {
    # property -> (value check, what the value must look like, needs a language)
    "foundingDate": (lambda v: parse_when(v) is not None, "a year, month or date (YYYY, YYYY-MM, YYYY-MM-DD)", False),
    "dissolutionDate": (lambda v: parse_when(v) is not None, "a year, month or date (YYYY, YYYY-MM, YYYY-MM-DD)", False),
    "status": (lambda v: v in STATUSES, "one of " + ", ".join(STATUSES), False),
    "segment": (lambda v: v in SEGMENTS, "one of " + ", ".join(SEGMENTS), False),
    "formerName": (bool, "a name", False),
    "description": (bool, "text", True),
    "founderName": (bool, "a name", False),
    "website": (lambda v: bool(URL.match(v)), "an http(s) URL", False),
    "kboNumber": (lambda v: bool(re.match(r"^[01]\d{3}\.\d{3}\.\d{3}$", v)), "a KBO number like 0123.456.789", False),
    "rorId": (lambda v: bool(re.match(r"^0[a-z0-9]{6}\d{2}$", v)), "a 9-character ROR id like 05f950310", False),
    "wikidataId": (lambda v: bool(re.match(r"^Q[1-9]\d*$", v)), "a Wikidata QID like Q31", False),
    "representsSector": (bool, "text", True),
}


class _Ids:
    """The entity ids claimed so far: reference -> kind, and where each was first used."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        self.index: dict[str, str] = {}
        self.seen: dict[str, str] = {}

    def claim(self, row: Row, ref: str, kind: str) -> None:
        if not ref:
            return
        if ref in self.seen:
            self.problems.append(
                Problem(f"duplicate id {ref!r} (first used at {self.seen[ref]}); ids must be unique", row.path, row.line)
            )
            return
        self.seen[ref] = row.where()
        self.index[ref] = kind


def check_sources(tables: Tables, problems: list[Problem]) -> dict[str, str]:
    """Check sources.csv; return source id -> where it is defined."""
    source_ids: dict[str, str] = {}
    for row in tables["sources"]:
        _check_slug(problems, row, "id")
        if row["id"] in source_ids:
            problems.append(
                Problem(f"duplicate source id {row['id']!r} (first used at {source_ids[row['id']]})", row.path, row.line)
            )
        source_ids.setdefault(row["id"], row.where())
        if row["url"]:
            _check(problems, row, bool(URL.match(row["url"])), f"url {row['url']!r} is not an http(s) URL")
        if row["accessed"]:
            _check(problems, row, bool(DATE.match(row["accessed"])) and parse_when(row["accessed"]) is not None,
                   f"accessed {row['accessed']!r} is not a date (YYYY-MM-DD)")
    return source_ids


def claim_ids(tables: Tables, problems: list[Problem]) -> dict[str, str]:
    """Check the id columns of every entity table and return reference -> kind (muni, org, place:Kind, ...)."""
    ids = _Ids(problems)
    for row in tables["municipalities"]:
        if _check(problems, row, bool(NIS.match(row["NIS_code"])), f"NIS_code {row['NIS_code']!r} is not a 5-digit NIS code"):
            ids.claim(row, row["NIS_code"], "muni")
        _check(problems, row, row["inhabitants"].isdigit(), f"inhabitants {row['inhabitants']!r} is not a whole number")
    for row in tables["places"]:
        _check_slug(problems, row, "id")
        _check_enum(problems, row, "kind", PLACE_KINDS)
        ids.claim(row, row["id"], "place:" + row["kind"])
    for row in tables["organisations"]:
        _check_slug(problems, row, "id")
        _check_enum(problems, row, "kind", ORG_KINDS)
        if row["country"]:
            _check(problems, row, bool(re.match(r"^[A-Z]{2}$", row["country"])),
                   f"country {row['country']!r} is not an ISO 3166 alpha-2 code like BE")
        ids.claim(row, row["id"], "org")
    for name, kind in (("partnerships", "partnership"), ("figures", "figure")):
        for row in tables[name]:
            _check_slug(problems, row, "id")
            ids.claim(row, row["id"], kind)
    return ids.index


def check_places(tables: Tables, problems: list[Problem], index: dict[str, str]) -> dict[tuple[str, str], str]:
    """Check places.csv (parents, codes) and that each municipality names a known province and region;
    return (kind, Dutch label) -> place id."""
    by_label: dict[tuple[str, str], str] = {}
    for row in tables["places"]:
        by_label[(row["kind"], row["label_nl"])] = row["id"]
        parent_kind = {"Country": None, "Region": "place:Country", "Province": "place:Region"}.get(row["kind"])
        if parent_kind and _check(problems, row, bool(row["parent"]), f"a {row['kind']} needs a parent ({parent_kind[6:]} id)"):
            _check(problems, row, index.get(row["parent"]) == parent_kind,
                   f"parent {row['parent']!r} of a {row['kind']} must be a {parent_kind[6:]} id in places.csv")
        if row["nuts"]:
            _check(problems, row, bool(re.match(r"^BE\d{0,3}$", row["nuts"])), f"nuts {row['nuts']!r} is not a Belgian NUTS code like BE2")
        if row["wikidata"]:
            _check(problems, row, bool(re.match(r"^Q[1-9]\d*$", row["wikidata"])), f"wikidata {row['wikidata']!r} is not a QID like Q31")
    for row in tables["municipalities"]:
        if row["province_NL"] not in ("", "0"):
            _check(problems, row, ("Province", row["province_NL"]) in by_label,
                   f"province {row['province_NL']!r} is not the label_nl of a Province in places.csv")
        _check(problems, row, ("Region", row["region_NL"]) in by_label,
               f"region {row['region_NL']!r} is not the label_nl of a Region in places.csv")
    return by_label


def check_labels(tables: Tables, problems: list[Problem], index: dict[str, str]) -> None:
    """Check labels.csv: a known entity, a language, pref or alt."""
    for row in tables["labels"]:
        _check_ref(problems, row, "entity", row["entity"], index, "any")
        _check_enum(problems, row, "lang", LANGS)
        _check_enum(problems, row, "kind", ("pref", "alt"))


def check_relations(tables: Tables, problems: list[Problem], index: dict[str, str]) -> None:
    """Check relations.csv: a known predicate between entities of the kinds it relates, real dates in order."""
    for row in tables["relations"]:
        pred = row["predicate"]
        if pred not in RELATIONS:
            _check_enum(problems, row, "predicate", tuple(RELATIONS))
            continue
        subj_kind, obj_kind = RELATIONS[pred]
        _check_ref(problems, row, "subject", row["subject"], index, subj_kind)
        _check_ref(problems, row, "object", row["object"], index, obj_kind)
        _check_when(problems, row, "date")
        _check_when(problems, row, "end")
        _check_order(problems, row, "date", "end")
        _check(problems, row, row["subject"] != row["object"], f"{pred} relates {row['subject']!r} to itself")


def check_attributes(tables: Tables, problems: list[Problem], index: dict[str, str]) -> None:
    """Check attributes.csv: a known property, a value of its shape, a language for text, one status each."""
    status_of: dict[str, str] = {}
    for row in tables["attributes"]:
        _check_ref(problems, row, "subject", row["subject"], index, "any")
        prop = row["property"]
        if prop not in ATTRIBUTES:
            _check_enum(problems, row, "property", tuple(ATTRIBUTES))
            continue
        test, shape, needs_lang = ATTRIBUTES[prop]
        if row["value"]:
            _check(problems, row, test(row["value"]), f"{prop} {row['value']!r} is not {shape}")
        if needs_lang:
            _check(problems, row, bool(row["lang"]), f"{prop} needs a lang (one of {', '.join(LANGS)})")
        _check_enum(problems, row, "lang", LANGS)
        _check_when(problems, row, "date")
        if prop == "status":
            if row["subject"] in status_of:
                _check(problems, row, False, f"{row['subject']!r} already has a status (at {status_of[row['subject']]}); "
                       "keep one row, its latest status")
            status_of.setdefault(row["subject"], row.where())
        if row["date"] and prop != "status":
            _check(problems, row, False, "only a status row takes a date (when it began)")


def check_partnerships(tables: Tables, problems: list[Problem], index: dict[str, str]) -> None:
    """Check partnerships.csv: a known kind, two or more known participants, real dates in order."""
    for row in tables["partnerships"]:
        _check_enum(problems, row, "kind", PARTNERSHIP_KINDS)
        members = [m.strip() for m in row["participants"].split(";") if m.strip()]
        for member in members:
            _check_ref(problems, row, "participant", member, index, "org")
        if row["participants"]:
            _check(problems, row, len(set(members)) >= 2,
                   f"a partnership needs at least two different participants, got {len(set(members))}; "
                   "list them separated by ';'")
        _check_when(problems, row, "start")
        _check_when(problems, row, "end")
        _check_order(problems, row, "start", "end")


def check_figures(tables: Tables, problems: list[Problem], index: dict[str, str]) -> None:
    """Check figures.csv: known measure, unit and qualifier, a number, a place, a year."""
    for row in tables["figures"]:
        _check_enum(problems, row, "measure", MEASURES)
        _check_enum(problems, row, "unit", UNITS)
        _check_enum(problems, row, "qualifier", QUALIFIERS)
        if row["value"]:
            _check(problems, row, bool(NUMBER.match(row["value"])), f"value {row['value']!r} is not a number (use '.' for decimals)")
        _check_ref(problems, row, "area", row["area"], index, "place")
        if row["period"]:
            _check(problems, row, bool(YEAR.match(row["period"])), f"period {row['period']!r} is not a year (YYYY)")


def check_source_references(tables: Tables, problems: list[Problem], source_ids: dict[str, str]) -> None:
    """Check that every row names a source of sources.csv (and that Statbel's is there for municipalities)."""
    for name in TABLE_ORDER:
        if name in ("sources", "municipalities"):
            continue
        for row in tables[name]:
            if row["source"]:
                _check(problems, row, row["source"] in source_ids,
                       f"unknown source {row['source']!r}; add it to sources.csv or use one of its ids")
    statbel = "statbel-municipalities-2020"
    if tables["municipalities"] and statbel not in source_ids:
        where = display(tables.folder / "sources.csv") if tables.folder else "sources.csv"
        problems.append(Problem(f"sources.csv needs a row with id {statbel!r} for municipalities.csv", where))


#: the checkers that need the entity index, in the order they report
TABLE_CHECKERS = (check_labels, check_relations, check_attributes, check_partnerships, check_figures)


def check_tables(tables: Tables, problems: list[Problem]) -> None:
    """Check ids, references, kinds and values across all tables, one checker per table."""
    source_ids = check_sources(tables, problems)
    tables.index = claim_ids(tables, problems)
    tables.place_by_label = check_places(tables, problems, tables.index)
    for checker in TABLE_CHECKERS:
        checker(tables, problems, tables.index)
    check_source_references(tables, problems, source_ids)
