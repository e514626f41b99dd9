"""Small CORDIS projects packages written from the documented layout (../shared/reference/cordis-format.md):
every field double-quoted, ``;``-separated, UTF-8; organization.csv with its 25 columns; project.csv with the
Horizon Europe columns, or another programme's order and set (read by header name).

Packages are made from a model (a list of project rows and organisation rows, as dicts), so that tests
compute what to expect from the same model. Quirks included: an objective with newlines and ``;``, a
comma decimal in ``totalCost``, ``EL`` and ``UK`` country codes, ``geolocation`` as ``"lat,lon"``, SME
true/false/empty, every role, natural persons (no PIC; no name).
"""

from __future__ import annotations

import copy
from pathlib import Path

from download_files import write_download

ORGANIZATION_HEADER = (
    "projectID", "projectAcronym", "organisationID", "vatNumber", "name", "shortName", "SME", "activityType",
    "street", "postCode", "city", "country", "nutsCode", "geolocation", "organizationURL", "contactForm",
    "contentUpdateDate", "rcn", "order", "role", "ecContribution", "netEcContribution", "totalCost",
    "endOfParticipation", "active")
HORIZON_HEADER = ("id", "acronym", "status", "title", "startDate", "endDate", "totalCost", "ecMaxContribution",
                  "legalBasis", "topics", "ecSignatureDate", "frameworkProgramme", "masterCall", "subCall",
                  "fundingScheme", "objective", "contentUpdateDate", "rcn", "grantDoi", "keywords")
#: an older programme's project.csv: another order, columns Horizon has not (nature) and without some it has
H2020_HEADER = ("rcn", "id", "acronym", "status", "title", "startDate", "endDate", "totalCost", "ecMaxContribution",
                "frameworkProgramme", "fundingScheme", "nature", "objective", "contentUpdateDate", "legalBasis", "topics")
OBJECTIVE = 'Gene editing; from bench\nto "bedside".\nSecond paragraph; with semicolons.'

#: organisations: PIC -> the columns they keep from project to project
ORGS = {
    "999000001": dict(vatNumber="BE0400000001", name="GENBIO NV", shortName="GENBIO", SME="true", activityType="PRC",
                      street="Technologiepark 1", postCode="9052", city="ZWIJNAARDE", country="BE", nutsCode="BE234",
                      geolocation="51.0123,3.7123", organizationURL="www.genbio.example"),
    "999000002": dict(vatNumber="BE0400999999", name="VLAAMS INSTITUUT VOOR BIOTECHNOLOGIE", shortName="VIB", SME="false",
                      activityType="REC", postCode="9052", city="Zwijnaarde", country="BE", nutsCode="BE234",
                      geolocation="51.01,3.71", organizationURL="https://www.vib.be"),
    "999000003": dict(vatNumber="BE0325777171", name="UNIVERSITE DE LIEGE", shortName="ULIEGE", SME="false",
                      activityType="HES", postCode="4000", city="LIEGE", country="BE", nutsCode="BE332",
                      geolocation="50.5836,5.5661"),
    "999000004": dict(vatNumber="DE228847810", name="CHARITE - UNIVERSITAETSMEDIZIN BERLIN", shortName="CHARITE",
                      SME="false", activityType="HES", postCode="10117", city="BERLIN", country="DE", nutsCode="DE300",
                      geolocation="52.52,13.38", organizationURL="http://www.charite.de"),
    "999000005": dict(name="ETHNIKO KENTRO EREVNAS KAI TECHNOLOGIKIS ANAPTYXIS", shortName="CERTH", SME="",
                      activityType="REC", postCode="57001", city="THERMI", country="EL", nutsCode="EL522"),
    "999000006": dict(vatNumber="GB123456789", name="OXFORD BIOTECH LTD", SME="true", activityType="PRC",
                      postCode="OX4 4GA", city="OXFORD", country="UK", nutsCode="UKJ14", geolocation="51.75,-1.25"),
    "999000007": dict(name="MINISTERIE VAN VOLKSGEZONDHEID", SME="", activityType="PUB", postCode="2511",
                      city="DEN HAAG", country="NL", nutsCode="NL332"),
    "999000008": dict(name="STICHTING PATIENTEN EUROPA", SME="false", activityType="OTH", city="UTRECHT",
                      country="NL", nutsCode="NL"),
    "999000010": dict(vatNumber="BE0425260211", name="INTERUNIVERSITAIR MICRO-ELECTRONICA CENTRUM", shortName="",
                      SME="false", activityType="REC", postCode="3001", city="HEVERLEE", country="BE", nutsCode="BE242"),
    "999000011": dict(name="IMEC", SME="", activityType="REC", postCode="9000", city="GENT", country="BE",
                      nutsCode="BE234"),
}
#: natural persons, as rows: one without a PIC, one without a name
PERSONS = {"": dict(name="Jan Janssens", country="BE", postCode="3000", city="LEUVEN", activityType="OTH"),
           "999000009": dict(name="", country="BE", postCode="1000", city="BRUXELLES", activityType="OTH")}


