"""The label index of a store version (bbkg.store.labels): the same labels as SPARQL, for every load, and
the tables that use it unchanged; a store without one (or with one this bbkg cannot read) is asked by SPARQL."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from bbkg.query.results import labels_for
from bbkg.store.disk import MARKER, load_store, open_disk_store
from bbkg.store.labels import FILE, stated_labels
from conftest import ROOT, run_cli

SHIPPED = ROOT / "graph" / "bbkg.trig"
SUBJECTS = "SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?s)) }"
LABEL_ROWS = ("SELECT DISTINCT ?s ?l WHERE { GRAPH ?g { ?s <http://www.w3.org/2004/02/skos/core#prefLabel>"
              "|<http://www.w3.org/2000/01/rdf-schema#label> ?l } FILTER(isIRI(?s) && isLiteral(?l)) }")


def _version(store: Path) -> Path:
    return store / json.loads((store / MARKER).read_text())["data"]


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("labels") / "store"
    load_store([SHIPPED], store)
    return store


def _subjects(store) -> set[str]:
    return {s.value for (s,) in store.query(SUBJECTS).rows}


def test_the_index_gives_every_label_that_sparql_gives(shipped):
    store = open_disk_store(shipped)
    assert store.label_index is not None
    iris = _subjects(store)
    with_index = sorted(stated_labels(store, iris))
    index, store.label_index = store.label_index, None
    by_sparql = sorted((i, v, t or "") for i, v, t in stated_labels(store, iris))
    assert with_index == by_sparql
    assert len({t for _, _, t in with_index}) >= 3  # the shipped labels are in several languages
    # and the best label in each language is the same both ways
    for lang in ("en", "nl", "fr", "de"):
        store.label_index = None
        sparql = labels_for(store, iris, lang)
        store.label_index = index
        assert labels_for(store, iris, lang) == sparql
    assert len(sparql) > 1000


def test_each_load_indexes_its_own_version(tmp_path):
    store = tmp_path / "store"
    first = tmp_path / "first.nq"
    first.write_text('<urn:x:a> <http://www.w3.org/2000/01/rdf-schema#label> "A"@en <urn:g:1> .\n'
                     '<urn:x:a> <http://www.w3.org/2004/02/skos/core#prefLabel> "Aa" <urn:g:1> .\n')
    second = tmp_path / "second.nq"
    second.write_text('<urn:x:b> <http://www.w3.org/2000/01/rdf-schema#label> "B"@nl <urn:g:2> .\n'
                      '<urn:x:a> <http://www.w3.org/2000/01/rdf-schema#label> "A"@en <urn:g:2> .\n'
                      '_:c <http://www.w3.org/2000/01/rdf-schema#label> "blank" <urn:g:2> .\n'
                      '<urn:x:d> <http://www.w3.org/2000/01/rdf-schema#label> <urn:x:not-a-literal> <urn:g:2> .\n')
    load_store([first], store)
    old = _version(store)
    assert sorted(stated_labels(open_disk_store(store), ["urn:x:a", "urn:x:b"])) == [
        ("urn:x:a", "A", "en"), ("urn:x:a", "Aa", "")]
    load_store([second], store)
    assert not old.exists()  # gone with its version
    opened = open_disk_store(store)
    assert sorted(stated_labels(opened, ["urn:x:a", "urn:x:b", "urn:x:d"])) == [
        ("urn:x:a", "A", "en"), ("urn:x:a", "Aa", ""), ("urn:x:b", "B", "nl")]
    db = sqlite3.connect(_version(store) / FILE)
    assert db.execute("SELECT count(*) FROM label").fetchone()[0] == 3  # one row per label, whatever its graphs
    assert db.execute("SELECT value FROM meta WHERE key = 'labels'").fetchone()[0] == "3"
    db.close()
    # replacing the data indexes only what is loaded
    load_store([first], store, replace=True)
    assert sorted(stated_labels(open_disk_store(store), ["urn:x:b"])) == []


def test_the_index_holds_what_the_store_holds_at_scale(shipped):
    store = open_disk_store(shipped)
    db = sqlite3.connect(_version(shipped) / FILE)
    rows = {(s, label, lang) for s, label, lang in db.execute("SELECT iri, label, lang FROM label")}
    db.close()
    expected = {(s.value, label.value, label.language or "") for s, label in store.query(LABEL_ROWS).rows}
    assert rows == expected


def _output(store: Path, *args: str) -> str:
    done = run_cli("query", *args, "--store", store)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("query", ["without-partnership", "organisations-by-region"])
def test_tables_read_their_labels_from_the_index(tmp_path, query):
    store = tmp_path / "store"
    load_store([SHIPPED], store)
    before = _output(store, query, "--format", "md")
    # a label changed in the index alone shows in the table: the table reads the index
    db = sqlite3.connect(_version(store) / FILE)
    company = "https://w3id.org/bbkg/ontology#Company"
    assert db.execute("UPDATE label SET label = 'Relabelled in the index' WHERE iri = ? AND lang = 'en'",
                      (company,)).rowcount == 1
    db.commit()
    db.close()
    changed = _output(store, query, "--format", "md")
    assert changed != before and "Relabelled in the index" in changed
    # without an index, or with one this bbkg cannot read, the store is asked and the table is as before
    index = _version(store) / FILE
    index.unlink()
    assert _output(store, query, "--format", "md") == before
    index.write_bytes(b"not a database at all" * 100)
    assert _output(store, query, "--format", "md") == before
    db = sqlite3.connect(index.with_name("other.sqlite"))
    db.executescript("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT); INSERT INTO meta VALUES ('format', '99');")
    db.close()
    index.with_name("other.sqlite").replace(index)
    assert _output(store, query, "--format", "md") == before


def test_a_store_opened_on_one_graph_does_not_use_the_index(shipped):
    store = open_disk_store(shipped)
    graph = next(g.value for (g,) in store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows
                 if "/graph/source/" in g.value)
    one = open_disk_store(shipped, graph=graph)
    assert one.label_index is None
    iris = _subjects(store)
    only_there = {i for i, _, _ in stated_labels(one, iris)}
    assert only_there and only_there < {i for i, _, _ in stated_labels(store, iris)}


def test_reading_the_index_is_a_read_only_open(shipped):
    """Readers never write the index: it is opened immutable, so a read-only store folder serves as well."""
    version = _version(shipped)
    before = (version / FILE).stat().st_mtime_ns, sorted(p.name for p in version.iterdir())
    store = open_disk_store(shipped)
    list(stated_labels(store, _subjects(store)))
    assert ((version / FILE).stat().st_mtime_ns, sorted(p.name for p in version.iterdir())) == before
