"""Write a synthetic CORDIS projects package of real size in the documented layout
(../shared/reference/cordis-format.md): project.csv and organization.csv, every field double-quoted,
``;``-separated, UTF-8.

    python scripts/synth_cordis.py OUT_DIR [--projects 35000] [--participations 180000] [--belgian 0.05]

The default size is that of CORDIS H2020 (35k projects, 180k participations). ``--programme FP7`` or
``HORIZON`` writes that programme's package instead (its file name, ``frameworkProgramme``, years and
project numbers of its own; the same organisations, so that one store can hold all three; run it once
per programme for all of CORDIS, e.g. the scale goal of issue 15: 100k projects, 1M participations).
Organisations are drawn with a long-tailed popularity (a few take part in thousands of projects), from a country mix in which about
5% of participations are Belgian; Belgian organisations have real postcodes and municipality names (from
graph/municipalities.csv) and BE VAT numbers. Project sizes mix single-beneficiary grants with consortia
of up to 120. The quirks are there: comma decimals in totalCost, EL and UK codes, "lat,lon" geolocations,
SME true/false/empty, every role, long objectives with newlines and ``;``, a few natural persons.
Prints what it wrote as JSON (the counts the import should find).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ORG_HEADER = (
    "projectID", "projectAcronym", "organisationID", "vatNumber", "name", "shortName", "SME", "activityType",
    "street", "postCode", "city", "country", "nutsCode", "geolocation", "organizationURL", "contactForm",
    "contentUpdateDate", "rcn", "order", "role", "ecContribution", "netEcContribution", "totalCost",
    "endOfParticipation", "active")
PROJECT_HEADER = ("id", "acronym", "status", "title", "startDate", "endDate", "totalCost", "ecMaxContribution",
                  "legalBasis", "topics", "ecSignatureDate", "frameworkProgramme", "masterCall", "subCall",
                  "fundingScheme", "objective", "contentUpdateDate", "rcn", "grantDoi", "keywords")
#: share of participations by country (EU codes, as CORDIS writes them); BE is set by --belgian
COUNTRIES = {"DE": 13, "ES": 11, "IT": 10, "FR": 10, "UK": 9, "NL": 7, "EL": 4, "PT": 3, "SE": 3, "AT": 3,
             "CH": 3, "DK": 2, "FI": 2, "IE": 2, "PL": 2, "NO": 2, "CZ": 1, "HU": 1, "SI": 1, "RO": 1, "IL": 1,
             "US": 1, "TR": 1, "CY": 1, "EE": 1, "LU": 1, "SK": 1, "BG": 1, "HR": 1, "LT": 1, "LV": 1, "RS": 1}
KINDS = (("HES", 30), ("REC", 25), ("PRC", 30), ("PUB", 7), ("OTH", 8))
#: per programme: package file name, project number offset, first and last start year, legal basis
PROGRAMMES = {"H2020": ("h2020", 100000, 2014, 2021, "H2020-EU.1.1."),
              "HORIZON": ("HORIZON", 101000000, 2021, 2025, "HORIZON.1.1"),
              "FP7": ("fp7", 200000000, 2007, 2013, "FP7-IDEAS-ERC")}
WORDS = ("gene", "cell", "protein", "data", "energy", "climate", "health", "material", "quantum", "soil", "ocean",
         "vaccine", "enzyme", "sensor", "network", "model", "therapy", "crop", "battery", "city")


def belgian_places() -> list[tuple[str, str]]:
    """(postcode, Dutch name) of every municipality."""
    with open(ROOT / "graph" / "municipalities.csv", encoding="utf-8", newline="") as handle:
        return [(row["zip"], row["municipality_NL"]) for row in csv.DictReader(handle)]


def make_orgs(rng: random.Random, count: int, belgian: float) -> list[dict]:
    """The organisations, most popular first, with their countries and columns."""
    places = belgian_places()
    codes = list(COUNTRIES)
    weights = [COUNTRIES[c] * (1 - belgian) / sum(COUNTRIES.values()) for c in codes]
    codes.append("BE")
    weights.append(belgian)
    kinds, kind_weights = zip(*KINDS)
    orgs = []
    for n in range(count):
        country = rng.choices(codes, weights)[0]
        kind = rng.choices(kinds, kind_weights)[0]
        name = f"{rng.choice(WORDS).upper()} {kind} {n}"
        org = {"organisationID": str(900000000 + n), "name": name, "shortName": name.split()[0] + str(n),
               "activityType": kind, "country": country, "SME": rng.choice(("true", "false", "")) if kind == "PRC"
               else rng.choice(("false", "")), "street": f"{rng.choice(WORDS).title()}straat {n % 200}",
               "nutsCode": country + str(rng.randint(1, 9)), "geolocation": f"{rng.uniform(36, 60):.4f},{rng.uniform(-9, 25):.4f}",
               "organizationURL": f"www.org{n}.example" if n % 3 else "", "vatNumber": ""}
        if country == "BE":
            postcode, city = rng.choice(places)
            org.update(postCode=postcode, city=city.upper(), vatNumber=f"BE0{rng.randint(200000000, 999999999)}",
                       nutsCode="BE" + rng.choice(("10", "21", "23", "24", "25", "31", "32", "33")))
        else:
            org.update(postCode=str(rng.randint(1000, 99999)), city=f"CITY {n % 997}")
        orgs.append(org)
    return orgs


def project_sizes(rng: random.Random, projects: int, participations: int) -> list[int]:
    """Consortium sizes summing to ``participations``: a third single-beneficiary grants, the rest long-tailed."""
    sizes = [1 if rng.random() < 0.35 else min(120, max(2, int(rng.lognormvariate(1.7, 0.7)))) for _ in range(projects)]
    multi = [i for i, s in enumerate(sizes) if s > 1]
    total = sum(sizes)  # kept up to date: summing the list each step made a million participations take hours
    while total != participations:
        i = rng.choice(multi)
        if total < participations and sizes[i] < 120:
            sizes[i] += 1
            total += 1
        elif total > participations and sizes[i] > 2:
            sizes[i] -= 1
            total -= 1
    return sizes


def objective(rng: random.Random) -> str:
    """A long text with newlines and semicolons."""
    sentences = [" ".join(rng.choice(WORDS) for _ in range(12)) + "; " + " ".join(rng.choice(WORDS) for _ in range(8))
                 for _ in range(10)]
    return ".\n".join(sentences) + "."


def write(out: Path, projects: int, participations: int, belgian: float, seed: int, as_zip: bool,
          programme: str = "H2020") -> dict:
    """Write the package of one programme; return its counts."""
    rng = random.Random(seed)
    orgs = make_orgs(rng, max(10, participations // 6), belgian)  # the same seed: the same first organisations
    stem, first_id, first_year, last_year, legal = PROGRAMMES[programme]
    if programme != "H2020":  # H2020 keeps the bytes it always had; the others draw projects of their own
        rng.seed(f"{seed}-{programme}")
    cum, total = [], 0.0
    for rank in range(len(orgs)):
        total += 1 / (rank + 1) ** 0.9
        cum.append(total)
    sizes = project_sizes(rng, projects, participations)
    project_rows, org_rows = io.StringIO(), io.StringIO()
    pw = csv.writer(project_rows, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
    ow = csv.writer(org_rows, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
    pw.writerow(PROJECT_HEADER)
    ow.writerow(ORG_HEADER)
    persons = rows = belgian_rows = 0
    for p, size in enumerate(sizes):
        pid, acronym = str(first_id + p), f"{rng.choice(WORDS).upper()}{p}"
        year = rng.randint(first_year, last_year)
        pw.writerow((pid, acronym, rng.choice(("SIGNED", "CLOSED", "TERMINATED")), f"A project on {acronym.lower()}",
                     f"{year}-{rng.randint(1, 12):02d}-01", f"{year + 3}-{rng.randint(1, 12):02d}-28",
                     f"{rng.randint(50_000, 20_000_000)},{rng.randint(0, 99):02d}", str(rng.randint(50_000, 10_000_000)),
                     legal, "ERC-2014-STG", f"{year}-01-15", programme, f"{programme}-ERC-2014", "ERC-2014-STG",
                     "ERC-STG" if size == 1 else rng.choice(("RIA", "IA", "CSA", "MSCA-ITN")), objective(rng),
                     "2022-08-30 19:44:26", str(first_id + 100000 + p), f"10.3030/{pid}", "genes;cells"))
        chosen: dict[str, dict] = {}
        while len(chosen) < size:  # distinct organisations (a popular one is drawn again and again)
            chosen.update((o["organisationID"], o) for o in rng.choices(orgs, cum_weights=cum, k=size - len(chosen)))
        team = chosen.values()
        for order, org in enumerate(team, 1):
            role = "coordinator" if order == 1 else rng.choices(("participant", "thirdParty", "partner"), (90, 7, 3))[0]
            ec = f"{rng.randint(0, 2_000_000)}.{rng.randint(0, 99):02d}"
            cost = f"{rng.randint(0, 2_500_000)}{rng.choice((',', '.'))}{rng.randint(0, 99):02d}"
            cells = dict(org, projectID=pid, projectAcronym=acronym, contactForm="", rcn=str(first_id + 200000 + p),
                         contentUpdateDate="2022-08-30 19:44:26", order=str(order), role=role, ecContribution=ec,
                         netEcContribution=ec, totalCost=cost, endOfParticipation="false", active="true")
            if rng.random() < 0.002:  # a natural person: no PIC
                cells.update(organisationID="", name="Natural Person", vatNumber="")
                persons += 1
            ow.writerow([cells[h] for h in ORG_HEADER])
            rows += 1
            belgian_rows += cells["country"] == "BE"
    files = {"project.csv": project_rows.getvalue(), "organization.csv": org_rows.getvalue()}
    out.mkdir(parents=True, exist_ok=True)
    if as_zip:
        path = out / f"cordis-{stem}projects-csv.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            for name, text in files.items():
                archive.writestr(name, text.encode("utf-8"))
    else:
        path = out / f"cordis-{stem}projects-csv"
        path.mkdir(exist_ok=True)
        for name, text in files.items():
            (path / name).write_text(text, encoding="utf-8")
    return {"path": str(path), "programme": programme, "projects": projects, "participation_rows": rows, "natural_persons": persons,
            "belgian_share": round(belgian_rows / rows, 4), "organisations_in_pool": len(orgs)}


def main() -> None:
    """Parse the arguments and write the package."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--projects", type=int, default=35_000)
    parser.add_argument("--participations", type=int, default=180_000)
    parser.add_argument("--belgian", type=float, default=0.05, help="share of Belgian participations")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--folder", action="store_true", help="write a folder instead of a zip file")
    parser.add_argument("--programme", choices=sorted(PROGRAMMES), default="H2020",
                        help="the programme of the package (default H2020); the organisations are the same")
    args = parser.parse_args()
    if args.participations < args.projects:
        parser.error("--participations must be at least --projects")
    print(json.dumps(write(args.out, args.projects, args.participations, args.belgian, args.seed, not args.folder,
                           args.programme)))


if __name__ == "__main__":
    main()
