"""The persistent store under concurrent readers and killed loads (issue 12, cases 3 and 4).

Loads run as real processes: one is stopped at a named step (``BBKG_TEST_PAUSE``), readers run
against the store meanwhile, then the load is killed with SIGKILL and the next command must
report what it left, clean it and see the old or the new data, whole.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from bbkg.store.disk import MARKER, load_store, open_disk_store
from conftest import ROOT, run_cli

#: every step of a load, in order; the marker is replaced between "closed" and "switched"
STEPS = ("locked", "copied", "loading", "loaded", "counted", "closed", "switched")
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _copies(trig: Path, out: Path, copies: int, tag: str) -> Path:
    """Write the quads of ``trig`` ``copies`` times as N-Quads, each copy in graphs of its own."""
    quads = [q for q in ox.parse(trig.read_bytes(), format=ox.RdfFormat.TRIG)
             if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)]
    renamed = (ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(f"urn:test:{tag}:{i}:{q.graph_name.value}"))
               for i in range(copies) for q in quads if isinstance(q.graph_name, ox.NamedNode))
    out.write_bytes(ox.serialize(renamed, format=ox.RdfFormat.N_QUADS))
    return out


@pytest.fixture(scope="module")
def files(tmp_path_factory, ecosystem_trig) -> dict[str, Path]:
    """Old data, two files of new data, and a file big enough for a load that takes a while."""
    folder = tmp_path_factory.mktemp("crash")
    return {"old": _copies(ecosystem_trig, folder / "old.nq", 1, "old"),
            "new1": _copies(ecosystem_trig, folder / "new1.nq", 2, "new1"),
            "new2": _copies(ecosystem_trig, folder / "new2.nq", 3, "new2"),
            "big": _copies(ecosystem_trig, folder / "big.nq", 40, "big")}


def _count(path: Path) -> int:
    return sum(1 for _ in ox.parse(path.read_bytes(), format=ox.RdfFormat.N_QUADS))


def _reader_count(store: Path) -> tuple[int, str]:
    """Count the quads with `bbkg query --store`; return (count, stderr). The query must succeed."""
    done = run_cli("query", "--sparql", COUNT, "--store", store, "--format", "csv")
    assert done.returncode == 0, done.stderr
    return int(done.stdout.splitlines()[1]), done.stderr


def _start_load(files: list[Path], store: Path, step: str | None = None) -> subprocess.Popen:
    env = {**os.environ, **({"BBKG_TEST_PAUSE": step} if step else {})}
    load = subprocess.Popen([sys.executable, "-m", "bbkg", "load", *map(str, files), "--store", str(store)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if step:
        line = load.stderr.readline()
        assert line.strip() == f"paused at {step}", line + load.stderr.read()
    return load


def _kill(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait()


def _only_one_version(store: Path) -> None:
    marker = json.loads((store / MARKER).read_text())
    assert sorted(os.listdir(store)) == sorted([MARKER, marker["data"]]), os.listdir(store)


@pytest.mark.parametrize("step", STEPS)
def test_a_load_killed_at_any_step_leaves_the_store_whole(tmp_path, files, step):
    store = tmp_path / "store"
    load_store([files["old"]], store)
    old = _count(files["old"])
    new = old + _count(files["new1"]) + _count(files["new2"])
    load = _start_load([files["new1"], files["new2"]], store, step)
    try:
        # readers work during the load: the old data until the switch, the new data after it
        assert _reader_count(store) == (new if step == "switched" else old, "")
        if step == "loading":  # a second load waits its turn: refused with one line, nothing touched
            second = run_cli("load", files["new1"], "--store", store)
            assert second.returncode == 2 and second.stderr.count("\n") == 1, second.stderr
            assert "is being loaded by another process" in second.stderr
    finally:
        _kill(load)
    count, stderr = _reader_count(store)
    assert count == (new if step == "switched" else old)
    left_something = step not in ("locked", "switched")
    if left_something:
        assert stderr.count("\n") == 1 and stderr.startswith(f"note: {store}: a `bbkg load` did not finish"), stderr
        assert "removed bbkg-data-2" in stderr
    else:
        assert stderr == ""
    _only_one_version(store)
    # and the store takes the next load as usual
    again = run_cli("load", files["new1"], "--store", store)
    assert again.returncode == 0 and again.stderr == "", again.stderr
    assert _reader_count(store)[0] == count + (0 if step == "switched" else _count(files["new1"]))
    _only_one_version(store)


def test_a_killed_first_load_leaves_no_store(tmp_path, files):
    store = tmp_path / "store"
    load = _start_load([files["new1"], files["new2"]], store, "loading")
    try:
        during = run_cli("query", "--sparql", COUNT, "--store", store)
        assert during.returncode == 2 and "its first `bbkg load` has not finished" in during.stderr
    finally:
        _kill(load)
    after = run_cli("query", "--sparql", COUNT, "--store", store)
    lines = after.stderr.splitlines()
    assert after.returncode == 2 and len(lines) == 2, after.stderr
    assert lines[0].startswith("note: ") and "removed bbkg-data-1" in lines[0]
    assert lines[1] == f"Error: {store}: empty folder, not a bbkg store; fill it with `bbkg load FILE --store {store}`"
    assert run_cli("load", files["new1"], "--store", store).returncode == 0


def test_readers_keep_working_during_a_real_load(tmp_path, files):
    store = tmp_path / "store"
    load_store([files["old"]], store)
    old = _count(files["old"])
    new = old + _count(files["big"])
    load = _start_load([files["big"]], store)
    seen = []
    try:
        while load.poll() is None:
            seen.append(_reader_count(store))
        out, err = load.communicate()
    finally:
        if load.poll() is None:
            _kill(load)
    assert load.returncode == 0, err
    seen.append(_reader_count(store))
    assert len(seen) > 2, len(seen)  # readers ran while the load did
    assert {count for count, _ in seen} <= {old, new} and seen[-1][0] == new  # never a half state
    assert all(stderr == "" for _, stderr in seen)
    _only_one_version(store)


def test_a_version_a_reader_holds_is_kept_until_it_lets_go(tmp_path, files):
    store = tmp_path / "store"
    load_store([files["old"]], store)
    reader = open_disk_store(store)
    first = json.loads((store / MARKER).read_text())["data"]
    load_store([files["new1"]], store)
    assert first in os.listdir(store)  # still read: kept
    assert reader.count() == _count(files["old"])  # the reader goes on with the old data, whole
    del reader
    assert _reader_count(store) == (_count(files["old"]) + _count(files["new1"]), "")  # quietly tidied
    _only_one_version(store)


def test_what_a_format_1_load_left_is_recovered(tmp_path, files):
    """Before versions, a load swapped folders beside the store: a crash between the two renames
    left no store and the old data in .DIR.old-PID, a killed load a .DIR.loading-PID."""
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    load_store([files["old"]], tmp_path / f".store.old-{pid}")
    (tmp_path / f".store.loading-{pid}").mkdir()
    done = run_cli("query", "--sparql", COUNT, "--store", tmp_path / "store", "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("\n") == 1 and f"removed .store.loading-{pid}" in done.stderr
    assert f"moved the previous data back from .store.old-{pid}" in done.stderr
    assert sorted(os.listdir(tmp_path)) == ["store"]
