"""Scale: the synthetic graph generator, the persistent store (bbkg load / --store), the benchmark script."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from bbkg.errors import InputError
from bbkg.query.catalogue import catalogue
from bbkg.query.params import bind_params
from bbkg.rdfio import sorted_quads
from bbkg.store import open_store
from bbkg.store.disk import MARKER, load_store, open_disk_store
from conftest import ECOSYSTEM, ROOT, run_cli

SCRIPTS = ROOT / "scripts"


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _synth(out: Path, n: int = 50, seed: int = 1) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPTS / "synth.py"), "--organisations", str(n), "--seed", str(seed),
                           "--tables", str(ECOSYSTEM), "--out", str(out)], check=False, capture_output=True, text=True,
                          cwd=ROOT)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    """A synthetic graph of 50 organisations over the fixture ecosystem's places."""
    out = tmp_path_factory.mktemp("synth") / "synth-50.nq"
    done = _synth(out)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture()
def store_dir(tmp_path, synthetic) -> Path:
    """A persistent store holding the synthetic graph."""
    folder = tmp_path / "store"
    load_store([synthetic], folder)
    return folder


def _quads(path: Path) -> list[ox.Quad]:
    return list(ox.parse(path.read_bytes(), format=ox.RdfFormat.N_QUADS))


# ----------------------------------------------------------------------------- synth.py


def test_synth_is_byte_identical_for_a_seed_and_differs_across_seeds(tmp_path, synthetic):
    again, other = tmp_path / "again.nq", tmp_path / "other.nq"
    assert _synth(again).returncode == 0
    assert _synth(other, seed=2).returncode == 0
    assert again.read_bytes() == synthetic.read_bytes()
    assert other.read_bytes() != synthetic.read_bytes()
    lines = synthetic.read_bytes().splitlines()
    assert len(lines) == len(set(lines)), "the streamed graph repeats quads"


def test_synth_streams_exactly_what_the_real_builder_makes(synthetic):
    synth = _script("synth")
    expected = sorted_quads(synth.synthetic_quads(50, 1, ECOSYSTEM))
    assert sorted_quads(_quads(synthetic)) == expected


def test_synth_graph_conforms_to_the_shapes_and_checks(synthetic):
    done = run_cli("validate", synthetic)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "conforms" in done.stdout


def test_synth_graph_has_what_the_named_queries_need(synthetic):
    store = open_store("oxigraph", data=synthetic)
    counts = {}
    for cls in ("Organisation", "Partnership", "Municipality", "Region", "Acquisition", "Observation"):
        result = store.query(
            "PREFIX bbkg: <https://w3id.org/bbkg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a/rdfs:subClassOf* bbkg:{cls} }}"
        )
        counts[cls] = int(result.rows[0][0].value)
    # evidence records carry no type: a record is a subject of bbkg:about
    counts["Evidence"] = int(store.query("SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x <https://w3id.org/bbkg/ontology#about> ?s }")
                             .rows[0][0].value)
    assert counts["Organisation"] == 50 and counts["Region"] == 3
    assert all(counts[c] > 0 for c in counts), counts
    empty = []
    for name, named in catalogue().items():
        result = store.query(named.text, bind_params(named, {}, store))  # every default names an entity here
        if result.kind == "select" and not result.rows:
            empty.append(name)
    # at 50 organisations a few questions may have no answer, but most must
    assert len(empty) <= 3, empty


def test_synth_rejects_a_bad_output_name(tmp_path):
    done = _synth(tmp_path / "synth.ttl")
    assert done.returncode == 2 and "--out must end in .nq" in done.stderr


# ----------------------------------------------------------------------------- bbkg load / --store


