"""Write a synthetic KBO open data extract of real size in the documented layout (kbo-format.md):
a Full zip and the Update zip of the next month, for benchmarks (scripts/bench_import.py).

Defaults give the size of a real Full extract: 1.9M enterprises (about 38% natural persons), 1.6M
establishments, about 35M activity rows (parallel NACE 2003, 2008 and 2025 rows, several activity
groups), 40% of enterprises without an address. NACE codes are drawn from the real code list
(scripts/data/kbo-code-147.csv, the code list of extract 147, or --codes), biotech and pharma codes at about
their real share. Deterministic for a given --seed.

    python scripts/synth_kbo.py --out /tmp/kbo [--enterprises 1900000] [--codes code.csv]
"""

from __future__ import annotations

import argparse
import csv
import random
import time
import zipfile
from pathlib import Path

HEADERS = {
    "enterprise": '"EnterpriseNumber","Status","JuridicalSituation","TypeOfEnterprise","JuridicalForm","JuridicalFormCAC","StartDate"',
    "establishment": '"EstablishmentNumber","StartDate","EnterpriseNumber"',
    "denomination": '"EntityNumber","Language","TypeOfDenomination","Denomination"',
    "address": '"EntityNumber","TypeOfAddress","CountryNL","CountryFR","Zipcode","MunicipalityNL","MunicipalityFR","StreetNL","StreetFR","HouseNumber","Box","ExtraAddressInfo","DateStrikingOff"',
    "activity": '"EntityNumber","ActivityGroup","NaceVersion","NaceCode","Classification"',
    "contact": '"EntityNumber","EntityContact","ContactType","Value"',
    "branch": '"Id","StartDate","EnterpriseNumber"',
}
#: the key column of each table: the header of its Update delete file
KEYS = {table: header.split(",")[0] for table, header in HEADERS.items()}
BIOTECH_SHARE = 0.0015  # enterprises with a biotech or pharma activity (about 2,900 of 1.9M)
#: biotech and pharma codes, drawn only for that share (never at random among the others)
SELECTED = {"72110", "72101", "21100", "21201", "21209"}
ROOT = Path(__file__).resolve().parents[1]


def enterprise_number(i: int) -> str:
    digits = f"{400000000 + i:010d}"
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def establishment_number(i: int) -> str:
    digits = f"{2000000000 + i:010d}"
    return f"{digits[0]}.{digits[1:4]}.{digits[4:7]}.{digits[7:]}"


def read_codes(path: Path) -> dict[str, list[str]]:
    codes: dict[str, list[str]] = {"Nace2003": [], "Nace2008": [], "Nace2025": [], "JuridicalForm": []}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Category"] in codes and row["Language"] == "NL" and (
                    row["Category"] == "JuridicalForm" or len(row["Code"]) == 5 and row["Code"] not in SELECTED):
                codes[row["Category"]].append(row["Code"])
    return codes


def places() -> list[tuple[str, str, str]]:
    with open(ROOT / "graph" / "municipalities.csv", encoding="utf-8", newline="") as handle:
        return [(r["zip"], r["municipality_NL"], r["municipality_FR"]) for r in csv.DictReader(handle)]


class Tables:
    """One CSV file per table (or per Update file) in a folder, written line by line, then zipped."""

    def __init__(self, folder: Path, suffix: str = "", headers: dict[str, str] = HEADERS) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.paths = {table: folder / f"{table}{suffix}.csv" for table in headers}
        self.handles = {}
        for table, header in headers.items():
            handle = open(self.paths[table], "w", encoding="utf-8", newline="", buffering=1 << 20)
            handle.write(header + "\n")
            self.handles[table] = handle

    def write(self, table: str, line: str) -> None:
        self.handles[table].write(line)

    def close(self, archive: zipfile.ZipFile) -> None:
        for table, handle in self.handles.items():
            handle.close()
            archive.write(self.paths[table], self.paths[table].name)
            self.paths[table].unlink()


