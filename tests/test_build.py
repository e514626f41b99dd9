"""Building the graph: golden fixture, determinism, staleness, export round trips, bad input."""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest

from bbkg.api import build_graph
from bbkg.rdfio import EXPORT_FORMATS, serialize
from bbkg.resources import graph_dir
from conftest import ECOSYSTEM, FIXTURES, ROOT, run_cli

GOLDEN = FIXTURES / "ecosystem-expected.trig"
ONTOLOGY_GRAPH = "https://w3id.org/bbkg/graph/ontology"


def non_ontology_graph(quads):
    """rdflib ConjunctiveGraph-free comparison: the quads outside the ontology graph, as an rdflib Dataset."""
    from rdflib import Dataset

    data = ox.serialize([q for q in quads if str(q.graph_name) != f"<{ONTOLOGY_GRAPH}>"], format=ox.RdfFormat.N_QUADS)
    ds = Dataset()
    ds.parse(data=data.decode(), format="nquads")
    return ds


def assert_isomorphic(expected, actual) -> None:
    """Compare two datasets graph by graph; on failure print the triples only on one side."""
    from rdflib.compare import graph_diff, to_isomorphic

    names = {str(g.identifier) for g in expected.graphs()} | {str(g.identifier) for g in actual.graphs()}
    problems = []
    for name in sorted(names):
        a, b = to_isomorphic(expected.graph(name)), to_isomorphic(actual.graph(name))
        if a != b:
            _, only_expected, only_actual = graph_diff(a, b)
            problems.append(
                f"graph {name}:\n  only in expected:\n    "
                + "\n    ".join(sorted(t.n3() if hasattr(t, "n3") else " ".join(x.n3() for x in t) for t in only_expected))
                + "\n  only in actual:\n    "
                + "\n    ".join(sorted(" ".join(x.n3() for x in t) for t in only_actual))
            )
    assert not problems, "\n".join(problems)


def test_fixture_matches_golden_graph(ecosystem_trig):
    """The fixture's build (the session's, as every test reads it) is the golden graph."""
    expected = non_ontology_graph(ox.parse(GOLDEN.read_bytes(), format=ox.RdfFormat.TRIG))
    assert_isomorphic(expected, non_ontology_graph(ox.parse(ecosystem_trig.read_bytes(), format=ox.RdfFormat.TRIG)))


def test_build_is_byte_identical_and_independent_of_row_order(tmp_path, ecosystem_trig):
    first, second = ecosystem_trig.parent, tmp_path / "b"  # the session's build of the tables as they are
    shuffled = tmp_path / "shuffled"
    shutil.copytree(ECOSYSTEM, shuffled)
    rng = random.Random(7)
    for table in shuffled.glob("*.csv"):
        header, *rows = table.read_text(encoding="utf-8").splitlines(keepends=True)
        rng.shuffle(rows)
        table.write_text(header + "".join(rows), encoding="utf-8")
    build_graph(shuffled, out_dir=second)
    for name in ("bbkg.ttl", "bbkg.trig"):
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_shipped_graph_conforms_and_is_not_stale(shipped_build):
    """One build of the shipped tables per run (its SHACL validation is the costliest step of the suite)."""
    result, built = shipped_build
    assert result.report.conforms, result.report.text()[-2000:]
    assert {v.severity for v in result.report.violations} <= {"Warning"}
    for name in ("bbkg.ttl", "bbkg.trig"):
        committed = (graph_dir() / name).read_bytes()
        assert committed == (built / name).read_bytes(), f"graph/{name} is stale: run `bbkg build` and commit it"


@pytest.mark.parametrize("fmt", sorted(EXPORT_FORMATS))
def test_export_round_trip(fmt, ecosystem_trig, tmp_path):
    out = tmp_path / f"export.{fmt}"
    proc = run_cli("export", "--format", fmt, "--data", ecosystem_trig, "--out", out)
    assert proc.returncode == 0, proc.stderr
    ox_format, keeps_graphs = EXPORT_FORMATS[fmt]
    built = list(ox.parse(ecosystem_trig.read_bytes(), format=ox.RdfFormat.TRIG))
    parsed = list(ox.parse(out.read_bytes(), format=ox_format))
    if keeps_graphs:
        want, got = ox.Dataset(built), ox.Dataset(parsed)
    else:
        want = ox.Dataset(ox.Quad(q.subject, q.predicate, q.object) for q in built)
        got = ox.Dataset(parsed)
    want.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    got.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    assert set(want) == set(got)