def test_store_answers_like_the_file_and_exports_the_same_bytes(tmp_path, synthetic):
    store = tmp_path / "store"
    loaded = run_cli("load", synthetic, "--store", store)
    assert loaded.returncode == 0, loaded.stderr
    assert f"the store holds {len(_quads(synthetic))} quads" in loaded.stdout
    marker = json.loads((store / MARKER).read_text())
    assert marker["format"] == 2 and marker["quads"] == len(_quads(synthetic))
    for args in (["query", "most-connected", "--format", "csv"], ["query", "partners-of", "-f", "json"],
                 ["export", "--format", "nq"], ["stats", "--format", "json"]):
        from_store = run_cli(*args, "--store", store)
        from_file = run_cli(*args, "--data", synthetic)
        assert from_store.returncode == 0, from_store.stderr
        assert from_store.stdout == from_file.stdout, args


def test_load_adds_to_the_store_and_replace_starts_over(tmp_path, synthetic, ecosystem_trig):
    folder = tmp_path / "store"
    first = load_store([synthetic], folder)
    second = load_store([ecosystem_trig], folder)
    trig = list(ox.parse(ecosystem_trig.read_bytes(), format=ox.RdfFormat.TRIG))

    def ground(quads) -> set:  # blank nodes of different files stay apart: compare the rest
        return {q for q in quads if not any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object))}

    stored = open_disk_store(folder).quads()
    assert first.quads_before == 0 and second.quads_before == first.quads_after == len(_quads(synthetic))
    assert second.quads_after == len(stored)
    assert ground(stored) == ground(_quads(synthetic)) | ground(trig)
    replaced = load_store([ecosystem_trig], folder, replace=True)
    assert replaced.quads_after == len(set(trig))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"], "temporary folders were left behind"


def test_a_file_that_fails_halfway_leaves_the_store_as_it_was(tmp_path, store_dir, synthetic):
    before = sorted_quads(open_disk_store(store_dir).quads())
    marker = (store_dir / MARKER).read_bytes()
    lines = synthetic.read_bytes().splitlines(keepends=True)
    bad = tmp_path / "bad.nq"
    bad.write_bytes(b"".join(lines[:400]) + b'<https://example.org/a> <https://example.org/b> "unclosed .\n'
                    + b"".join(lines[400:500]))
    with pytest.raises(InputError) as caught:
        # many pieces (about 35 lines each): the line is counted across them; each piece costs a bulk load
        load_store([bad], store_dir, chunk_bytes=4096)
    assert len(b"".join(lines[:400])) > 10 * 4096
    problem = caught.value.first
    # the literal that never closes opens at column 49; a parser that sees the next line reports its
    # end (column 60) instead: both name the bad literal, which depends on where the piece is cut
    assert (problem.path.endswith("bad.nq"), problem.line, problem.col in (49, 60)) == (True, 401, True)
    assert sorted_quads(open_disk_store(store_dir).quads()) == before
    assert (store_dir / MARKER).read_bytes() == marker
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.nq", "store"]
    done = run_cli("load", bad, "--store", store_dir)
    assert done.returncode == 2
    errors = [line for line in done.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "bad.nq:401:60: invalid N-Quads" in errors[0] and "Traceback" not in done.stderr


def test_a_folder_that_is_not_a_store_is_refused_and_untouched(tmp_path, synthetic):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "todo.txt").write_text("keep me")
    for args in (["load", synthetic, "--store", folder], ["load", "--replace", synthetic, "--store", folder],
                 ["query", "most-connected", "--store", folder], ["stats", "--store", folder]):
        done = run_cli(*args)
        assert done.returncode == 2 and "not a bbkg store" in done.stderr, (args, done.stderr)
    assert [p.name for p in folder.iterdir()] == ["todo.txt"]
    missing = run_cli("query", "most-connected", "--store", tmp_path / "nowhere")
    assert missing.returncode == 2 and "no such store; create it with `bbkg load" in missing.stderr


