"""Loading line-based files in pieces handed to the engine by path (bbkg.store.pieces), and the staging
file of an import into a store (bbkg.store.staged)."""

from __future__ import annotations

import os
import subprocess
import sys

import pyoxigraph as ox
import pytest
from bbkg.errors import InputError
from bbkg.store.disk import load_store, open_disk_store
from bbkg.store.pieces import cuts, lines_before
from bbkg.store.staged import load_produced, staging_file
from test_build import assert_isomorphic, non_ontology_graph


#: the characters of the long line's literal: longer than the pieces of the tests that load in pieces
LONG = 40_000


@pytest.fixture(scope="module")
def nquads(tmp_path_factory, ecosystem_trig):
    """The fixture ecosystem as N-Quads (about 550 kB), a line longer than the pieces included."""
    path = tmp_path_factory.mktemp("nq") / "ecosystem.nq"
    quads = list(ox.parse(ecosystem_trig.read_bytes(), format=ox.RdfFormat.TRIG))
    long = ox.Quad(ox.NamedNode("https://example.org/long"), ox.NamedNode("https://example.org/text"),
                   ox.Literal("x" * LONG), ox.NamedNode("https://example.org/g"))
    path.write_bytes(ox.serialize(quads + [long], format=ox.RdfFormat.N_QUADS))
    return path


@pytest.mark.parametrize("piece", [1, 700, 4096, 1 << 30])
def test_pieces_cover_the_file_and_end_at_line_ends(nquads, piece):
    data = nquads.read_bytes()
    with nquads.open("rb") as handle:
        ranges = list(cuts(handle, len(data), piece))
        assert lines_before(handle, ranges[-1][0]) == data[:ranges[-1][0]].count(b"\n")
    assert ranges[0][0] == 0 and ranges[-1][1] == len(data)
    assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:]))
    assert all(data[end - 1:end] == b"\n" for _, end in ranges)
    if piece >= len(data):
        assert ranges == [(0, len(data))]
    else:
        assert len(ranges) >= len(data) // max(piece, LONG + 200)  # a piece holds one line at least


def test_pieces_are_of_equal_size_up_to_a_line(tmp_path):
    """A file of 2.2 pieces is cut in three of 0.73 each, not two whole pieces and a fifth."""
    path = tmp_path / "lines.nq"
    path.write_bytes(b"".join(b"<https://example.org/%d> <https://example.org/p> \"x\" .\n" % i for i in range(1000)))
    size, line = path.stat().st_size, max(map(len, path.read_bytes().splitlines(keepends=True)))
    piece = int(size / 2.2)
    with path.open("rb") as handle:
        sizes = [end - start for start, end in cuts(handle, size, piece)]
    assert len(sizes) == 3 and sum(sizes) == size
    assert max(sizes) - min(sizes) <= 2 * line and max(sizes) <= piece + line


@pytest.mark.parametrize("splice", [True, False])
def test_a_load_in_pieces_stores_what_the_file_says(tmp_path, nquads, monkeypatch, splice):
    if not splice:  # the copy without os.splice (systems other than Linux)
        monkeypatch.delattr(os, "splice", raising=False)
    # pieces of 20 kB: about 28 of them (each is a bulk load of its own), one line longer than a piece
    report = load_store([nquads], tmp_path / "store", chunk_bytes=20_000)
    stored = open_disk_store(tmp_path / "store").quads()
    expected = list(ox.parse(nquads.read_bytes(), format=ox.RdfFormat.N_QUADS))
    assert report.quads_after == len(set(expected)) == len(stored) and report.bytes_read == nquads.stat().st_size
    assert_isomorphic(non_ontology_graph(expected), non_ontology_graph(stored))


def test_an_error_in_a_later_piece_names_its_line_in_the_file(tmp_path, nquads):
    lines = nquads.read_bytes().splitlines(keepends=True)
    bad = tmp_path / "bad.nq"
    bad.write_bytes(b"".join(lines[:40]) + b"<https://example.org/a> <https://example.org/b> <oops .\n"
                    + b"".join(lines[40:]))
    with pytest.raises(InputError) as caught:
        load_store([bad], tmp_path / "store", chunk_bytes=2000)
    problem = caught.value.first
    assert (problem.line, problem.path.endswith("bad.nq")) == (41, True), problem
    assert not (tmp_path / "store").exists(), "a failed first load leaves no store"


def test_an_import_into_a_store_goes_through_a_staging_file_that_is_removed(tmp_path, nquads):
    store_dir = tmp_path / "store"
    load_store([nquads], store_dir)
    graph = ox.NamedNode("https://example.org/g")
    seen = []

    def produce(handle):
        seen.append(staging_file(store_dir).exists())
        handle.write(b"<https://example.org/new> <https://example.org/p> \"1\" <https://example.org/g> .\n")
        return "report"

    def drop(store):
        store.remove_graph(graph)

    result, loaded = load_produced(store_dir, produce, before=drop)
    in_graph = [q for q in open_disk_store(store_dir).quads() if q.graph_name == graph]
    assert result == "report" and seen == [True] and not staging_file(store_dir).exists()
    assert [q.subject.value for q in in_graph] == ["https://example.org/new"]
    assert loaded.quads_after == loaded.quads_before  # the long quad dropped, one added

    def fail(handle):
        handle.write(b"<https://example.org/half> <https://example.org/p> \"1\" .\n")
        raise InputError("bad row", path="x.csv", line=2)

    marker = (store_dir / "bbkg-store.json").read_bytes()
    with pytest.raises(InputError):
        load_produced(store_dir, fail)
    assert (store_dir / "bbkg-store.json").read_bytes() == marker and not staging_file(store_dir).exists()


def test_the_staging_file_of_a_killed_import_is_reported_and_removed(tmp_path, nquads):
    store_dir = tmp_path / "store"
    load_store([nquads], store_dir)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    left = tmp_path / f".store.import-{int(gone.stdout)}.nq"
    left.write_bytes(b"<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n")
    running = staging_file(store_dir)  # this process is alive: its file is not a leftover
    running.write_bytes(b"")
    notes = []
    open_disk_store(store_dir, note=notes.append)
    assert not left.exists() and running.exists()
    assert len(notes) == 1 and left.name in notes[0] and "did not finish" in notes[0]
    running.unlink()
