"""The KBO/BCE open data extract (Crossroads Bank for Enterprises) into one named graph,
``graph/kbo/<extract number>``: the enterprises with a selected NACE activity, natural persons left out.

A Full extract is read in passes, each a stream over one table: the activities (who is selected), the
establishments (their enterprises), the enterprises, names and addresses of those kept, then the
activities again to state them. Memory holds the kept entities only, whatever the extract's size.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from bbkg.errors import InputError, UsageError
from bbkg.importers import kbo_rdf
from bbkg.importers.download import BadRows, Download, read_rows
from bbkg.importers.output import Progress, import_graph, node
from bbkg.importers.places import Municipalities
from bbkg.namespaces import ID

WHAT = "a KBO open data extract (KboOpenData_*_Full.zip or _Update.zip, or a folder of its CSV files)"
LICENCE = "https://economie.fgov.be/en/themes/enterprises/crossroads-bank-enterprises/services-everyone/public-data-available-reuse"
HEADERS = {
    "meta": ("Variable", "Value"),
    "code": ("Category", "Code", "Language", "Description"),
    "enterprise": ("EnterpriseNumber", "Status", "JuridicalSituation", "TypeOfEnterprise", "JuridicalForm",
                   "JuridicalFormCAC", "StartDate"),
    "establishment": ("EstablishmentNumber", "StartDate", "EnterpriseNumber"),
    "denomination": ("EntityNumber", "Language", "TypeOfDenomination", "Denomination"),
    "address": ("EntityNumber", "TypeOfAddress", "CountryNL", "CountryFR", "Zipcode", "MunicipalityNL",
                "MunicipalityFR", "StreetNL", "StreetFR", "HouseNumber", "Box", "ExtraAddressInfo", "DateStrikingOff"),
    "activity": ("EntityNumber", "ActivityGroup", "NaceVersion", "NaceCode", "Classification"),
}
PHARMA = frozenset((v, c) for v in ("2008", "2025") for c in ("21100", "21201", "21209"))
#: R&D in biotechnology (72110 in NACE 2008, 72101 in 2025) and pharmaceuticals
BIOTECH = frozenset({("2008", "72110"), ("2025", "72101")}) | PHARMA
NAMED_SELECTIONS = {"biotech": BIOTECH, "pharma": PHARMA}
NACE_VERSIONS = ("2003", "2008", "2025")


def parse_selection(spec: str) -> frozenset[tuple[str, str]]:
    """``biotech``, ``pharma`` or ``VERSION:CODE,...`` (``2008:72110,2025:72101``), combinable with commas."""
    chosen: set[tuple[str, str]] = set()
    for item in (part.strip() for part in spec.split(",")):
        if item in NAMED_SELECTIONS:
            chosen |= NAMED_SELECTIONS[item]
            continue
        match = re.fullmatch(r"(\d{4}):(\d{5}|\d{7})", item)
        if not match or match.group(1) not in NACE_VERSIONS:
            raise UsageError(f"--nace {item!r}: give biotech, pharma or VERSION:CODE with a version of "
                             f"{', '.join(NACE_VERSIONS)} and a 5- or 7-digit code (2008:72110); a code means "
                             "nothing without its version", parameter="nace", value=item,
                             candidates=list(NAMED_SELECTIONS))
        chosen.add((match.group(1), match.group(2)))
    return frozenset(chosen)


def is_selected(selection: frozenset[tuple[str, str]], version: str, code: str) -> bool:
    """Whether an activity's (version, code) is selected; a 7-digit code counts under its 5-digit class."""
    return (version, code) in selection or (len(code) == 7 and (version, code[:5]) in selection)


def kbo_date(value: str) -> str | None:
    """``dd-mm-yyyy`` to ``yyyy-mm-dd``; None for an empty cell; ValueError for anything else."""
    if not value:
        return None
    match = re.fullmatch(r"(\d{2})-(\d{2})-(\d{4})", value)
    if not match:
        raise ValueError(f"date {value!r} is not dd-mm-yyyy")
    try:
        return date(int(match.group(3)), int(match.group(2)), int(match.group(1))).isoformat()
    except ValueError:
        raise ValueError(f"date {value!r} names no real day") from None