@pytest.mark.parametrize("change", [{"format": 99}, {"pyoxigraph": "0.3.22"}, None])
def test_a_store_from_another_version_is_refused(store_dir, synthetic, change):
    marker_path = store_dir / MARKER
    if change is None:
        marker_path.write_text("{not json")
    else:
        marker_path.write_text(json.dumps({**json.loads(marker_path.read_text()), **change}))
    before = marker_path.read_bytes()
    for args in (["query", "most-connected", "--store", store_dir], ["load", synthetic, "--store", store_dir]):
        done = run_cli(*args)
        assert done.returncode == 2 and "--replace" in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
    assert marker_path.read_bytes() == before


def test_store_options_that_do_not_go_together(store_dir, synthetic):
    for extra, words in ((["--engine", "rdflib"], "--store is an Oxigraph store"),
                         (["--data", str(synthetic)], "--data and --store do not go together")):
        done = run_cli("query", "most-connected", "--store", store_dir, *extra)
        assert done.returncode == 2 and words in done.stderr


# ----------------------------------------------------------------------------- bench.py


def run_bench(script: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """Run a benchmark script at N = 30 organisations, one repetition; assert it succeeded."""
    done = subprocess.run([sys.executable, str(SCRIPTS / script), "--sizes", "30", "--repeat", "1",
                           "--workdir", str(tmp_path / "work"), *args],
                          check=False, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def test_bench_runs_every_row_and_writes_json(tmp_path):
    out, md = tmp_path / "bench.json", tmp_path / "bench.md"
    md.write_text("before\n<!-- scripts/bench.py --markdown: start -->\nold\n<!-- scripts/bench.py --markdown: end -->\n"
                  "after\n")
    # one query (each costs five processes), the smallest graph, one repetition: the rows, not the figures
    done = run_bench("bench.py", tmp_path, "--out", str(out), "--markdown", str(md), "--scale", "none",
                     "--no-diagram-engine", "--queries", "partners-of")
    report = json.loads(out.read_text())
    rows = {row["name"]: row for row in report["rows"]}
    expected = {"load", "query partners-of", "export Turtle (data in memory)",
                "export Turtle from --store", "diagram --around BioWin --depth 1", "peak memory, load and query (MB)",
                "process: bbkg --help", "process: bbkg query most-connected"}
    assert expected <= set(rows), expected - set(rows)
    assert [name for name in rows if name.startswith("query ")] == ["query partners-of"]
    name = "query partners-of"  # every column measured, the server's too
    assert None not in (rows[name][k] for k in ("bbkg", "engine", "memory", "raw", "server", "rdflib")), rows[name]
    assert "rdflib over the store engine" in rows[name]["note"]  # the like-for-like ratio is in memory
    assert None not in (rows["load"][k] for k in ("bbkg", "raw", "server", "rdflib")), rows["load"]
    assert report["machine"]["cores"] and report["machine"]["libraries"]["pyoxigraph"]
    # the rdflib baseline (slow: rdflib evaluates in Python) runs the queries of the run, not every named query
    assert sorted(report["sizes"]["30"]["rdflib"]["queries"]) == ["partners-of"]
    assert "| 30 | load |" in done.stdout
    table = md.read_text()  # the marked block rewritten, what is around it kept
    assert table.startswith("before\n") and table.endswith("after\n") and "\nold\n" not in table
    assert "| 30 | query partners-of |" in table and "#### Misses: reason and plan" in table
    assert "| bbkg in memory (s) |" in table


def test_bench_memory_runs_every_named_query(tmp_path):
    md = tmp_path / "memory.md"
    run_bench("bench_memory.py", tmp_path, "--markdown", str(md))
    table = md.read_text()
    for name in catalogue():
        assert f"| 30 | {name} |" in table


def test_a_corrupt_marker_is_reported_and_replace_rebuilds_the_store(tmp_path, store_dir, synthetic):
    (store_dir / MARKER).write_text("{ not json", encoding="utf-8")
    done = run_cli("query", "most-connected", "--store", store_dir)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"{MARKER} is unreadable" in done.stderr and "--replace" in done.stderr
    rebuilt = run_cli("load", synthetic, "--store", store_dir, "--replace")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert run_cli("query", "most-connected", "--store", store_dir).returncode == 0
