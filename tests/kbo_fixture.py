"""Small KBO open data extracts written from the documented layout (../shared/reference/kbo-format.md):
every non-null field double-quoted, NULL as an empty unquoted field, dates dd-mm-yyyy, UTF-8 without BOM,
LF line ends; Update extracts as ``<table>_delete.csv`` (key only) and ``<table>_insert.csv``.

The extracts are made from a model (tables of rows, as dicts) so that tests compute what to expect from
the same model, and an Update is the difference between two models.
"""

from __future__ import annotations

import copy
from pathlib import Path

from download_files import write_download

HEADERS = {
    "enterprise": ("EnterpriseNumber", "Status", "JuridicalSituation", "TypeOfEnterprise", "JuridicalForm",
                   "JuridicalFormCAC", "StartDate"),
    "establishment": ("EstablishmentNumber", "StartDate", "EnterpriseNumber"),
    "denomination": ("EntityNumber", "Language", "TypeOfDenomination", "Denomination"),
    "address": ("EntityNumber", "TypeOfAddress", "CountryNL", "CountryFR", "Zipcode", "MunicipalityNL",
                "MunicipalityFR", "StreetNL", "StreetFR", "HouseNumber", "Box", "ExtraAddressInfo", "DateStrikingOff"),
    "activity": ("EntityNumber", "ActivityGroup", "NaceVersion", "NaceCode", "Classification"),
    "contact": ("EntityNumber", "EntityContact", "ContactType", "Value"),
    "branch": ("Id", "StartDate", "EnterpriseNumber"),
}
KEY = {"enterprise": "EnterpriseNumber", "establishment": "EstablishmentNumber", "denomination": "EntityNumber",
       "address": "EntityNumber", "activity": "EntityNumber", "contact": "EntityNumber", "branch": "Id"}

#: the code list rows the fixtures use, copied from the real code.csv of extract 147
CODES = [
    ("ActivityGroup", "001", "FR", "Activités TVA"), ("ActivityGroup", "001", "NL", "BTW-activiteiten"),
    ("ActivityGroup", "003", "FR", "Activités"), ("ActivityGroup", "003", "NL", "Activiteiten"),
    ("Classification", "MAIN", "FR", "Principale"), ("Classification", "MAIN", "NL", "Hoofdactiviteit"),
    ("Classification", "SECO", "FR", "Secondaire"), ("Classification", "SECO", "NL", "Nevenactiviteit"),
    ("JuridicalForm", "014", "FR", "Société anonyme"), ("JuridicalForm", "014", "NL", "Naamloze vennootschap"),
    ("JuridicalForm", "610", "FR", "Société à responsabilité limitée"),
    ("JuridicalForm", "610", "NL", "Besloten Vennootschap"),
    ("JuridicalSituation", "000", "FR", "Situation normale"), ("JuridicalSituation", "000", "NL", "Normale toestand"),
    ("Status", "AC", "FR", "Actif"), ("Status", "AC", "NL", "Actief"),
    ("Nace2008", "72110", "FR", "Recherche-développement en biotechnologie"),
    ("Nace2008", "72110", "NL", "Speur- en ontwikkelingswerk op biotechnologisch gebied"),
    ("Nace2025", "72101", "FR", "Recherche-développement en biotechnologie"),
    ("Nace2025", "72101", "NL", "Speur- en ontwikkelingswerk op biotechnologisch gebied"),
    ("Nace2008", "21201", "FR", "Fabrication de médicaments"),
    ("Nace2008", "21201", "NL", "Vervaardiging van geneesmiddelen"),
    ("Nace2008", "2120101", "FR", "Fabrication de médicaments divers, y compris les préparations homéopathiques"),
    ("Nace2008", "2120101", "NL", "Vervaardiging van overige geneesmiddelen, inclusief homeopathische bereidingen"),
    ("Nace2008", "24410", "FR", "Production de métaux précieux"),
    ("Nace2008", "24410", "NL", "Productie van edele metalen"),
    ("Nace2003", "24410", "FR", "Fabrication de produits pharmaceutiques de base"),
    ("Nace2003", "24410", "NL", "Vervaardiging van farmaceutische grondstoffen"),
    ("Nace2008", "62010", "FR", "Programmation informatique"),
    ("Nace2008", "62010", "NL", "Ontwerpen en programmeren van computerprogramma's"),
    ("Nace2025", "62100", "FR", "Programmation informatique"),
    ("Nace2025", "62100", "NL", "Ontwerpen en programmeren van computerprogramma's"),
]