def field(value: object) -> str:
    """One CORDIS field: always double-quoted."""
    return '"' + ("" if value is None else str(value)).replace('"', '""') + '"'


def table_lines(header: tuple[str, ...], rows: list[dict]) -> tuple[str, list[int]]:
    """A table as CORDIS writes it, and the line each data row starts on."""
    lines = [";".join(field(h) for h in header)]
    starts, line = [], 2
    for row in rows:
        text = ";".join(field(row.get(h, "")) for h in header)
        starts.append(line)
        line += text.count("\n") + 1
        lines.append(text)
    return "\n".join(lines) + "\n", starts


def project(pid: str, acronym: str, programme: str = "HORIZON", **extra: str) -> dict:
    """A project.csv row."""
    row = dict(id=pid, acronym=acronym, status="SIGNED", title=f"{acronym.title()}: a project of {programme}",
               startDate="2022-01-01", endDate="2025-12-31", totalCost="1500000,50", ecMaxContribution="1200000",
               legalBasis="HORIZON.2.1", topics="HORIZON-HLTH-2021-01", ecSignatureDate="2021-11-30",
               frameworkProgramme=programme, masterCall="HORIZON-HLTH-2021", subCall="HORIZON-HLTH-2021-01",
               fundingScheme="HORIZON-RIA", objective=OBJECTIVE, contentUpdateDate="2025-03-01 10:00:00",
               rcn="2" + pid[-5:], grantDoi=f"10.3030/{pid}", keywords="genes;editing", nature="", )
    row.update(extra)
    return row


def participant(pid: str, acronym: str, pic: str, role: str, order: int, ec: str = "100000.5",
                cost: str = "960619,95", updated: str = "2025-02-01 09:00:00", **extra: str) -> dict:
    """An organization.csv row of an organisation (or natural person) of :data:`ORGS`/:data:`PERSONS`."""
    base = ORGS.get(pic) or PERSONS[pic]
    row = dict(projectID=pid, projectAcronym=acronym, organisationID=pic, contactForm="", rcn="1" + pic[-5:],
               order=str(order), role=role, ecContribution=ec, netEcContribution=ec, totalCost=cost,
               endOfParticipation="false", active="true", contentUpdateDate=updated, street="Street 1")
    row.update(base)
    row.update(extra)
    return row


def horizon_model() -> dict[str, list[dict]]:
    """A Horizon Europe package: six projects (one Euratom, one without participants, one without a Belgian)."""
    projects = [project("101000001", "GENEDIT"), project("101000002", "TRIAL"), project("101000003", "SOLO"),
                project("101000004", "PEOPLE", endDate=""), project("101000005", "FUSION", "EURATOM"),
                project("101000006", "EMPTY", contentUpdateDate="2025-04-02 08:00:00")]
    orgs = [participant("101000001", "GENEDIT", "999000001", "coordinator", 1),
            participant("101000001", "GENEDIT", "999000002", "participant", 2, ec="250000"),
            participant("101000001", "GENEDIT", "999000004", "participant", 3),
            participant("101000001", "GENEDIT", "999000006", "thirdParty", 4, ec="0", cost="1000.25"),
            participant("101000002", "TRIAL", "999000004", "coordinator", 1),
            participant("101000002", "TRIAL", "999000005", "participant", 2),
            participant("101000002", "TRIAL", "999000007", "partner", 3, ec=""),
            participant("101000003", "SOLO", "999000003", "coordinator", 1, endOfParticipation="true"),
            participant("101000004", "PEOPLE", "", "participant", 1),
            participant("101000004", "PEOPLE", "999000009", "participant", 2),
            participant("101000004", "PEOPLE", "999000008", "coordinator", 3),
            participant("101000004", "PEOPLE", "999000011", "participant", 4),
            participant("101000004", "PEOPLE", "999000010", "participant", 5),
            participant("101000005", "FUSION", "999000005", "coordinator", 1),
            participant("101000005", "FUSION", "999000003", "participant", 2, updated="2025-03-15 12:00:00")]
    return {"projects": projects, "organizations": orgs}


