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