def field(value: str | None) -> str:
    """One CSV field the KBO way: NULL empty and unquoted, anything else quoted."""
    if value is None or value == "":
        return ""
    return '"' + str(value).replace('"', '""') + '"'


def table_text(header: tuple[str, ...], rows: list[dict]) -> str:
    """A whole table as KBO writes it: quoted header, LF line ends."""
    lines = [",".join(field(h) for h in header)]
    lines += [",".join(field(row.get(h)) for h in header) for row in rows]
    return "\n".join(lines) + "\n"


def enterprise(number: str, *, kind: str = "2", form: str = "014", start: str = "01-02-2010") -> dict:
    """An enterprise row."""
    return {"EnterpriseNumber": number, "Status": "AC", "JuridicalSituation": "000", "TypeOfEnterprise": kind,
            "JuridicalForm": form if kind == "2" else None, "JuridicalFormCAC": None, "StartDate": start}


def name(number: str, text: str, lang: str = "2", kind: str = "001") -> dict:
    """A denomination row (language 2 = Dutch, 1 = French)."""
    return {"EntityNumber": number, "Language": lang, "TypeOfDenomination": kind, "Denomination": text}


def address(number: str, zipcode: str, nl: str, fr: str | None = None, kind: str = "REGO", street: str = "Straat",
            country: str | None = None) -> dict:
    """An address row; a Belgian one leaves the country empty."""
    return {"EntityNumber": number, "TypeOfAddress": kind, "CountryNL": country, "CountryFR": country,
            "Zipcode": zipcode, "MunicipalityNL": nl, "MunicipalityFR": fr or nl, "StreetNL": street,
            "StreetFR": street, "HouseNumber": "1", "Box": None, "ExtraAddressInfo": None, "DateStrikingOff": None}


def activity(number: str, version: str, code: str, classification: str = "MAIN", group: str = "003") -> dict:
    """An activity row."""
    return {"EntityNumber": number, "ActivityGroup": group, "NaceVersion": version, "NaceCode": code,
            "Classification": classification}


def establishment(number: str, enterprise_number: str, start: str = "01-03-2012") -> dict:
    """An establishment row."""
    return {"EstablishmentNumber": number, "StartDate": start, "EnterpriseNumber": enterprise_number}


def base_model() -> dict[str, list[dict]]:
    """A small register: biotech companies, a pharma one by its 7-digit code, a natural person with a biotech
    activity, an IT company, a precious-metals one (24410 in 2008), an establishment-only biotech activity."""
    return {
        "enterprise": [enterprise("0400.000.001"), enterprise("0400.000.002", form="610", start="15-06-2018"),
                       enterprise("0400.000.003"), enterprise("0400.000.004"), enterprise("0400.000.005"),
                       enterprise("0400.000.006", kind="1"), enterprise("0400.000.007")],
        "establishment": [establishment("2.100.000.001", "0400.000.001"),
                          establishment("2.100.000.007", "0400.000.007")],
        "denomination": [name("0400.000.001", "Genbio"), name("0400.000.001", "GB", kind="002"),
                         name("0400.000.002", "Pharmalux", lang="1"), name("0400.000.002", "Pharmalux NL"),
                         name("0400.000.003", "Codeworks"), name("0400.000.004", "Metaux Precieux", lang="1"),
                         name("0400.000.005", "Homeo Labo", lang="1"), name("0400.000.006", "Jan Peeters"),
                         name("0400.000.007", "Sitebio", kind="003"), name("2.100.000.001", "Genbio Gent", kind="004")],
        "address": [address("0400.000.001", "9052", "Zwijnaarde"), address("0400.000.002", "1348", "Ottignies-Louvain-la-Neuve"),
                    address("0400.000.003", "2000", "Antwerpen", "Anvers"), address("0400.000.004", "4000", "Luik", "Liège"),
                    address("0400.000.005", "1000", "Brussel", "Bruxelles"), address("0400.000.006", "3000", "Leuven", "Louvain"),
                    address("0400.000.007", "75001", "Parijs", "Paris", country="Frankrijk"),
                    address("2.100.000.001", "9000", "Gent", "Gand", kind="BAET"),
                    address("2.100.000.007", "3001", "Heverlee", kind="BAET")],
        "activity": [activity("0400.000.001", "2008", "72110"), activity("0400.000.001", "2025", "72101"),
                     activity("0400.000.002", "2008", "21201", "SECO"),
                     activity("0400.000.003", "2008", "62010"), activity("0400.000.003", "2025", "62100"),
                     activity("0400.000.004", "2008", "24410"), activity("0400.000.005", "2008", "2120101"),
                     activity("0400.000.006", "2008", "72110"), activity("0400.000.007", "2008", "62010"),
                     activity("2.100.000.007", "2008", "72110", "SECO")],
        "contact": [], "branch": [],
    }


