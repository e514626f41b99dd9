"""`bbkg import cordis`: CORDIS projects packages (written by cordis_fixture from the documented layout) into
one named graph per programme; what to expect is computed from the fixture's model."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

import cordis_fixture as fx
import kbo_fixture
from conftest import ROOT, run_cli

BBKG = "https://w3id.org/bbkg/ontology#"
ID = "https://w3id.org/bbkg/id/"
GRAPH = "https://w3id.org/bbkg/graph/"
HORIZON = fx.horizon_model()
H2020 = fx.h2020_model()
#: who each PIC is after import: curated organisations (matched by name and municipality), KBO numbers from
#: Belgian VAT numbers, and PICs
IRIS = {"999000001": ID + "enterprise/0400000001", "999000002": ID + "org/vib", "999000003": ID + "org/uliege",
        "999000010": ID + "enterprise/0425260211"}
CURATED = {"999000002", "999000003"}


def iri(pic: str) -> str:
    return IRIS.get(pic, ID + f"pic/{pic}")


def load(path: Path) -> ox.Store:
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.N_QUADS)
    return store


def values(store: ox.Store, s: str | None, p: str, graph: str | None = None) -> set:
    g = ox.NamedNode(graph) if graph else None
    subject = ox.NamedNode(s) if s else None
    return {q.object.value if s else (q.subject.value, q.object.value)
            for q in store.quads_for_pattern(subject, ox.NamedNode(p), None, g)}


def subjects(store: ox.Store, cls: str, graph: str) -> set[str]:
    return {q.subject.value for q in store.quads_for_pattern(
        None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(cls), ox.NamedNode(graph))}


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> Path:
    """The Horizon package as a zip and the H2020 one as a folder (another project.csv layout)."""
    folder = tmp_path_factory.mktemp("cordis")
    fx.write_package(folder, HORIZON)
    fx.write_package(folder, H2020, "cordis-h2020projects-csv", header=fx.H2020_HEADER, as_zip=False)
    return folder


@pytest.fixture(scope="module")
def both(packages) -> tuple[ox.Store, subprocess.CompletedProcess, str]:
    """Both packages imported in one call, as N-Quads."""
    result = run_cli("import", "cordis", "cordis-HORIZONprojects-csv.zip", "cordis-h2020projects-csv",
                     "--out", "both.nq", "--review", "review.csv", cwd=packages)
    assert result.returncode == 0, result.stderr
    return load(packages / "both.nq"), result, (packages / "both.nq").read_text(encoding="utf-8")


def projects(store: ox.Store, graph: str) -> set[str]:
    """Every project of a graph: a partnership, or a project of one organisation (an individual grant)."""
    return subjects(store, BBKG + "Partnership", graph) | subjects(store, BBKG + "SingleParticipantProject", graph)


def test_projects_participants_and_partner_pairs(both):
    store, result, _ = both
    for model, graph in ((HORIZON, GRAPH + "cordis/horizon"), (H2020, GRAPH + "cordis/h2020")):
        want = fx.expected(model)
        assert projects(store, graph) == {ID + f"partnership/cordis-{p}" for p in want["projects"]}
        # only a project that joins two or more organisations is a partnership
        assert subjects(store, BBKG + "Partnership", graph) == {
            ID + f"partnership/cordis-{p}" for p, team in want["teams"].items() if len(set(team)) >= 2}
        for pid, team in want["teams"].items():
            assert values(store, ID + f"partnership/cordis-{pid}", BBKG + "hasParticipant", graph) == {iri(p) for p in team}
        pairs = values(store, None, BBKG + "partnerOf", graph)
        assert pairs == {(iri(a), iri(b)) for a, b in want["pairs"]}
        joined = values(store, None, BBKG + "participatesIn", graph)
        assert joined == {(iri(p), ID + f"partnership/cordis-{pid}") for pid, team in want["teams"].items() for p in team}
        assert len(subjects(store, BBKG + "Participation", graph)) == len(want["rows"])
        assert values(store, ID + f"partnership/cordis-{want['projects'][0]}", BBKG + "partnershipKind", graph) == {
            "https://w3id.org/bbkg/concept/partnership-kind/eu-research-project"}
    want = fx.expected(HORIZON)
    assert f"{len(want['projects'])} projects, {len(want['rows'])} participations, {len(want['orgs'])} organisations" in result.stdout
    assert f"{len(want['pairs'])} partnerOf links, 2 natural persons left out" in result.stdout


def test_project_fields_dates_and_decimals(both):
    store, _, _ = both
    p = ID + "partnership/cordis-101000001"
    assert values(store, p, "http://www.w3.org/2004/02/skos/core#prefLabel") == {"GENEDIT"}
    assert values(store, p, "http://purl.org/dc/terms/title") == {"Genedit: a project of HORIZON"}
    assert values(store, p, BBKG + "frameworkProgramme") == {"HORIZON"}
    assert values(store, p, BBKG + "fundingScheme") == {"HORIZON-RIA"}
    assert values(store, p, BBKG + "startDate") == {"2022-01-01"}
    assert values(store, p, BBKG + "startDatePrecision") == {"https://w3id.org/bbkg/concept/date-precision/day"}
    start = next(store.quads_for_pattern(ox.NamedNode(p), ox.NamedNode(BBKG + "startDate"), None))
    assert start.object.datatype.value == "http://www.w3.org/2001/XMLSchema#date"
    assert not values(store, ID + "partnership/cordis-101000004", BBKG + "endDate")
    assert {Decimal(v) for v in values(store, p, BBKG + "totalCost")} == {Decimal("1500000.50")}  # comma decimal
    assert {Decimal(v) for v in values(store, p, BBKG + "ecMaxContribution")} == {Decimal("1200000")}
    taking = ID + "partnership/cordis-101000001/participation/999000006-third-party"
    assert values(store, taking, BBKG + "participationRole") == {"https://w3id.org/bbkg/concept/participation-role/third-party"}
    assert {Decimal(v) for v in values(store, taking, BBKG + "totalCost")} == {Decimal("1000.25")}
    coordinator = ID + "partnership/cordis-101000001/participation/999000001-coordinator"
    assert {Decimal(v) for v in values(store, coordinator, BBKG + "totalCost")} == {Decimal("960619.95")}
    assert {Decimal(v) for v in values(store, coordinator, BBKG + "ecContribution")} == {Decimal("100000.5")}
    assert values(store, coordinator, BBKG + "participant") == {iri("999000001")}
    assert values(store, ID + "partnership/cordis-101000003/participation/999000003-coordinator",
                  BBKG + "participationEnded") == {"true"}


def test_organisations_kinds_countries_places(both):
    from bbkg.build import ontology_quads, superclass_closure

    store, _, _ = both
    closure = superclass_closure(ontology_quads())
    kinds = {"HES": "University", "REC": "ResearchInstitute", "PRC": "Company", "PUB": "GovernmentAgency",
             "OTH": "Organisation"}
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    for pic, org in fx.ORGS.items():
        if pic in CURATED:  # the curated type wins: the import adds none
            assert not values(store, iri(pic), rdf_type) and values(store, iri(pic), BBKG + "picNumber") == {pic}
            continue
        cls = ox.NamedNode(BBKG + kinds[org["activityType"]])
        assert values(store, iri(pic), rdf_type) == {cls.value} | {c.value for c in closure.get(cls, ())}
        assert values(store, iri(pic), BBKG + "picNumber") == {pic}
    g = ID + "pic/999000005"
    assert values(store, g, BBKG + "inCountry") == {ID + "country/gr"}  # EL
    assert values(store, ID + "pic/999000006", BBKG + "inCountry") == {ID + "country/gb"}  # UK
    assert values(store, ID + "country/gr", "http://www.w3.org/2004/02/skos/core#prefLabel") >= {"Greece", "Griekenland"}
    genbio = iri("999000001")
    assert values(store, genbio, BBKG + "inCountry") == {ID + "country/belgium"}
    assert values(store, genbio, BBKG + "locatedIn") == {ID + "municipality/44021"}  # Zwijnaarde is in Ghent
    assert values(store, genbio, BBKG + "inRegion") == {ID + "region/flemish-region"}
    assert values(store, iri("999000010"), BBKG + "locatedIn") == {ID + "municipality/24062"}  # Heverlee: Leuven
    assert values(store, genbio, BBKG + "kboNumber") == {"0400.000.001"}
    assert values(store, genbio, BBKG + "vatNumber") == {"BE0400000001"}
    assert values(store, genbio, BBKG + "sme") == {"true"} and not values(store, g, BBKG + "sme")
    assert values(store, genbio, "https://schema.org/latitude") == {"51.0123"}
    assert values(store, genbio, "https://schema.org/longitude") == {"3.7123"}
    assert values(store, genbio, BBKG + "website") == {"http://www.genbio.example"}
    assert values(store, genbio, BBKG + "addressNutsCode") == {"BE234"}
    assert not values(store, iri("999000002"), BBKG + "locatedIn")  # a curated one keeps its own seat


def test_natural_persons_and_the_source_record(both):
    store, _, text = both
    assert "Jan Janssens" not in text and "999000009" not in text
    src = ID + "source/cordis-horizon"
    assert values(store, src, "http://purl.org/dc/terms/license") == {"https://creativecommons.org/licenses/by/4.0/"}
    assert values(store, src, "https://schema.org/url") == {"https://cordis.europa.eu/"}
    assert values(store, src, BBKG + "fileName") == {"cordis-HORIZONprojects-csv.zip"}
    latest = max(r["contentUpdateDate"][:10] for t in ("projects", "organizations") for r in HORIZON[t])
    assert values(store, src, BBKG + "snapshotDate") == {latest}
    assert values(store, ID + "source/cordis-h2020", BBKG + "snapshotDate") == {"2022-08-30"}


def test_one_node_across_programmes_and_the_review_file(both, packages):
    store, result, _ = both
    genbio = iri("999000001")
    graphs = {q.graph_name.value for q in store.quads_for_pattern(ox.NamedNode(genbio), None, None)}
    assert graphs == {GRAPH + "cordis/horizon", GRAPH + "cordis/h2020"}
    with open(packages / "review.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["identifier"], r["name"], r["municipality"], r["candidate"]) for r in rows] == [
        ("999000011", "IMEC", "44021", "imec")]
    assert not values(store, ID + "org/imec", BBKG + "picNumber")


def test_only_declared_terms(both):
    from rdflib import Graph
    from rdflib.namespace import OWL, RDF

    store, _, _ = both
    ontology = Graph().parse(ROOT / "ontology" / "bbkg.ttl")
    declared = {str(s) for k in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty) for s in ontology.subjects(RDF.type, k)}
    used = {q.predicate.value for q in store} | {q.object.value for q in store
                                                 if q.predicate.value.endswith("#type")}
    assert {t for t in used if t.startswith(BBKG)} - declared == set()
    concepts = {q.object.value for q in store if "/concept/" in q.object.value}
    assert concepts <= {str(s) for s in ontology.subjects()}


def test_country_keeps_foreign_partners(packages):
    result = run_cli("import", "cordis", "cordis-HORIZONprojects-csv.zip", "--country", "BE", "--out", "be.nq",
                     "-q", cwd=packages)
    assert result.returncode == 0, result.stderr
    store = load(packages / "be.nq")
    graph = GRAPH + "cordis/horizon"
    want = fx.expected(HORIZON, countries={"BE"})
    assert projects(store, graph) == {ID + f"partnership/cordis-{p}" for p in want["projects"]}
    assert "101000002" not in want["projects"] and "999000004" in want["orgs"]  # the model tests what it should
    assert values(store, None, BBKG + "partnerOf", graph) == {(iri(a), iri(b)) for a, b in want["pairs"]}
    assert values(store, iri("999000004"), BBKG + "inCountry") == {ID + "country/de"}
    assert "projects without a participant from BE left out" in result.stdout


def test_programme_filter(packages):
    result = run_cli("import", "cordis", "cordis-HORIZONprojects-csv.zip", "--programme", "horizon", "--out",
                     "horizon.nq", cwd=packages)
    assert result.returncode == 0, result.stderr
    want = fx.expected(HORIZON, programmes={"HORIZON"})
    store = load(packages / "horizon.nq")
    assert projects(store, GRAPH + "cordis/horizon") == {
        ID + f"partnership/cordis-{p}" for p in want["projects"]}
    assert "1 projects of other programmes left out" in result.stdout
    wrong = run_cli("import", "cordis", "cordis-HORIZONprojects-csv.zip", "--programme", "FP7", "--out", "fp7.nq",
                    cwd=packages)
    assert wrong.returncode == 2 and "no project is of --programme FP7" in wrong.stderr
    assert "HORIZON: 5" in wrong.stderr and not (packages / "fp7.nq").exists()


def test_usage_errors(packages):
    same = run_cli("import", "cordis", "cordis-HORIZONprojects-csv.zip", "cordis-HORIZONprojects-csv.zip", "--out",
                   "x.nq", cwd=packages)
    assert same.returncode == 2 and "both horizon packages" in same.stderr
    assert run_cli("import", "cordis", "cordis-HORIZONprojects-csv.zip", "--country", "ZZ", "--out", "x.nq",
                   cwd=packages).returncode == 2
    assert run_cli("import", "cordis", "cordis-HORIZONprojects-csv.zip", cwd=packages).returncode == 2
    assert not (packages / "x.nq").exists()


def bad(model, index: int, **cells) -> dict:
    import copy

    model = copy.deepcopy(model)
    model["organizations"][index].update(cells)
    return model


ORG_WHERE = "cordis-HORIZONprojects-csv.zip/organization.csv"
BAD_ROWS = {
    "bad number": (dict(totalCost="12,5,0"), "totalCost '12,5,0' is not a number"),
    "unknown country": (dict(country="XX"), "country 'XX' is not an EU or ISO 3166-1 country code"),
    "unknown Belgian municipality": (dict(postCode="9999", city="NOWHERE"),
                                     "unknown Belgian municipality: postcode '9999', city 'NOWHERE'"),
    "bad PIC": (dict(organisationID="12345"), "organisationID '12345' is not a 9-digit PIC"),
    "unknown role": (dict(role="boss 2"), "role 'boss 2' is not coordinator, participant, partner, thirdParty or another one-word role"),
    "bad geolocation": (dict(geolocation="north"), "geolocation 'north' is not \"latitude,longitude\" in degrees"),
    "unknown project": (dict(projectID="1"), "projectID '1' is not in project.csv"),
}


@pytest.mark.parametrize("kind", sorted(BAD_ROWS))
def test_a_bad_organisation_row_stops_the_import(tmp_path, kind):
    cells, message = BAD_ROWS[kind]
    model = bad(HORIZON, 1, **cells)
    fx.write_package(tmp_path, model)
    result = run_cli("import", "cordis", "cordis-HORIZONprojects-csv.zip", "--out", "out.nq", cwd=tmp_path)
    assert result.returncode == 2
    assert f"{ORG_WHERE}:{fx.org_line(model, 1)}: {message}" in result.stderr
    assert "nothing was written" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out.nq").exists()


def test_bad_project_rows_and_wrong_width(tmp_path):
    model = fx.changed(HORIZON)
    model["projects"][1]["startDate"] = "2022-02-30"
    model["projects"][2]["ecMaxContribution"] = "lots"
    fx.write_package(tmp_path, model, extra_org_lines=('"101000001";"GENEDIT";"999000004"',))
    result = run_cli("import", "cordis", "cordis-HORIZONprojects-csv.zip", "--out", "out.nq", cwd=tmp_path)
    assert result.returncode == 2
    where = "cordis-HORIZONprojects-csv.zip/project.csv"
    assert f"{where}:{fx.project_line(model, 1)}: startDate '2022-02-30' names no real day" in result.stderr
    assert f"{where}:{fx.project_line(model, 2)}: ecMaxContribution 'lots' is not a number" in result.stderr
    width = len(model["organizations"]) + 2
    assert f"{ORG_WHERE}:{width}: 3 cells where the header has 25" in result.stderr
    assert not (tmp_path / "out.nq").exists()


def test_skip_bad_rows(tmp_path):
    model = bad(HORIZON, 1, postCode="9999", city="NOWHERE")
    fx.write_package(tmp_path, model)
    result = run_cli("import", "cordis", "cordis-HORIZONprojects-csv.zip", "--out", "out.nq", "--skip-bad-rows",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"skipped: {ORG_WHERE}:{fx.org_line(model, 1)}: unknown Belgian municipality" in result.stderr
    assert "1 bad rows skipped" in result.stdout
    store = load(tmp_path / "out.nq")
    team = values(store, ID + "partnership/cordis-101000001", BBKG + "hasParticipant")
    assert team == {iri(p) for p in fx.expected(HORIZON)["teams"]["101000001"]} - {iri("999000002")}


@pytest.mark.parametrize("case", ["corrupt zip", "missing table", "changed header", "missing project column"])
def test_unusable_downloads(tmp_path, case):
    if case == "corrupt zip":
        (tmp_path / "cordis-HORIZONprojects-csv.zip").write_bytes(b"PK\x03\x04 not really a zip")
        want = "cordis-HORIZONprojects-csv.zip: not a readable zip file"
    elif case == "missing table":
        fx.write_package(tmp_path, HORIZON, tables=("project.csv",))
        want = "cordis-HORIZONprojects-csv.zip: no organization.csv in this download"
    elif case == "changed header":
        header = tuple("participantRole" if h == "role" else h for h in fx.ORGANIZATION_HEADER)
        fx.write_package(tmp_path, HORIZON, org_header=header)
        want = f"{ORG_WHERE}:1: the header is"
    else:
        header = tuple(h for h in fx.HORIZON_HEADER if h != "fundingScheme")
        fx.write_package(tmp_path, HORIZON, header=header)
        want = "cordis-HORIZONprojects-csv.zip/project.csv:1: the header lacks fundingScheme"
    result = run_cli("import", "cordis", "cordis-HORIZONprojects-csv.zip", "--out", "out.nq", cwd=tmp_path)
    assert result.returncode == 2 and want in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out.nq").exists()


def sparql(store_dir: Path, text: str, cwd: Path) -> list[dict]:
    result = run_cli("query", "--store", store_dir, "--sparql", text, "-f", "json", cwd=cwd)
    assert result.returncode == 0, result.stderr
    return [{k: v["value"] for k, v in row.items()} for row in json.loads(result.stdout)["results"]["bindings"]]


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <%s> { ?s ?p ?o } }"


def test_kbo_and_cordis_make_one_node_and_the_store_is_replaced_whole(tmp_path):
    extract = kbo_fixture.write_extract(tmp_path, kbo_fixture.base_model(), 147, "11-10-2025")
    assert run_cli("import", "kbo", extract, "--store", "S", "-q", cwd=tmp_path).returncode == 0
    fx.write_package(tmp_path, HORIZON)
    result = run_cli("import", "cordis", "cordis-HORIZONprojects-csv.zip", "--store", "S", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    genbio = iri("999000001")
    rows = sparql(tmp_path / "S", f"SELECT ?g ?p ?v WHERE {{ GRAPH ?g {{ <{genbio}> ?p ?v "
                  f"FILTER(?p IN (<{BBKG}kboNumber>, <{BBKG}picNumber>)) }} }}", tmp_path)
    assert {(r["g"], r["p"], r["v"]) for r in rows} == {
        (GRAPH + "kbo/147", BBKG + "kboNumber", "0400.000.001"), (GRAPH + "cordis/horizon", BBKG + "kboNumber", "0400.000.001"),
        (GRAPH + "cordis/horizon", BBKG + "picNumber", "999000001")}
    kbo_quads = sparql(tmp_path / "S", COUNT % (GRAPH + "kbo/147"), tmp_path)[0]["n"]
    # the same graph again, without one project: replaced, the KBO graph untouched
    smaller = {"projects": HORIZON["projects"][:2] + HORIZON["projects"][3:],
               "organizations": [r for r in HORIZON["organizations"] if r["projectID"] != "101000003"]}
    (tmp_path / "v2").mkdir()
    fx.write_package(tmp_path / "v2", smaller)
    assert run_cli("import", "cordis", "v2/cordis-HORIZONprojects-csv.zip", "--store", "S", "-q",
                   cwd=tmp_path).returncode == 0
    found = sparql(tmp_path / "S", f"SELECT ?p WHERE {{ GRAPH <{GRAPH}cordis/horizon> {{ ?p <{BBKG}partnershipKind> ?k }} }}",
                   tmp_path)
    assert {r["p"] for r in found} == {ID + f"partnership/cordis-{p}" for p in fx.expected(smaller)["projects"]}
    assert sparql(tmp_path / "S", COUNT % (GRAPH + "kbo/147"), tmp_path)[0]["n"] == kbo_quads
    before = sparql(tmp_path / "S", COUNT % (GRAPH + "cordis/horizon"), tmp_path)[0]["n"]
    # a bad package: exit 2, the store as it was
    (tmp_path / "v3").mkdir()
    fx.write_package(tmp_path / "v3", bad(HORIZON, 0, country="XX"))
    failed = run_cli("import", "cordis", "v3/cordis-HORIZONprojects-csv.zip", "--store", "S", cwd=tmp_path)
    assert failed.returncode == 2 and "country 'XX'" in failed.stderr
    assert sparql(tmp_path / "S", COUNT % (GRAPH + "cordis/horizon"), tmp_path)[0]["n"] == before


def test_queries_and_metrics_see_the_projects(tmp_path):
    fx.write_package(tmp_path, HORIZON)
    fx.write_package(tmp_path, H2020, "cordis-h2020projects-csv", header=fx.H2020_HEADER, as_zip=False)
    assert run_cli("import", "cordis", "cordis-HORIZONprojects-csv.zip", "cordis-h2020projects-csv", "--store", "S",
                   "-q", cwd=tmp_path).returncode == 0
    partners: dict[str, set[str]] = {}
    for model in (HORIZON, H2020):
        for a, b in fx.expected(model)["pairs"]:
            partners.setdefault(iri(a), set()).add(iri(b))
    result = run_cli("query", "most-connected", "--store", "S", "-f", "csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert {r["org"]: int(r["partners"]) for r in rows} == {org: len(p) for org, p in partners.items()}
    metrics = run_cli("metrics", "--store", "S", "-f", "json", cwd=tmp_path)
    assert metrics.returncode == 0, metrics.stderr
    # the network draws organisations of a known kind: here the imported ones that are not curated or OTH
    drawn = {iri(p) for p, o in fx.ORGS.items() if p not in CURATED and o["activityType"] != "OTH"}
    linked = {a for a, team in partners.items() if a in drawn and team & drawn}
    assert json.loads(metrics.stdout)["summary"]["organisations"] == len(linked)


def test_pic_matches_and_rejections_from_matches_csv(tmp_path):
    root = tmp_path / "root"
    (root / "graph").mkdir(parents=True)
    for name in ("ontology", "queries"):
        (root / name).symlink_to(ROOT / name)
    for file in (ROOT / "graph").iterdir():
        if file.name != "matches.csv":  # a file of its own, never written through a link into the checkout
            (root / "graph" / file.name).symlink_to(file)
    (root / "graph" / "matches.csv").write_text(
        "organisation,scheme,identifier,decision,source,evidence\n"
        "imec,pic,999000010,confirmed,evertiq-imec,PIC 999000010 INTERUNIVERSITAIR MICRO-ELECTRONICA CENTRUM\n"
        "vib,pic,999000002,rejected,seed-overview,\n", encoding="utf-8")
    fx.write_package(tmp_path, HORIZON)
    result = run_cli("import", "cordis", "cordis-HORIZONprojects-csv.zip", "--out", "out.nq", "-q", cwd=tmp_path,
                     env={"BBKG_ROOT": str(root)})
    assert result.returncode == 0, result.stderr
    store = load(tmp_path / "out.nq")
    assert values(store, ID + "org/imec", BBKG + "picNumber") == {"999000010"}
    assert not values(store, ID + "org/vib", BBKG + "picNumber")  # the rejected name match is not merged
    assert values(store, ID + "enterprise/0400999999", BBKG + "picNumber") == {"999000002"}


def test_the_generator_writes_what_the_import_reads(tmp_path):
    made = subprocess.run([sys.executable, str(ROOT / "scripts" / "synth_cordis.py"), str(tmp_path), "--projects", "40",
                           "--participations", "160", "--folder"], capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    counts = json.loads(made.stdout)
    result = run_cli("import", "cordis", counts["path"], "--out", "synth.nq", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    store = load(tmp_path / "synth.nq")
    assert len(projects(store, GRAPH + "cordis/h2020")) == 40
    assert len(subjects(store, BBKG + "Participation", GRAPH + "cordis/h2020")) == (
        counts["participation_rows"] - counts["natural_persons"])


def test_a_role_beyond_the_documented_four_is_kept_as_its_own_concept(tmp_path):
    """A one-word role the layout does not list (a programme may add one) is a participation with that role,
    stated as a concept of the role scheme, not a refused row."""
    model = bad(HORIZON, 1, role="associatedPartner")
    fx.write_package(tmp_path, model)
    result = run_cli("import", "cordis", "cordis-HORIZONprojects-csv.zip", "--out", "out.nq", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    store = load(tmp_path / "out.nq")
    concept = "https://w3id.org/bbkg/concept/participation-role/associated-partner"
    assert {o for _, o in values(store, None, BBKG + "participationRole")} >= {concept}
    assert values(store, concept, "http://www.w3.org/2004/02/skos/core#inScheme") == {
        "https://w3id.org/bbkg/concept/participation-role"}
    team = values(store, ID + "partnership/cordis-101000001", BBKG + "hasParticipant")
    assert team == {iri(p) for p in fx.expected(HORIZON)["teams"]["101000001"]}


def test_the_generator_writes_each_programme_over_the_same_organisations(tmp_path):
    """synth_cordis.py --programme: one package per programme (its own file, frameworkProgramme and project
    numbers), drawn from the same organisations, so that all of CORDIS can go into one store."""
    paths, rows = [], {}
    for programme in ("H2020", "HORIZON", "FP7"):
        made = subprocess.run([sys.executable, str(ROOT / "scripts" / "synth_cordis.py"), str(tmp_path), "--projects",
                               "30", "--participations", "120", "--programme", programme], capture_output=True,
                              text=True, check=True)
        counts = json.loads(made.stdout)
        paths.append(counts["path"])
        rows[programme] = counts["participation_rows"] - counts["natural_persons"]
    assert [Path(p).name for p in paths] == ["cordis-h2020projects-csv.zip", "cordis-HORIZONprojects-csv.zip",
                                             "cordis-fp7projects-csv.zip"]
    result = run_cli("import", "cordis", *paths, "--out", "all.nq", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    store = load(tmp_path / "all.nq")
    pics = {}
    for programme in rows:
        graph = GRAPH + "cordis/" + programme.lower()
        assert len(projects(store, graph)) == 30
        assert len(subjects(store, BBKG + "Participation", graph)) == rows[programme]
        pics[programme] = {pic for _, pic in values(store, None, BBKG + "picNumber", graph)}
    assert pics["H2020"] & pics["HORIZON"] & pics["FP7"]  # the popular organisations take part in all three
