"""Importing CORDIS packages: one named graph per package, ``graph/cordis/<programme>``.

A package is read in three passes: project.csv (the projects of the programmes asked for, kept in memory
without their long texts), organization.csv once to check its rows and gather the organisations and each
project's consortium, and organization.csv again to state the participations as they stream by. With
``countries`` only the projects with a participant from one of them are kept, with all their participants.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import BinaryIO

import pyoxigraph as ox

from bbkg.errors import UsageError
from bbkg.importers import cordis_rdf
from bbkg.importers.cordis import LICENCE, URL, Organisation, Package, country_code, iso_codes, participant_of, taking_of
from bbkg.importers.output import Candidate, GraphWriter, Identify, ImportReport, import_graph, no_match, node, source_record
from bbkg.importers.places import Municipalities
from bbkg.namespaces import ID


def parse_countries(spec: str | None) -> frozenset[str] | None:
    """``--country BE`` (or ``BE,NL``): ISO codes; EU codes (EL, UK) are accepted and turned into ISO ones."""
    if spec is None:
        return None
    known = iso_codes()
    try:
        codes = frozenset(c for c in (country_code(v, known) for v in spec.split(",")) if c)
    except ValueError as exc:
        raise UsageError(f"--country: {exc}", parameter="country", value=spec) from None
    if not codes:
        raise UsageError("--country: give a country code such as BE", parameter="country", value=spec)
    return codes


def graph_of(package: Package) -> ox.NamedNode:
    """The named graph of a package: ``graph/cordis/<programme>``."""
    return import_graph(f"cordis/{package.programme}")


@dataclass
class Consortia:
    """What the first pass over organization.csv gathered."""

    #: PIC -> the organisation as its latest row describes it
    orgs: dict[str, Organisation] = field(default_factory=dict)
    #: project id -> its participants' PICs, in order, each once
    members: dict[str, list[str]] = field(default_factory=dict)
    #: projects with a participant from one of the countries asked for
    in_country: set[str] = field(default_factory=set)
    bad_lines: set[int] = field(default_factory=set)
    persons: int = 0


def read_consortia(package: Package, places: Municipalities, countries: frozenset[str] | None) -> Consortia:
    """Pass 1 over organization.csv: check every row; gather organisations and consortia of kept projects."""
    where = package.download.where("organization.csv")
    found = Consortia()
    for line, row in package.org_rows(package.bad):
        try:
            org, taking = participant_of(package, places, row)
        except ValueError as exc:
            package.bad.add(where, line, str(exc))
            found.bad_lines.add(line)
            continue
        package.note_update(row["contentUpdateDate"])
        if org is None or taking is None:
            found.persons += 1
            continue
        if taking.project not in package.projects:
            continue  # a project of another programme, or a bad project row (counted there)
        known = found.orgs.get(org.pic)
        if known is None or org.updated > known.updated:
            found.orgs[org.pic] = org
        team = found.members.setdefault(taking.project, [])
        if org.pic not in team:
            team.append(org.pic)
        if countries is not None and org.country in countries:
            found.in_country.add(taking.project)
    return found


def identify_all(w: cordis_rdf.Writer, found: Consortia, kept: list[str], identify: Identify,
                 known: dict[str, tuple[ox.NamedNode, bool]]) -> None:
    """Give every participant of the kept projects its IRI (``known`` carries them from package to package)."""
    for pid in kept:
        for pic in found.members.get(pid, ()):
            if pic in w.iris:
                continue
            if pic not in known:
                org = found.orgs[pic]
                names = [n for n in (org.name, org.short) if n]
                kbo = org.kbo.replace(".", "") if org.kbo else None
                match = identify(Candidate("cordis", pic, names, org.nis, kbo=kbo, pic=pic))
                known[pic] = (match or cordis_rdf.own_iri(org), match is not None)
            w.iris[pic], curated = known[pic]
            if curated:
                w.curated.add(pic)


def write_participations(w: cordis_rdf.Writer, package: Package, found: Consortia, kept: set[str]) -> int:
    """Pass 2 over organization.csv: state the participations in the kept projects; return how many."""
    count = 0
    for line, row in package.org_rows(None):
        if line in found.bad_lines or row["projectID"].strip() not in kept:
            continue
        taking = taking_of(row)
        if taking is not None:
            cordis_rdf.participation(w, taking)
            count += 1
    return count


def import_package(package: Package, handle: BinaryIO, ctx_for, places: Municipalities,
                   identify: Identify = no_match, countries: frozenset[str] | None = None,
                   skip_bad_rows: bool = False, known: dict | None = None) -> ImportReport:
    """Import one package as N-Quads into ``handle``; raise on bad rows unless ``skip_bad_rows``.

    ``ctx_for(out)`` gives the row context (superclasses, regions, Belgium) for a graph writer."""
    graph = graph_of(package)
    report = ImportReport(graph.value, bad=package.bad)
    found = read_consortia(package, places, countries)
    package.bad.check(skip_bad_rows)
    out = GraphWriter(handle, graph)
    key = f"cordis-{package.programme}"
    w = cordis_rdf.Writer(ctx_for(out), node(ID[f"source/{key}"]))
    kept = [pid for pid in package.projects if countries is None or pid in found.in_country]
    identify_all(w, found, kept, identify, {} if known is None else known)
    teams = []
    for pid in kept:
        team = list(dict.fromkeys(w.iris[pic] for pic in found.members.get(pid, ())))
        cordis_rdf.project(w, package.projects[pid], team)
        teams.append(team)
    urls = sum(cordis_rdf.organisation(w, found.orgs[pic]) for pic in w.iris)
    taken = write_participations(w, package, found, set(kept))
    links = cordis_rdf.partner_links(w, teams)
    cordis_rdf.partner_pairs(w, kept, teams, key)
    cordis_rdf.country_nodes(w)
    cordis_rdf.role_nodes(w)
    fields = {"fileName": package.download.path.name, "snapshotDate": package.updated}
    source_record(out, key, f"CORDIS {package.programme.upper()} projects ({package.download.path.name})", fields,
                  LICENCE, URL)
    out.flush()
    report.quads = out.count
    _count(report, package, kept, w, taken, links, found, countries)
    if urls:
        report.notes.append(f"{urls} web addresses (organizationURL) were no IRI and were left out")
    return report


def _count(report: ImportReport, package: Package, kept: list[str], w: cordis_rdf.Writer, taken: int, links: int,
           found: Consortia, countries: frozenset[str] | None) -> None:
    report.counts["projects"] += len(kept)
    report.counts["participations"] += taken
    report.counts["organisations"] += len(w.iris)
    report.counts["matched to curated organisations"] += len(w.curated)
    report.counts["partnerOf links"] += links
    report.counts["natural persons left out"] += found.persons
    if package.other:
        report.counts["projects of other programmes left out"] += package.other
    if countries is not None:
        report.counts[f"projects without a participant from {','.join(sorted(countries))} left out"] += (
            len(package.projects) - len(kept))


def open_packages(paths, programmes: frozenset[str] | None, progress=None) -> list[Package]:
    """Open the packages and read their project.csv; two packages of one programme are a usage error."""
    from bbkg.importers.cordis import open_package

    packages: list[Package] = []
    by_graph: dict[str, Package] = {}
    try:
        for path in paths:
            package = open_package(path, programmes, progress)
            packages.append(package)
            if programmes is not None and not package.projects:
                held = ", ".join(f"{k or '(empty)'}: {n:,}" for k, n in package.programmes.most_common())
                raise UsageError(f"{package.download.shown}: no project is of --programme {','.join(sorted(programmes))}"
                                 f" (this package holds {held or 'no projects'})", parameter="programme")
            graph = graph_of(package).value
            if graph in by_graph:
                raise UsageError(f"{by_graph[graph].download.shown} and {package.download.shown} are both "
                                 f"{package.programme} packages: import one of them (one graph per programme)")
            by_graph[graph] = package
    except BaseException:
        for package in packages:
            package.download.close()
        raise
    return packages


def import_cordis(packages: list[Package], handle: BinaryIO, identify: Identify = no_match,
                  countries: frozenset[str] | None = None, skip_bad_rows: bool = False) -> list[ImportReport]:
    """Import the packages, one named graph each, as N-Quads into ``handle``."""
    from dataclasses import replace

    from bbkg.importers import kbo_context

    base, places = kbo_context(None)  # type: ignore[arg-type]
    known: dict[str, tuple[ox.NamedNode, bool]] = {}
    return [import_package(package, handle, lambda out: replace(base, out=out, iris={}, curated=set()), places,
                           identify, countries, skip_bad_rows, known) for package in packages]