def h2020_model() -> dict[str, list[dict]]:
    """An H2020 package: two projects, one with the Belgian company of the Horizon package."""
    projects = [project("800000001", "OLDGEN", "H2020", fundingScheme="RIA", nature="",
                        contentUpdateDate="2022-08-30 19:44:26"),
                project("800000002", "OLDTRIAL", "H2020", fundingScheme="CSA", totalCost="350000.75",
                        contentUpdateDate="2022-08-30 19:44:26")]
    orgs = [participant("800000001", "OLDGEN", "999000001", "coordinator", 1, updated="2022-08-30 19:44:26"),
            participant("800000001", "OLDGEN", "999000004", "participant", 2, updated="2022-08-30 19:44:26"),
            participant("800000002", "OLDTRIAL", "999000006", "coordinator", 1, updated="2022-08-30 19:44:26"),
            participant("800000002", "OLDTRIAL", "999000007", "participant", 2, updated="2022-08-30 19:44:26")]
    return {"projects": projects, "organizations": orgs}


def write_package(target: Path, model: dict[str, list[dict]], name: str = "cordis-HORIZONprojects-csv", *,
                  header: tuple[str, ...] = HORIZON_HEADER, org_header: tuple[str, ...] = ORGANIZATION_HEADER,
                  as_zip: bool = True, extra_org_lines: tuple[str, ...] = (), tables: tuple[str, ...] = (
                      "project.csv", "organization.csv")) -> Path:
    """Write the package of ``model`` as ``<name>.zip`` (or a folder ``<name>``); extra raw lines are appended
    to organization.csv as they are."""
    project_text, _ = table_lines(header, model["projects"])
    org_text, _ = table_lines(org_header, model["organizations"])
    org_text += "".join(line + "\n" for line in extra_org_lines)
    files = {"project.csv": project_text, "organization.csv": org_text,
             "euroSciVoc.csv": '"projectID";"euroSciVocCode"\n"101000001";"/29/97"\n'}
    files = {k: v for k, v in files.items() if k in tables or k == "euroSciVoc.csv"}
    return write_download(target, name, files, as_zip)


def org_line(model: dict[str, list[dict]], index: int) -> int:
    """The line organization.csv row ``index`` starts on."""
    return table_lines(ORGANIZATION_HEADER, model["organizations"])[1][index]


def project_line(model: dict[str, list[dict]], index: int, header: tuple[str, ...] = HORIZON_HEADER) -> int:
    """The line project.csv row ``index`` starts on (objectives hold newlines)."""
    return table_lines(header, model["projects"])[1][index]


def is_person(row: dict) -> bool:
    """The rule bbkg documents: a natural person has no PIC or no name."""
    return not row["organisationID"] or not row["name"]


def expected(model: dict[str, list[dict]], countries: set[str] | None = None,
             programmes: set[str] | None = None) -> dict:
    """What an import of ``model`` should give: kept projects, their organisations (by PIC), participations
    and ordered partner pairs, computed from the model alone."""
    iso = {"EL": "GR", "UK": "GB"}
    kept = [p["id"] for p in model["projects"] if programmes is None or p["frameworkProgramme"] in programmes]
    rows = [r for r in model["organizations"] if not is_person(r) and r["projectID"] in kept]
    if countries is not None:
        kept = [p for p in kept if any(r["projectID"] == p and iso.get(r["country"], r["country"]) in countries
                                       for r in rows)]
        rows = [r for r in rows if r["projectID"] in kept]
    teams = {p: {r["organisationID"] for r in rows if r["projectID"] == p} for p in kept}
    pairs = {(a, b) for team in teams.values() for a in team for b in team if a != b}
    return {"projects": kept, "rows": rows, "orgs": {r["organisationID"] for r in rows}, "pairs": pairs,
            "teams": teams}


def changed(model: dict[str, list[dict]], **updates) -> dict[str, list[dict]]:
    """A copy of the model with the first project's row updated."""
    model = copy.deepcopy(model)
    model["projects"][0].update(updates)
    return model
