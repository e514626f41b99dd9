"""The curated graph and the imports in one store: every named query, a diagram, metrics and stats run on
it with no other change, and the imported organisations show in their answers."""

from __future__ import annotations

import csv

import pytest
from conftest import ROOT, run_cli

import cordis_fixture as fx
import kbo_fixture as kf


@pytest.fixture(scope="module")
def with_kbo(tmp_path_factory):
    """The curated graph and a KBO import in one store."""
    folder = tmp_path_factory.mktemp("with-kbo")
    store = folder / "store"
    assert run_cli("load", ROOT / "graph" / "bbkg.trig", "--store", store).returncode == 0
    model = kf.base_model()
    extract = kf.write_extract(folder, model, 147, "11-10-2025")
    result = run_cli("import", "kbo", extract, "--store", store)
    assert result.returncode == 0, result.stderr
    return store, model


@pytest.fixture(scope="module")
def curated(tmp_path_factory):
    """The curated graph alone in a store (the tests compare the imports' store with it; they only read it)."""
    store = tmp_path_factory.mktemp("curated") / "store"
    assert run_cli("load", ROOT / "graph" / "bbkg.trig", "--store", store).returncode == 0
    return store


@pytest.fixture(scope="module")
def combined(tmp_path_factory, with_kbo):
    """The curated graph, a KBO import and a CORDIS import in one store."""
    import shutil

    folder = tmp_path_factory.mktemp("combined")
    store = folder / "store"
    shutil.copytree(with_kbo[0], store)
    package = fx.write_package(folder, fx.horizon_model())
    result = run_cli("import", "cordis", package, "--country", "BE", "--store", store)
    assert result.returncode == 0, result.stderr
    return store, with_kbo[1]


def test_every_named_query_runs_on_the_curated_graph_and_the_imports(combined):
    from bbkg.query.catalogue import catalogue

    store, _ = combined
    failed = {}
    for name in sorted(catalogue()):
        result = run_cli("query", name, "--store", store, "--format", "json")
        if result.returncode not in (0, 1) or "Traceback" in result.stderr:
            failed[name] = result.stderr.strip()
    assert failed == {}


def _region_counts(store) -> dict[str, int]:
    result = run_cli("query", "organisations-by-region", "--store", store, "--format", "csv")
    assert result.returncode == 0, result.stderr
    counts: dict[str, int] = {}
    for row in csv.DictReader(result.stdout.splitlines()):
        if row["kind"].endswith("#Company") or row["kind"] == "Company":
            counts[row["region"]] = counts.get(row["region"], 0) + int(row["organisations"])
    return counts


def test_imported_companies_are_counted_by_region(with_kbo, curated):
    store, model = with_kbo
    before, after = _region_counts(curated), _region_counts(store)
    # the model's kept companies with a Belgian registered seat, by the region of the seat's postcode
    regions = {}
    with open(ROOT / "graph" / "municipalities.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            regions[row["municipality_NL"]] = row["region_NL"]
    towns = {"Zwijnaarde": "Gent", "Ottignies-Louvain-la-Neuve": "Ottignies-Louvain-la-Neuve", "Brussel": "Brussel"}
    from test_import_kbo import expected_kept

    kept = expected_kept(model)
    added = {}
    for row in model["address"]:
        if row["EntityNumber"] in kept and row["TypeOfAddress"] == "REGO" and not row["CountryNL"]:
            region = regions[towns[row["MunicipalityNL"]]]
            added[region] = added.get(region, 0) + 1
    labels = {"Vlaams Gewest": "Flemish", "Waals Gewest": "Walloon", "Brussels Hoofdstedelijk Gewest": "Brussels"}
    assert sum(after.values()) - sum(before.values()) == sum(added.values())
    for region, n in added.items():
        key = next(k for k in after if labels[region].lower() in k.lower())
        assert after[key] - before.get(key, 0) == n


def test_diagram_metrics_and_stats_run_on_the_store(combined, tmp_path):
    store, _ = combined
    for args in (("diagram", "--store", store, "--out", tmp_path / "d.html"),
                 ("metrics", "--store", store, "--format", "json"),
                 ("stats", "--store", store, "--format", "json")):
        result = run_cli(*args)
        assert result.returncode == 0, (args, result.stderr)
    assert (tmp_path / "d.html").stat().st_size > 1000


def test_stats_count_the_imported_biotech_companies(with_kbo, curated):
    import json

    store, model = with_kbo
    from test_import_kbo import expected_kept

    def figure(folder):
        result = run_cli("stats", "--store", folder, "--format", "json")
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)["coverage"]["belgian_biotech_companies"]
    assert figure(store) - figure(curated) == len(expected_kept(model))


