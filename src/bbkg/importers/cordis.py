"""CORDIS projects packages (``cordis-h2020projects-csv.zip``, ``cordis-HORIZONprojects-csv.zip``,
``cordis-fp7projects-csv.zip``, or a folder holding their ``project.csv`` and ``organization.csv``) read
and checked: the projects, then the participants in two passes over ``organization.csv``.

project.csv is read by header name (its columns differ between programmes); organization.csv must have
the 25 documented columns. Cells are checked as they are read: dates ``YYYY-MM-DD``, numbers with a dot
or a comma decimal, EU country codes (``EL``, ``UK``) turned into ISO ones, Belgian addresses placed in
their municipality. A bad row is counted and left out (see :class:`~bbkg.importers.download.BadRows`).

Natural persons: CORDIS publishes no data dictionary wording that flags them, so bbkg counts as a natural
person every participant row without a PIC (empty ``organisationID``) or without a legal name (empty
``name``), and leaves it out of everything, its name included.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import NamedTuple

from bbkg.errors import InputError, UsageError
from bbkg.importers.download import BadRows, Download, Progress, read_rows
from bbkg.importers.places import Municipalities

WHAT = "a CORDIS projects package (cordis-h2020projects-csv.zip, or a folder with project.csv and organization.csv)"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
URL = "https://cordis.europa.eu/"
ORGANIZATION_HEADER = (
    "projectID", "projectAcronym", "organisationID", "vatNumber", "name", "shortName", "SME", "activityType",
    "street", "postCode", "city", "country", "nutsCode", "geolocation", "organizationURL", "contactForm",
    "contentUpdateDate", "rcn", "order", "role", "ecContribution", "netEcContribution", "totalCost",
    "endOfParticipation", "active")
#: the project.csv columns the import uses (the others may come and go between programmes)
PROJECT_COLUMNS = ("id", "acronym", "title", "startDate", "endDate", "totalCost", "ecMaxContribution",
                   "frameworkProgramme", "fundingScheme")
#: activityType -> bbkg class (local name)
KINDS = {"HES": "University", "REC": "ResearchInstitute", "PRC": "Company", "PUB": "GovernmentAgency",
         "OTH": "Organisation", "": "Organisation"}
#: role (lower case) -> its concept's local name
ROLES = {"coordinator": "coordinator", "participant": "participant", "partner": "partner",
         "thirdparty": "third-party"}


def role_key(value: str) -> str:
    """The concept name of a participant's role: the four documented ones (coordinator, participant,
    partner, thirdParty), or another one-word role a programme uses (associatedPartner becomes
    associated-partner) rather than a refused row; ValueError for anything else."""
    role = value.strip()
    if role.lower() in ROLES:
        return ROLES[role.lower()]
    if re.fullmatch(r"[A-Za-z]+", role):
        return re.sub(r"(?<=[a-z])(?=[A-Z])", "-", role).lower()
    raise ValueError(f"role {value!r} is not coordinator, participant, partner, thirdParty or another one-word role")


#: EU country codes that are not ISO 3166-1 ones
EU_CODES = {"EL": "GR", "UK": "GB"}
#: codes the EU uses that ISO 3166-1 has not assigned (Kosovo)
EXTRA_CODES = frozenset({"XK"})
DECIMAL = re.compile(r"-?\d+(?:[.,]\d+)?(?:[eE][-+]?\d+)?")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
POINT = re.compile(r"\s*(-?\d{1,3}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*")


class Project(NamedTuple):
    """One checked project.csv row."""

    id: str
    acronym: str
    title: str
    status: str
    start: str | None
    end: str | None
    cost: str | None
    ec_max: str | None
    programme: str
    scheme: str


class Organisation(NamedTuple):
    """What one organization.csv row says of its organisation."""

    pic: str
    name: str
    short: str
    vat: str
    kbo: str | None  # dotted KBO number, from a Belgian VAT number
    kind: str
    country: str | None  # ISO 3166-1 alpha-2
    nis: str | None  # Belgian municipality
    nuts: str
    point: tuple[str, str] | None
    url: str
    sme: bool | None
    updated: str


class Participation(NamedTuple):
    """What one organization.csv row says of the participation."""

    project: str
    pic: str
    role: str
    ec: str | None
    net: str | None
    cost: str | None
    ended: bool


def decimal(value: str, column: str) -> str | None:
    """A number with a dot or comma decimal as an xsd:decimal lexical form; None for an empty cell."""
    text = value.strip()
    if not text:
        return None
    if not DECIMAL.fullmatch(text):
        raise ValueError(f"{column} {value!r} is not a number")
    try:
        return format(Decimal(text.replace(",", ".")), "f")
    except InvalidOperation:
        raise ValueError(f"{column} {value!r} is not a number") from None


def cordis_date(value: str, column: str) -> str | None:
    """A ``YYYY-MM-DD`` date (checked to be a real day); None for an empty cell."""
    text = value.strip()
    if not text:
        return None
    try:
        if DAY.fullmatch(text):
            return date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError(f"{column} {value!r} names no real day") from None
    raise ValueError(f"{column} {value!r} is not a YYYY-MM-DD date")


def iso_codes() -> frozenset[str]:
    """The ISO 3166-1 alpha-2 codes (pycountry), and the codes of :data:`EXTRA_CODES`."""
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries) | EXTRA_CODES


def country_code(value: str, known: frozenset[str]) -> str | None:
    """An EU country code as an ISO one (``EL`` -> ``GR``, ``UK`` -> ``GB``); None for an empty cell."""
    code = value.strip().upper()
    if not code:
        return None
    iso = EU_CODES.get(code, code)
    if iso not in known:
        raise ValueError(f"country {value!r} is not an EU or ISO 3166-1 country code")
    return iso


def kbo_number(vat: str) -> str | None:
    """The dotted KBO number a Belgian VAT number gives (``BE0123456789`` -> ``0123.456.789``), or None."""
    text = re.sub(r"[\s.\-]", "", vat).upper()
    digits = text[2:] if text.startswith("BE") else text
    if re.fullmatch(r"\d{9}", digits):
        digits = "0" + digits
    if not re.fullmatch(r"[01]\d{9}", digits):
        return None
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def geolocation(value: str) -> tuple[str, str] | None:
    """``"lat,lon"`` as two decimals, each in range; None for an empty cell."""
    if not value.strip():
        return None
    match = POINT.fullmatch(value)
    if not match or abs(float(match.group(1))) > 90 or abs(float(match.group(2))) > 180:
        raise ValueError(f"geolocation {value!r} is not \"latitude,longitude\" in degrees")
    return match.group(1), match.group(2)


def boolean(value: str, column: str) -> bool | None:
    """``true``/``false`` (any case); None for an empty cell."""
    text = value.strip().lower()
    if text in ("true", "false"):
        return text == "true"
    if not text:
        return None
    raise ValueError(f"{column} {value!r} is not true, false or empty")


def belgian_place(places: Municipalities, postcode: str, city: str) -> str | None:
    """The NIS code of a Belgian address's municipality; None when it cannot be told; ValueError when
    neither its postcode nor its city is Belgian."""
    if not postcode.strip() and not city.strip():
        return None  # no address given: nothing to place, nothing wrong
    code = re.sub(r"^(?:BE?)[-\s]?", "", postcode.strip().upper())
    nis = places.place(code, city)
    if nis is None and not places.known(code, city):
        raise ValueError(f"unknown Belgian municipality: postcode {postcode!r}, city {city!r}")
    return nis


@dataclass
class Package:
    """One CORDIS package: its checked projects (of the programmes asked for) and what is known of it."""

    download: Download
    bad: BadRows
    progress: Progress | None = None
    #: project id -> project, the kept ones (valid, of the programmes asked for)
    projects: dict[str, Project] = field(default_factory=dict)
    #: every project id of project.csv (bad rows and other programmes included)
    seen: set[str] = field(default_factory=set)
    programmes: Counter = field(default_factory=Counter)
    #: projects of other programmes than those asked for
    other: int = 0
    updated: str = ""
    known_countries: frozenset[str] = field(default_factory=frozenset)

    @property
    def programme(self) -> str:
        """The package's programme as a graph name: its most common frameworkProgramme, else its file name's."""
        if self.programmes:
            value = self.programmes.most_common(1)[0][0]
        else:
            match = re.match(r"cordis-(\w+?)projects", self.download.path.name, re.IGNORECASE)
            if not match:
                raise InputError(f"cannot tell the programme: project.csv has no projects and the name is not "
                                 f"cordis-<programme>projects-csv.zip; is this {WHAT}?", path=self.download.shown)
            value = match.group(1)
        return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")

    def note_update(self, value: str) -> None:
        """Keep the latest contentUpdateDate (the package's snapshot date)."""
        day = value.strip()[:10]
        if DAY.fullmatch(day) and day > self.updated:
            self.updated = day

    def org_rows(self, bad: BadRows | None) -> Iterator[tuple[int, dict[str, str]]]:
        """The rows of organization.csv (wrong-width rows counted in ``bad`` when given)."""
        return read_rows(self.download, "organization.csv", ORGANIZATION_HEADER, what=WHAT, delimiter=";",
                         bad=bad, progress=self.progress)


def parse_programmes(spec: str | None) -> frozenset[str] | None:
    """``--programme H2020,HORIZON``: frameworkProgramme values, compared without case; None for all."""
    if spec is None:
        return None
    values = frozenset(v.strip().upper() for v in spec.split(",") if v.strip())
    if not values:
        raise UsageError("--programme: give frameworkProgramme values such as H2020, HORIZON or FP7",
                         parameter="programme", value=spec)
    return values


def open_package(path: Path | str, programmes: frozenset[str] | None, progress: Progress | None = None) -> Package:
    """Open a package and read its project.csv: the projects of ``programmes`` (all when None), checked."""
    download = Download(path)
    package = Package(download, BadRows(), progress, known_countries=iso_codes())
    if not download.has("organization.csv"):
        raise InputError(f"no organization.csv in this download; is it {WHAT}?", path=download.shown)
    where = download.where("project.csv")
    for line, row in read_rows(download, "project.csv", None, what=WHAT, delimiter=";", required=PROJECT_COLUMNS,
                               bad=package.bad, progress=progress):
        pid = row["id"].strip()
        if not pid.isdigit():
            package.bad.add(where, line, f"project id {row['id']!r} is not a number")
            continue
        package.seen.add(pid)
        package.programmes[row["frameworkProgramme"].strip()] += 1
        package.note_update(row.get("contentUpdateDate", ""))
        if programmes is not None and row["frameworkProgramme"].strip().upper() not in programmes:
            package.other += 1
            continue
        try:
            package.projects[pid] = project_of(row, pid)
        except ValueError as exc:
            package.bad.add(where, line, str(exc))
    return package


def project_of(row: dict[str, str], pid: str) -> Project:
    """A checked project row."""
    return Project(pid, row["acronym"].strip(), " ".join(row["title"].split()), row.get("status", "").strip(),
                   cordis_date(row["startDate"], "startDate"), cordis_date(row["endDate"], "endDate"),
                   decimal(row["totalCost"], "totalCost"), decimal(row["ecMaxContribution"], "ecMaxContribution"),
                   row["frameworkProgramme"].strip(), row["fundingScheme"].strip())


def participant_of(package: Package, places: Municipalities,
                   row: dict[str, str]) -> tuple[Organisation | None, Participation | None]:
    """A checked organization.csv row: (None, None) for a natural person; ValueError for a bad cell."""
    pic, name = row["organisationID"].strip(), " ".join(row["name"].split())
    if not pic or not name:
        return None, None
    if not re.fullmatch(r"\d{9}", pic):
        raise ValueError(f"organisationID {row['organisationID']!r} is not a 9-digit PIC")
    project = row["projectID"].strip()
    if project not in package.seen:
        raise ValueError(f"projectID {row['projectID']!r} is not in project.csv")
    role_key(row["role"])
    kind = KINDS.get(row["activityType"].strip().upper())
    if kind is None:
        raise ValueError(f"activityType {row['activityType']!r} is not HES, REC, PRC, PUB, OTH or empty")
    country = country_code(row["country"], package.known_countries)
    nis = belgian_place(places, row["postCode"], row["city"]) if country == "BE" else None
    vat = row["vatNumber"].strip()
    org = Organisation(pic, name, " ".join(row["shortName"].split()), vat,
                       kbo_number(vat) if country == "BE" else None, kind, country, nis, row["nutsCode"].strip(),
                       geolocation(row["geolocation"]), row["organizationURL"].strip(), boolean(row["SME"], "SME"),
                       row["contentUpdateDate"].strip())
    return org, taking_of(row)


def taking_of(row: dict[str, str]) -> Participation | None:
    """The participation of an organization.csv row (None for a natural person); ValueError for a bad cell.
    Alone, it checks only its own cells: the second pass uses it on rows the first checked."""
    pic = row["organisationID"].strip()
    if not pic or not row["name"].strip():
        return None
    return Participation(row["projectID"].strip(), pic, role_key(row["role"]),
                         decimal(row["ecContribution"], "ecContribution"),
                         decimal(row["netEcContribution"], "netEcContribution"), decimal(row["totalCost"], "totalCost"),
                         bool(boolean(row["endOfParticipation"], "endOfParticipation")))


__all__ = ["Package", "Project", "Organisation", "Participation", "open_package", "parse_programmes"]