def write_extract(target: Path, model: dict[str, list[dict]], number: int, snapshot: str, *, kind: str = "full",
                  previous: dict[str, list[dict]] | None = None, as_zip: bool = True) -> Path:
    """Write a Full extract of ``model``, or (``previous`` given) the Update from ``previous`` to ``model``."""
    files: dict[str, str] = {
        "meta.csv": table_text(("Variable", "Value"), [
            {"Variable": "SnapshotDate", "Value": snapshot}, {"Variable": "ExtractTimestamp", "Value": snapshot + " 07:40:18"},
            {"Variable": "ExtractType", "Value": kind}, {"Variable": "ExtractNumber", "Value": str(number)},
            {"Variable": "Version", "Value": "1.0.0"}]),
        "code.csv": table_text(("Category", "Code", "Language", "Description"),
                               [dict(zip(("Category", "Code", "Language", "Description"), c, strict=True)) for c in CODES]),
    }
    for table, header in HEADERS.items():
        if previous is None:
            files[f"{table}.csv"] = table_text(header, model[table])
        else:
            deleted, inserted = diff(previous[table], model[table], KEY[table])
            files[f"{table}_delete.csv"] = table_text((KEY[table],), [{KEY[table]: k} for k in deleted])
            files[f"{table}_insert.csv"] = table_text(header, inserted)
    suffix = "Update" if previous is not None else "Full"
    name_ = f"KboOpenData_{number:04d}_{snapshot[6:]}_{snapshot[3:5]}_{snapshot[:2]}_{suffix}"
    return write_download(target, name_, files, as_zip)


def diff(old: list[dict], new: list[dict], key: str) -> tuple[list[str], list[dict]]:
    """The keys whose rows changed (delete) and all current rows of those keys (insert), as KBO does."""
    def by_key(rows):
        grouped: dict[str, list] = {}
        for row in rows:
            grouped.setdefault(row[key], []).append(tuple(sorted((k, v or "") for k, v in row.items())))
        return grouped
    before, after = by_key(old), by_key(new)
    changed = sorted(k for k in set(before) | set(after) if sorted(before.get(k, [])) != sorted(after.get(k, [])))
    return changed, [row for row in new if row[key] in changed]


def changed_model(model: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """The next month's register: a renamed company, a stopped one, a new biotech company, one that lost its
    biotech activity, a moved seat."""
    model = copy.deepcopy(model)
    for row in model["denomination"]:
        if row["Denomination"] == "Genbio":
            row["Denomination"] = "Genbio Therapeutics"
    model["enterprise"] = [r for r in model["enterprise"] if r["EnterpriseNumber"] != "0400.000.005"]
    for table in ("denomination", "address", "activity"):
        model[table] = [r for r in model[table] if r["EntityNumber"] != "0400.000.005"]
    model["enterprise"].append(enterprise("0400.000.008", start="02-01-2025"))
    model["denomination"].append(name("0400.000.008", "Nieuwbio"))
    model["address"].append(address("0400.000.008", "3500", "Hasselt"))
    model["activity"].append(activity("0400.000.008", "2025", "72101"))
    model["activity"] = [r for r in model["activity"] if not (r["EntityNumber"] == "0400.000.002")]
    model["activity"].append(activity("0400.000.002", "2008", "62010"))
    for row in model["address"]:
        if row["EntityNumber"] == "0400.000.001":
            row.update(Zipcode="2000", MunicipalityNL="Antwerpen", MunicipalityFR="Anvers")
    return model
