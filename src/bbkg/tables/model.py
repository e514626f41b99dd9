"""The layouts of the curated tables (their columns, kinds, measures, relations) and the row records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


NIS = re.compile(r"^\d{5}$")


YEAR = re.compile(r"^\d{4}$")


DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")


NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


MEASURES = (
    "biotech-company-count",
    "share-of-european-biotech-companies",
    "share-of-european-biotech-turnover",
    "share-of-european-biotech-rnd-expenditure",
    "biotech-employee-count",
    "biotech-revenue",
    "biotech-application-share-healthcare",
    "biotech-application-share-agrifood",
    "biotech-application-share-industrial",
    "life-science-researcher-count",
)


UNITS = ("count", "percent", "EUR", "person")


QUALIFIERS = ("exact", "over", "approximately", "almost")


#: predicate -> (kind of subject, kind of object); kinds: org, muni, region
RELATIONS: dict[str, tuple[str, str]] = {
    "locatedIn": ("org", "muni"),
    "hasSiteIn": ("org", "muni"),
    "memberOf": ("org", "org"),
    "spinOffOf": ("org", "org"),
    "acquiredBy": ("org", "org"),
    "subsidiaryOf": ("org", "org"),
    "partOf": ("org", "org"),
    "foundedBy": ("org", "org"),
    "mergedInto": ("org", "org"),
    "answersTo": ("org", "authority"),
    "mainResearchDriverIn": ("org", "region"),
    "biotechCentreOf": ("muni", "region"),
}


MUNICIPALITY_COLUMNS = (
    "NIS_code",
    "municipality_NL",
    "municipality_FR",
    "arrondissement_NL",
    "arrondissement_FR",
    "province_NL",
    "province_FR",
    "region_NL",
    "region_FR",
    "inhabitants",
    "zip",
)


#: table name -> (required columns that must be non-empty, optional columns)
COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "sources": (("id", "title"), ("url", "publisher", "accessed", "note")),
    "places": (
        ("id", "kind", "label_en", "label_nl", "label_fr", "source", "evidence"),
        ("label_de", "parent", "nuts", "wikidata"),
    ),
    "municipalities": (MUNICIPALITY_COLUMNS, ()),
    "labels": (("entity", "lang", "label", "kind", "source", "evidence"), ()),
    "organisations": (
        ("id", "kind", "label", "source", "evidence"),
        ("abbreviation", "country"),
    ),
    "relations": (("subject", "predicate", "object", "source", "evidence"), ("date", "end", "note")),
    "attributes": (("subject", "property", "value", "source", "evidence"), ("lang", "date")),
    "partnerships": (
        ("id", "kind", "label", "participants", "source", "evidence"),
        ("start", "end"),
    ),
    "figures": (
        ("id", "measure", "value", "unit", "qualifier", "area", "label", "source", "evidence"),
        ("period",),
    ),
}


TABLE_ORDER = tuple(COLUMNS)


@dataclass
class Row:
    """One table row: its cells by column name and where it came from."""

    table: str
    path: str
    line: int
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells.get(column, "")

    def where(self) -> str:
        """Return ``path:line``."""
        return f"{self.path}:{self.line}"


@dataclass
class Tables:
    """All curated tables, checked: rows by table name, plus lookups."""

    rows: dict[str, list[Row]] = field(default_factory=dict)
    folder: Path | None = None
    #: entity reference -> 'muni', 'org', 'place:<Kind>', 'partnership' or 'figure'
    index: dict[str, str] = field(default_factory=dict)
    #: (place kind, Dutch label) -> place id, to place municipalities
    place_by_label: dict[tuple[str, str], str] = field(default_factory=dict)

    def __getitem__(self, table: str) -> list[Row]:
        return self.rows.get(table, [])
