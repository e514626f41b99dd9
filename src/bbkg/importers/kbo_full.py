"""Importing a KBO Full extract, and the row readers an Update extract shares with it: each keeps the rows
of the entities wanted, checks them (dates, codes, municipalities) and counts a bad one instead of
stopping.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


from bbkg.importers import kbo_rdf
from bbkg.importers.kbo import HEADERS, Extract, kbo_date, own_iri, selected_entities
from bbkg.importers.output import Candidate, Identify, ImportReport
from bbkg.importers.places import Municipalities

#: table -> its key column
KEYS = {"enterprise": "EnterpriseNumber", "establishment": "EstablishmentNumber", "denomination": "EntityNumber",
        "address": "EntityNumber", "activity": "EntityNumber"}


@dataclass
class Rows:
    """The kept rows of the entities of one import, by table, each already checked."""

    enterprises: dict[str, tuple[dict[str, str], str | None]] = field(default_factory=dict)
    establishments: dict[str, tuple[dict[str, str], str | None]] = field(default_factory=dict)
    names: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    addresses: dict[str, list[tuple[dict[str, str], str | None]]] = field(default_factory=dict)
    persons: int = 0


def checked(extract: Extract, table: str, file: str | None, wanted) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a table whose key is in ``wanted`` (a set), or whose raw cells ``wanted`` accepts."""
    index = HEADERS[table].index(KEYS[table])
    keep = wanted if callable(wanted) else (lambda cells: cells[index] in wanted)
    return extract.rows(table, file, keep=keep)


def _date(extract: Extract, where: str, line: int, value: str) -> tuple[bool, str | None]:
    try:
        return True, kbo_date(value)
    except ValueError as exc:
        extract.bad.add(where, line, f"{exc}; KBO dates are dd-mm-yyyy")
        return False, None


def _code(extract: Extract, where: str, line: int, category: str, code: str) -> bool:
    if not code or extract.has_code(category, code):
        return True
    extract.bad.add(where, line, f"{category} code {code!r} is not in code.csv")
    return False


def read_enterprises(extract: Extract, rows: Rows, wanted, file: str | None = None) -> None:
    """Enterprise rows: natural persons counted and dropped; codes and start date checked."""
    where = extract.download.where(f"{file or 'enterprise'}.csv")
    for line, row in checked(extract, "enterprise", file, wanted):
        if row["TypeOfEnterprise"] == "1":
            rows.persons += 1
            continue
        ok, start = _date(extract, where, line, row["StartDate"])
        if ok and all(_code(extract, where, line, c, row[c]) for c in ("JuridicalForm", "JuridicalSituation", "Status")):
            rows.enterprises[row["EnterpriseNumber"]] = (row, start)


def read_establishments(extract: Extract, rows: Rows, wanted, file: str | None = None) -> None:
    """Establishment rows of the kept enterprises."""
    where = extract.download.where(f"{file or 'establishment'}.csv")
    for line, row in checked(extract, "establishment", file, wanted):
        ok, start = _date(extract, where, line, row["StartDate"])
        if ok:
            rows.establishments[row["EstablishmentNumber"]] = (row, start)


def read_names(extract: Extract, rows: Rows, wanted, file: str | None = None) -> None:
    """Denomination rows: a known language and type of name."""
    where = extract.download.where(f"{file or 'denomination'}.csv")
    for line, row in checked(extract, "denomination", file, wanted):
        if row["Language"] not in kbo_rdf.LANGUAGES:
            extract.bad.add(where, line, f"Language code {row['Language']!r} is not 0-4 (code.csv, Language)")
        elif row["TypeOfDenomination"] not in kbo_rdf.DENOMINATIONS:
            extract.bad.add(where, line, f"TypeOfDenomination {row['TypeOfDenomination']!r} is not 001-004")
        elif not row["Denomination"].strip():
            extract.bad.add(where, line, "the name is empty")
        else:
            rows.names.setdefault(row["EntityNumber"], []).append(row)