def test_turtle_export_parses_with_rdflib_and_rapper(ecosystem_trig, tmp_path):
    from rdflib import Graph

    quads = list(ox.parse(ecosystem_trig.read_bytes(), format=ox.RdfFormat.TRIG))
    ttl = tmp_path / "x.ttl"
    ttl.write_bytes(serialize(quads, "turtle"))
    assert len(Graph().parse(ttl, format="turtle")) == len({q.triple for q in quads})
    rapper = shutil.which("rapper")
    if rapper is None:
        pytest.skip("rapper (Debian raptor2-utils) is not installed; .ci/run installs it")
    proc = subprocess.run([rapper, "-i", "turtle", "-c", str(ttl)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert f"returned {len({q.triple for q in quads})} triples" in proc.stderr


# ---------------------------------------------------------------- bad input


def edit(folder: Path, table: str, old: str, new: str) -> None:
    path = folder / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {table}.csv"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(folder: Path, table: str, needle: str) -> int:
    for number, line in enumerate((folder / f"{table}.csv").read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


BAD_CASES = {
    # name: (table, old, new, needle for the line, expected words)
    "unknown municipality": ("relations", "gamma-bio,locatedIn,62063", "gamma-bio,locatedIn,99999",
                             "gamma-bio,locatedIn,99999", "unknown municipality '99999'"),
    "duplicate id": ("organisations", "zeta-cluster,Cluster,Zeta Cluster", "gamma-bio,Cluster,Zeta Cluster",
                     "gamma-bio,Cluster", "duplicate id 'gamma-bio'"),
    "missing source": ("organisations", "delta-agency,GovernmentAgency,Delta Agency,,BE,fixture-news",
                       "delta-agency,GovernmentAgency,Delta Agency,,BE,", "delta-agency,GovernmentAgency",
                       "empty 'source'"),
    "unknown source": ("relations", "gamma-bio,memberOf,zeta-cluster,,,,fixture-report",
                       "gamma-bio,memberOf,zeta-cluster,,,,no-such-source", "no-such-source",
                       "unknown source 'no-such-source'"),
    "partnership with unknown organisation": ("partnerships", "alpha-university;beta-institute",
                                              "alpha-university;omega-corp", "omega-corp",
                                              "unknown participant 'omega-corp'"),
    "partnership with one participant": ("partnerships", "alpha-university;beta-institute", "alpha-university",
                                         "alpha-beta-research", "at least two different participants"),
    "bad year": ("attributes", "gamma-bio,foundingDate,2001", "gamma-bio,foundingDate,20O1",
                 "20O1", "foundingDate '20O1' is not a year, month or date"),
    "impossible date": ("relations", "gamma-bio,memberOf,zeta-cluster,,", "gamma-bio,memberOf,zeta-cluster,2021-02-30,",
                        "2021-02-30", "date '2021-02-30' is not a year (YYYY), a month (YYYY-MM) or a real date"),
    "end before start": ("relations", "gamma-bio,memberOf,zeta-cluster,,", "gamma-bio,memberOf,zeta-cluster,2021-05,2020",
                         "2021-05,2020", "end 2020 is before date 2021-05"),
    "date on a non-status attribute": ("attributes", "gamma-bio,foundingDate,2001,,", "gamma-bio,foundingDate,2001,,2001",
                                       "gamma-bio,foundingDate,2001,,2001", "only a status row takes a date"),
    "bad partnership date": ("partnerships", "beta-institute,2010", "beta-institute,2010-13-01",
                             "2010-13-01", "start '2010-13-01' is not a year"),
    "unknown column": ("figures", "label,source,evidence", "label,source,evidence,colour",
                       "colour", "unknown column 'colour'"),
    "characters not allowed in an IRI": ("organisations", "zeta-cluster,Cluster", "zeta cluster>,Cluster",
                                         "zeta cluster>", "not allowed in an IRI"),
    "unknown kind": ("organisations", "zeta-cluster,Cluster", "zeta-cluster,Club", "zeta-cluster,Club",
                     "unknown kind 'Club'"),
}


def copy_fixture(tmp_path: Path) -> Path:
    folder = tmp_path / "tables"
    shutil.copytree(ECOSYSTEM, folder)
    return folder


def assert_clean_failure(proc: subprocess.CompletedProcess) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_table_row_is_reported_with_path_and_line(case, tmp_path):
    table, old, new, needle, words = BAD_CASES[case]
    folder = copy_fixture(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "bbkg.ttl").write_text("earlier output\n")
    edit(folder, table, old, new)
    proc = run_cli("build", "--tables", folder, "--out-dir", out)
    assert_clean_failure(proc)
    line = line_of(folder, table, needle)
    expected_prefix = f"Error: {folder / table}.csv:{line}: "
    matching = [msg for msg in proc.stderr.splitlines() if msg.startswith(expected_prefix) and words in msg]
    assert matching, proc.stderr
    assert (out / "bbkg.ttl").read_text() == "earlier output\n", "an earlier output was changed"
    assert not (out / "bbkg.trig").exists()


def test_all_problems_are_reported_in_one_run(tmp_path):
    folder = copy_fixture(tmp_path)
    for case in ("unknown municipality", "bad year", "unknown column"):
        table, old, new, _, _ = BAD_CASES[case]
        edit(folder, table, old, new)
    proc = run_cli("build", "--tables", folder, "--out-dir", tmp_path / "out")
    assert_clean_failure(proc)
    for case in ("unknown municipality", "bad year", "unknown column"):
        assert BAD_CASES[case][4] in proc.stderr


def test_invalid_utf8_is_located(tmp_path):
    folder = copy_fixture(tmp_path)
    path = folder / "organisations.csv"
    lines = path.read_bytes().split(b"\n")
    lines[3] = lines[3].replace(b"Gamma Bio", b"Gamma \xff Bio", 1)
    path.write_bytes(b"\n".join(lines))
    proc = run_cli("build", "--tables", folder, "--out-dir", tmp_path / "out")
    assert_clean_failure(proc)
    assert f"Error: {path}:4: invalid UTF-8" in proc.stderr


def test_empty_table_is_reported(tmp_path):
    folder = copy_fixture(tmp_path)
    (folder / "figures.csv").write_text("")
    proc = run_cli("build", "--tables", folder, "--out-dir", tmp_path / "out")
    assert_clean_failure(proc)
    assert f"Error: {folder / 'figures.csv'}:1: the file is empty" in proc.stderr


def test_broken_ontology_turtle_is_located(tmp_path):
    onto = tmp_path / "ontology"
    shutil.copytree(ROOT / "ontology", onto)
    text = (onto / "bbkg.ttl").read_text(encoding="utf-8").splitlines()
    target = next(i for i, line in enumerate(text) if line.startswith("bbkg:Company"))
    text[target] = text[target].replace("bbkg:Company", "bbkg:Company <broken", 1)
    (onto / "bbkg.ttl").write_text("\n".join(text) + "\n", encoding="utf-8")
    proc = run_cli("build", "--tables", ECOSYSTEM, "--ontology", onto, "--out-dir", tmp_path / "out")
    assert_clean_failure(proc)
    assert proc.stderr.startswith(f"Error: {onto / 'bbkg.ttl'}:{target + 1}:"), proc.stderr


@pytest.mark.parametrize("fmt", sorted(EXPORT_FORMATS))
def test_streamed_export_of_a_large_store_holds_the_same_data(fmt, ecosystem_store, tmp_path, monkeypatch):
    import bbkg.store.export

    monkeypatch.setattr(bbkg.store.export, "SORTED_LIMIT", 10)  # make the fixture count as a large store
    out = tmp_path / f"streamed.{fmt}"
    bbkg.store.export.export_store(ecosystem_store, fmt, out)
    ox_format, keeps_graphs = EXPORT_FORMATS[fmt]
    quads = ecosystem_store.quads()
    want = ox.Dataset(quads if keeps_graphs else [ox.Quad(q.subject, q.predicate, q.object) for q in quads])
    got = ox.Dataset(ox.parse(out.read_bytes(), format=ox_format))
    for dataset in (want, got):
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    assert set(want) == set(got)


def test_a_huge_cell_is_one_located_error(tmp_path):
    folder = copy_fixture(tmp_path)
    with (folder / "attributes.csv").open("a", encoding="utf-8") as handle:
        handle.write('gamma-bio,description,big,en,,fixture-report,"' + "x" * 5_000_000 + '"\n')
    proc = run_cli("build", "--tables", folder, "--out-dir", tmp_path / "out")
    assert_clean_failure(proc)
    line = sum(1 for _ in (folder / "attributes.csv").open(encoding="utf-8"))
    assert proc.stderr.splitlines() == [
        f"Error: {folder / 'attributes.csv'}:{line}: 'evidence' holds 5,000,000 characters (at most 20,000): "
        f"'{'x' * 59}…'; shorten it to the words that support the row"]


def test_an_unclosed_quote_is_one_located_error(tmp_path):
    folder = copy_fixture(tmp_path)
    path = folder / "relations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",fixture-report,", ',fixture-report,"unclosed ', 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = run_cli("build", "--tables", folder, "--out-dir", tmp_path / "out")
    assert_clean_failure(proc)
    assert proc.stderr.splitlines() == [
        f"Error: {path}:3: a quoted cell runs from here to line {len(lines)} and holds whole rows: a quote (\") is "
        "probably not closed; close it"]


def test_an_unclosed_quote_in_a_table_of_ids_gives_no_knock_on_errors(tmp_path):
    # the rows swallowed by the quote define organisations that the other tables name
    folder = copy_fixture(tmp_path)
    path = folder / "organisations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",fixture-report,", ',fixture-report,"', 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = run_cli("build", "--tables", folder, "--out-dir", tmp_path / "out")
    assert_clean_failure(proc)
    first, *rest = proc.stderr.splitlines()
    assert first == (f"Error: {path}:2: a quoted cell runs from here to line {len(lines)} and holds whole rows: a quote "
                     "(\") is probably not closed; close it")
    assert len(rest) == 1 and rest[0].startswith("Error: ") and rest[0].endswith(
        " reference(s) to ids not checked: organisations.csv could not be read whole; fix the problem(s) above and "
        "build again")