def test_one_node_for_an_organisation_in_both_imports(combined):
    """Genbio is in the KBO extract (0400.000.001) and, with the VAT number BE0400000001, in CORDIS: one node
    with both identifiers, in the partnership network with its EU partners."""
    import json

    store, _ = combined
    result = run_cli("query", "--sparql", "SELECT DISTINCT ?o WHERE { ?o <https://w3id.org/bbkg/ontology#kboNumber> "
                     '"0400.000.001" ; <https://w3id.org/bbkg/ontology#picNumber> ?pic }', "--store", store,
                     "--format", "json")
    rows = json.loads(result.stdout)["results"]["bindings"]
    assert [r["o"]["value"] for r in rows] == ["https://w3id.org/bbkg/id/enterprise/0400000001"]
    partners = run_cli("query", "partners-of", "-p", "org=https://w3id.org/bbkg/id/enterprise/0400000001",
                       "--store", store, "--format", "json")
    assert partners.returncode == 0 and json.loads(partners.stdout)["results"]["bindings"]


def test_the_curated_graph_with_imports_conforms(combined, tmp_path):
    """Imported organisations carry their import's source record and IRIs the shapes know; an import's
    facts are sourced by the record of their graph, not fact by fact."""
    store, _ = combined
    dataset = tmp_path / "all.trig"
    assert run_cli("export", "--store", store, "--format", "trig", "--out", dataset).returncode == 0
    result = run_cli("validate", dataset)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "conforms" in result.stdout


#: partner-pairs as it was before the pair counts were derived: the reference for what they must give
SELF_JOIN_PAIRS = """PREFIX bbkg: <https://w3id.org/bbkg/ontology#>
SELECT ?org ?partner (COUNT(DISTINCT ?partnership) AS ?partnerships)
WHERE {
  ?partnership bbkg:hasParticipant ?org , ?partner .
  FILTER(STR(?org) < STR(?partner))
}
GROUP BY ?org ?partner
"""


def _pairs(store, text: str) -> list[tuple]:
    return sorted((row[0].value, row[1].value, int(row[2].value)) for row in store.query(text).rows)


def test_the_derived_pair_counts_give_the_self_join_answer_on_the_curated_graph_and_imports(combined, tmp_path):
    from bbkg.query.catalogue import catalogue
    from bbkg.store.disk import open_disk_store

    store = open_disk_store(combined[0])
    derived = store.query("PREFIX bbkg: <https://w3id.org/bbkg/ontology#> SELECT DISTINCT ?g WHERE { "
                          "GRAPH ?g { ?pair bbkg:sharedPartnerships ?n } }").rows
    assert len(derived) >= 2  # the build's derived graph and the CORDIS import's graph
    uncounted = store.query("PREFIX bbkg: <https://w3id.org/bbkg/ontology#> SELECT ?p WHERE { ?p bbkg:hasParticipant ?o "
                            "MINUS { ?p bbkg:countedInPairs true } }").rows
    assert uncounted == []  # every partnership, curated or imported, has its counts
    expected = _pairs(store, SELF_JOIN_PAIRS)
    assert any(n > 1 for *_, n in expected) and any("/pic/" in a + b for a, b, _ in expected)
    assert _pairs(store, catalogue()["partner-pairs"].text) == expected
    result = run_cli("query", "active-partner-pairs", "--store", combined[0], "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = sorted((r["org"], r["partner"], int(r["partnerships"])) for r in csv.DictReader(result.stdout.splitlines()))
    assert rows == expected


def test_partnerships_without_derived_counts_are_counted_by_the_query(tmp_path):
    """A Turtle file of partnerships without bbkg:countedInPairs, beside the curated graph: the query counts them
    itself, and a pair in both adds up."""
    from bbkg.query.catalogue import catalogue
    from bbkg.store import open_store

    extra = tmp_path / "extra.ttl"
    extra.write_text("""@prefix bbkg: <https://w3id.org/bbkg/ontology#> .
@prefix org: <https://w3id.org/bbkg/id/org/> .
<https://example.org/p1> a bbkg:Partnership ; bbkg:hasParticipant org:vib , org:ghent-university , org:argenx .
<https://example.org/p2> a bbkg:Partnership ; bbkg:hasParticipant org:vib , org:ghent-university .
""")
    store = open_store(data=[ROOT / "graph" / "bbkg.trig", extra])
    expected = _pairs(store, SELF_JOIN_PAIRS)
    vib_ugent = [n for a, b, n in expected if {a, b} == {"https://w3id.org/bbkg/id/org/vib",
                                                         "https://w3id.org/bbkg/id/org/ghent-university"}]
    assert vib_ugent and vib_ugent[0] >= 3  # two here, at least one in the curated graph
    assert _pairs(store, catalogue()["partner-pairs"].text) == expected