def read_addresses(extract: Extract, rows: Rows, wanted, places: Municipalities, file: str | None = None) -> None:
    """Address rows: a Belgian one placed in its municipality by postcode and name."""
    where = extract.download.where(f"{file or 'address'}.csv")
    for line, row in checked(extract, "address", file, wanted):
        if row["TypeOfAddress"] not in ("REGO", "BAET", "ABBR", "OBAD"):
            extract.bad.add(where, line, f"TypeOfAddress {row['TypeOfAddress']!r} is not REGO, BAET, ABBR or OBAD")
            continue
        ok, _ = _date(extract, where, line, row["DateStrikingOff"])
        if not ok:
            continue
        nis = None
        if not (row["CountryNL"] or row["CountryFR"]):
            nis = places.place(row["Zipcode"], row["MunicipalityNL"], row["MunicipalityFR"])
            if nis is None and not places.known(row["Zipcode"], row["MunicipalityNL"], row["MunicipalityFR"]):
                extract.bad.add(where, line, f"unknown Belgian municipality: postcode {row['Zipcode']!r}, "
                                f"{row['MunicipalityNL'] or row['MunicipalityFR']!r}")
                continue
        rows.addresses.setdefault(row["EntityNumber"], []).append((row, nis))


def write_activities(extract: Extract, ctx: kbo_rdf.Context, entities: set[str], report: ImportReport,
                     file: str | None = None) -> None:
    """Activity rows of the kept entities, stated as they stream by (a known NACE code of its version)."""
    where = extract.download.where(f"{file or 'activity'}.csv")
    for line, row in checked(extract, "activity", file, entities):
        version = row["NaceVersion"]
        if version not in ("2003", "2008", "2025"):
            extract.bad.add(where, line, f"NaceVersion {version!r} is not 2003, 2008 or 2025")
        elif _code(extract, where, line, f"Nace{version}", row["NaceCode"]) and all(
                _code(extract, where, line, c, row[c]) for c in ("ActivityGroup", "Classification")):
            kbo_rdf.activity(ctx, row)
            report.counts["activities"] += 1


def identify_all(rows: Rows, identify: Identify, ctx: kbo_rdf.Context) -> None:
    """Give every kept entity its IRI: the curated organisation's, or its own."""
    for number in rows.enterprises:
        names = [r["Denomination"] for r in rows.names.get(number, [])]
        seat = next((nis for r, nis in rows.addresses.get(number, []) if r["TypeOfAddress"] == "REGO"), None)
        found = identify(Candidate("kbo", kbo_rdf.digits(number), names, seat, kbo=kbo_rdf.digits(number)))
        if found is not None:
            ctx.curated.add(number)
        ctx.iris[number] = found or own_iri(number)
    for number in rows.establishments:
        ctx.iris[number] = own_iri(number)


def write_rows(ctx: kbo_rdf.Context, rows: Rows, report: ImportReport) -> None:
    """State the kept rows of enterprises, establishments, names and addresses."""
    for row, start in rows.enterprises.values():
        kbo_rdf.enterprise(ctx, row, start)
    for row, start in rows.establishments.values():
        kbo_rdf.establishment(ctx, row, start)
    for number in ctx.iris:
        names = rows.names.get(number, [])
        main = kbo_rdf.main_name(names)
        for row in names:
            kbo_rdf.denomination(ctx, row, row is main)
        for row, nis in rows.addresses.get(number, []):
            kbo_rdf.address(ctx, row, nis)
    report.counts["enterprises"] += len(rows.enterprises)
    report.counts["matched to curated organisations"] += len(ctx.curated)
    report.counts["establishments"] += len(rows.establishments)
    report.counts["natural persons left out"] += rows.persons


def import_full(extract: Extract, selection: frozenset[tuple[str, str]], ctx: kbo_rdf.Context,
                identify: Identify, places: Municipalities, report: ImportReport) -> None:
    """Read a Full extract in passes and state the selected enterprises into ``ctx.out``."""
    chosen = selected_entities(extract, selection)
    wanted = {n for n in chosen if not kbo_rdf.is_establishment(n)}
    for _, row in checked(extract, "establishment", None, chosen):
        wanted.add(row["EnterpriseNumber"])
    rows = Rows()
    read_enterprises(extract, rows, wanted)
    # cells: EstablishmentNumber, StartDate, EnterpriseNumber
    read_establishments(extract, rows, lambda cells: cells[2] in rows.enterprises)
    entities = set(rows.enterprises) | set(rows.establishments)
    read_names(extract, rows, entities)
    read_addresses(extract, rows, entities, places)
    identify_all(rows, identify, ctx)
    write_rows(ctx, rows, report)
    write_activities(extract, ctx, entities, report)
    kbo_rdf.code_concepts(ctx.out, extract.codes, ctx.out.objects)