def entity_rows(i: int, rng: random.Random, codes, towns, renamed: bool = False) -> dict[str, list[str]]:
    """All rows of enterprise ``i`` (and its establishments), as CSV lines by table."""
    number = enterprise_number(i)
    person = rng.random() < 0.38
    rows: dict[str, list[str]] = {t: [] for t in HEADERS}
    start = f"{rng.randint(1, 28):02d}-{rng.randint(1, 12):02d}-{rng.randint(1950, 2025)}"
    form = "" if person else f'"{rng.choice(codes["JuridicalForm"])}"'
    rows["enterprise"].append(f'"{number}","AC","000","{1 if person else 2}",{form},,{start}\n')
    name = f"Onderneming {i}{' Nieuw' if renamed else ''}"
    rows["denomination"].append(f'"{number}","{rng.choice("12")}","001","{name}"\n')
    if rng.random() < 0.6:
        zipcode, nl, fr = rng.choice(towns)
        rows["address"].append(f'"{number}","REGO",,,"{zipcode}","{nl}","{fr}","Straat","Rue","{rng.randint(1, 200)}",,,\n')
    biotech = rng.random() < BIOTECH_SHARE
    if rng.random() < 0.65 or biotech:
        c2008 = ("72110" if rng.random() < 0.5 else "21201") if biotech else rng.choice(codes["Nace2008"])
        c2025 = {"72110": "72101"}.get(c2008, c2008) if biotech else rng.choice(codes["Nace2025"])
        for group in ("001", "003", "006")[: rng.randint(1, 3)]:
            for version, code in (("2003", rng.choice(codes["Nace2003"])), ("2008", c2008), ("2025", c2025)):
                rows["activity"].append(f'"{number}","{group}","{version}","{code}","MAIN"\n')
            for _ in range(rng.randint(2, 4)):
                for version in ("2003", "2008", "2025"):
                    rows["activity"].append(f'"{number}","{group}","{version}","{rng.choice(codes["Nace" + version])}","SECO"\n')
    for k in range(rng.choice((0, 0, 1, 1, 2))):
        est = establishment_number(i * 2 + k)
        rows["establishment"].append(f'"{est}",{start},"{number}"\n')
        zipcode, nl, fr = rng.choice(towns)
        rows["address"].append(f'"{est}","BAET",,,"{zipcode}","{nl}","{fr}","Straat","Rue","1",,,\n')
        for version in ("2003", "2008", "2025"):
            rows["activity"].append(f'"{est}","003","{version}","{rng.choice(codes["Nace" + version])}","MAIN"\n')
    return rows


def meta(number: int, kind: str) -> str:
    return ('"Variable","Value"\n"SnapshotDate","01-11-2025"\n"ExtractTimestamp","02-11-2025 07:00:00"\n'
            f'"ExtractType","{kind}"\n"ExtractNumber","{number}"\n"Version","1.0.0"\n')


def write(out: Path, enterprises: int, seed: int, codes_path: Path, update_share: float) -> tuple[Path, Path]:
    codes, towns = read_codes(codes_path), places()
    code_text = codes_path.read_bytes()
    full, update = out / "KboOpenData_0200_2025_11_01_Full.zip", out / "KboOpenData_0201_2025_12_01_Update.zip"
    changed = set(random.Random(seed + 1).sample(range(enterprises), int(enterprises * update_share)))
    with zipfile.ZipFile(full, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("meta.csv", meta(200, "full"))
        archive.writestr("code.csv", code_text)
        tables = Tables(out / "full-tables")
        for i in range(enterprises):
            for table, lines in entity_rows(i, random.Random(seed * 10_000_019 + i), codes, towns).items():
                for line in lines:
                    tables.write(table, line)
        tables.close(archive)
    with zipfile.ZipFile(update, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("meta.csv", meta(201, "update"))
        archive.writestr("code.csv", code_text)
        deletes = Tables(out / "update-tables", "_delete", KEYS)
        inserts = Tables(out / "update-tables", "_insert")
        for i in sorted(changed):
            rows = entity_rows(i, random.Random(seed * 10_000_019 + i), codes, towns, renamed=True)
            deletes.write("denomination", f'"{enterprise_number(i)}"\n')
            for line in rows["denomination"]:
                inserts.write("denomination", line)
        deletes.close(archive)
        inserts.close(archive)
    return full, update


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--enterprises", type=int, default=1_900_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--codes", type=Path, default=ROOT / "scripts" / "data" / "kbo-code-147.csv",
                        help="the KBO code list (default: the real one of extract 147, 11 Oct 2025)")
    parser.add_argument("--update-share", type=float, default=0.01, help="share of enterprises renamed in the Update")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    full, update = write(args.out, args.enterprises, args.seed, args.codes, args.update_share)
    print(f"wrote {full} ({full.stat().st_size / 1e6:.0f} MB) and {update} in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