@dataclass
class Extract:
    """An open KBO download: its meta data and code list."""

    download: Download
    meta: dict[str, str]
    codes: dict[tuple[str, str], dict[str, str]]
    bad: BadRows = field(default_factory=BadRows)
    progress: Progress | None = None

    @property
    def number(self) -> str:
        """The extract number."""
        return self.meta["ExtractNumber"]

    @property
    def is_update(self) -> bool:
        """Whether this is an Update extract (``<table>_delete.csv`` and ``_insert.csv``)."""
        return self.meta.get("ExtractType", "").lower() == "update" and self.download.has("enterprise_insert.csv")

    def rows(self, table: str, file: str | None = None, keep=None) -> Iterator[tuple[int, dict[str, str]]]:
        """The rows of a table (``enterprise``), or of one of its Update files (``enterprise_insert``);
        ``keep`` looks at raw cells first (see :func:`read_rows`)."""
        name = file or table
        return read_rows(self.download, f"{name}.csv", HEADERS[table], what=WHAT, bad=self.bad,
                         progress=self.progress, keep=keep)

    def has_code(self, category: str, code: str) -> bool:
        """Whether code.csv lists the code."""
        return (category, code) in self.codes


def open_extract(path: Path | str, progress: Progress | None = None) -> Extract:
    """Open a KBO extract (zip or folder) and read its meta.csv and code.csv."""
    download = Download(path)
    meta: dict[str, str] = {}
    for _, row in read_rows(download, "meta.csv", HEADERS["meta"], what=WHAT):
        meta[row["Variable"]] = row["Value"]
    for key in ("SnapshotDate", "ExtractNumber"):
        if not meta.get(key):
            raise InputError(f"meta.csv has no {key}; is this {WHAT}?", path=download.where("meta.csv"))
    if not meta["ExtractNumber"].isdigit():
        raise InputError(f"ExtractNumber {meta['ExtractNumber']!r} is not a number", path=download.where("meta.csv"))
    codes: dict[tuple[str, str], dict[str, str]] = {}
    for _, row in read_rows(download, "code.csv", HEADERS["code"], what=WHAT):
        lang = kbo_rdf.CODE_LANGUAGES.get(row["Language"].upper())
        if lang:
            codes.setdefault((row["Category"], row["Code"]), {})[lang] = row["Description"]
    return Extract(download, meta, codes, progress=progress)


def source_fields(extract: Extract) -> dict[str, str]:
    """The source record's fields: file name, snapshot date, extract number and type."""
    snapshot = kbo_date(extract.meta["SnapshotDate"]) if re.fullmatch(r"\d\d-\d\d-\d{4}", extract.meta["SnapshotDate"]) else ""
    return {"fileName": extract.download.path.name, "snapshotDate": snapshot or "",
            "extractNumber": extract.number, "extractType": extract.meta.get("ExtractType", "")}


def graph_of(number: str) -> ox.NamedNode:
    """The named graph of a KBO extract."""
    return import_graph(f"kbo/{number}")


def selected_entities(extract: Extract, selection: frozenset[tuple[str, str]], file: str | None = None) -> set[str]:
    """The entity numbers (enterprises or establishments) with a selected activity, from raw cells
    (the activity table is the register's largest: tens of millions of rows)."""
    found: set[str] = set()
    # cells: EntityNumber, ActivityGroup, NaceVersion, NaceCode, Classification
    five = {(v, c) for v, c in selection if len(c) == 5}

    def keep(cells: list[str]) -> bool:
        code = cells[3]
        if (cells[2], code) in selection or (len(code) == 7 and (cells[2], code[:5]) in five):
            found.add(cells[0])
        return False

    for _ in extract.rows("activity", file, keep=keep):
        pass
    return found


def own_iri(number: str) -> ox.NamedNode:
    """The IRI bbkg mints for an enterprise or establishment."""
    base = "establishment" if kbo_rdf.is_establishment(number) else "enterprise"
    return node(ID[f"{base}/{kbo_rdf.digits(number)}"])


def read_places_table(folder: Path) -> dict[str, tuple[str, str]]:
    """places.csv: id -> (kind, Dutch label), to find the region of a municipality."""
    with open(folder / "places.csv", encoding="utf-8", newline="") as handle:
        return {row["id"]: (row["kind"], row["label_nl"]) for row in csv.DictReader(handle)}


def region_iris(places: Municipalities, folder: Path) -> tuple[dict[str, ox.NamedNode], ox.NamedNode | None]:
    """Municipality NIS -> its region's IRI, and Belgium's IRI."""
    by_label = {(kind, label): pid for pid, (kind, label) in read_places_table(folder).items()}
    regions = {nis: node(ID[f"region/{by_label[('Region', label)]}"])
               for nis, label in places.region.items() if ("Region", label) in by_label}
    country = next((node(ID[f"country/{pid}"]) for (kind, _), pid in by_label.items() if kind == "Country"), None)
    return regions, country

