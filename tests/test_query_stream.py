"""Paging (--limit/--offset as SPARQL LIMIT/OFFSET) and streamed output of `bbkg query`."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pyoxigraph as ox
import pytest

from bbkg.query.catalogue import catalogue
from bbkg.query.paging import page
from bbkg.query.params import bind_params
from bbkg.query.streaming import write_json, write_jsonl
from bbkg.store import EMBEDDED, open_store
from answers import fixture_values
from conftest import ROOT, run_cli

QUERIES = catalogue()
#: a cross product of the shipped graph's subjects: far more rows than any run could finish
ENDLESS = "SELECT ?a ?b WHERE { ?a ?p ?x . ?b ?q ?y }"


# ---------------------------------------------------------------- the text of a paged query


def test_page_adds_limit_and_offset_to_the_outermost_query_only():
    text = QUERIES["most-connected"].text  # its subqueries have LIMIT 20, the outer query none
    paged = page(text, 5, 3)
    assert paged.count("LIMIT 20") == text.count("LIMIT 20") >= 1 and paged.rstrip().endswith("LIMIT 5 OFFSET 3")
    assert page(text) == text
    assert page("SELECT * { ?s ?p ?o }", offset=2).rstrip().endswith("} OFFSET 2")


def test_page_keeps_a_trailing_values_block_last_and_ignores_words_in_strings_and_comments():
    text = 'SELECT ?s WHERE { ?s ?p "LIMIT 3" } # LIMIT 4\nORDER BY ?s\nVALUES ?s { <urn:a> <urn:b> }'
    paged = page(text, 1)
    assert paged.index("LIMIT 1") < paged.index("VALUES") and '"LIMIT 3"' in paged and "# LIMIT 4" in paged
    store = open_store("oxigraph", data=[])
    store.load([ox.Quad(ox.NamedNode(f"urn:{c}"), ox.NamedNode("urn:p"), ox.Literal("LIMIT 3")) for c in "abc"])
    assert [r[0].value for r in store.query(paged).rows] == ["urn:a"]


def test_page_inside_the_query_s_own_limit_and_offset():
    store = open_store("oxigraph", data=[])
    store.load([ox.Quad(ox.NamedNode(f"urn:{i:02}"), ox.NamedNode("urn:p"), ox.Literal(str(i))) for i in range(20)])
    own = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 10 OFFSET 4"
    everything = [r[0].value for r in store.query(own).rows]
    for limit, offset in ((3, 2), (None, 5), (50, 0), (2, 9), (4, 12)):
        got = [r[0].value for r in store.query(page(own, limit, offset)).rows]
        assert got == everything[offset:][:limit], (limit, offset)


# ---------------------------------------------------------------- pages are slices, on every engine


PAGED = ["partner-pairs", "fact-sources", "organisations-by-region", "most-connected", "place-names", "active-partner-pairs"]


@pytest.mark.parametrize("engine", EMBEDDED)
def test_limit_offset_give_slices_of_the_full_answer_on_every_engine(engine, ecosystem_trig, ecosystem_store):
    store = open_store(engine, data=ecosystem_trig)
    for name in PAGED:
        named = QUERIES[name]
        bindings = bind_params(named, fixture_values(named, ecosystem_store), store)
        full = store.query(named.text, bindings).rows
        assert len(full) >= 3, name
        for limit, offset in ((2, 0), (2, 1), (None, len(full) - 1), (5, len(full)), (0, 0)):
            rows = store.query(page(named.text, limit, offset), bindings).rows
            assert rows == full[offset:][:limit], (engine, name, limit, offset)


def test_limit_and_offset_on_the_command_line(ecosystem_trig):
    base = ("query", "organisations-by-region", "--data", ecosystem_trig, "--format", "csv")
    full = run_cli(*base).stdout.splitlines()
    assert len(full) > 3
    paged = run_cli(*base, "--limit", "2", "--offset", "1")
    assert paged.returncode == 0 and paged.stdout.splitlines() == [full[0], *full[2:4]]
    sparql = run_cli("query", "--sparql", "SELECT ?s WHERE { ?s a ?k } ORDER BY ?s", "--data", ecosystem_trig,
                     "--format", "tsv", "--limit", "1", "--offset", "2")
    every = run_cli("query", "--sparql", "SELECT ?s WHERE { ?s a ?k } ORDER BY ?s", "--data", ecosystem_trig,
                    "--format", "tsv").stdout.splitlines()
    assert sparql.stdout.splitlines() == [every[0], every[3]]


@pytest.mark.parametrize("args, message", [
    (("--limit", "-1"), "Invalid value for '--limit': -1 is not in the range x>=0."),
    (("--offset", "many"), "Invalid value for '--offset': 'many' is not a valid integer range."),
    (("--limit", "2", "--sparql", "ASK { ?s ?p ?o }"), "an ASK answers true or false"),
])
def test_bad_paging_is_a_one_line_usage_error(args, message):
    done = run_cli("query", *(() if "--sparql" in args else ("most-connected",)), *args)
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.splitlines()) == 1 and message in done.stderr


# ---------------------------------------------------------------- streamed formats: the same bytes


def _terms():
    iri, lit = ox.NamedNode("https://example.org/é"), ox.Literal("a \"quoted\"\nline", language="fr")
    return ["x", "y"], [(iri, lit), (None, ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
                        (ox.BlankNode("b0"), None)]


def test_streamed_json_is_the_whole_answer_s_json_and_jsonl_its_bindings():
    variables, rows = _terms()
    buf = io.StringIO()
    write_json(variables, iter(rows), buf.write)
    parsed = json.loads(buf.getvalue())
    whole = json.dumps(parsed, ensure_ascii=False, indent=1) + "\n"
    assert buf.getvalue() == whole and len(parsed["results"]["bindings"]) == 3
    assert list(ox.parse_query_results(buf.getvalue().encode(), format=ox.QueryResultsFormat.JSON))[0][1] == rows[0][1]
    empty = io.StringIO()
    write_json(variables, iter([]), empty.write)
    assert empty.getvalue() == json.dumps({"head": {"vars": variables}, "results": {"bindings": []}}, indent=1) + "\n"
    lines = io.StringIO()
    write_jsonl(variables, iter(rows), lines.write)
    assert [json.loads(line) for line in lines.getvalue().splitlines()] == parsed["results"]["bindings"]


def test_a_long_table_keeps_the_column_widths_of_its_first_screenful():
    from bbkg.render.stream import write_labelled

    rows = [[f"org {i}", i * 7] for i in range(9)] + [["a much longer name than any before it", 1]]
    out = io.StringIO()
    write_labelled(["name", "n"], rows, "table", out.write, lambda batch: batch, 3, None)
    lines = out.getvalue().splitlines()
    header, dashes, body = lines[0], lines[1], lines[2:]
    assert header.split() == ["name", "n"] and len(body) > 10  # the long name wrapped inside its column
    width = len(dashes.split()[0])
    for line in body:
        assert len(line) <= len(dashes) and (line[width:].strip() == "" or line[width:].strip().isdigit())
    tail = body[[line.startswith("org 8") for line in body].index(True) + 1:]
    assert " ".join(line[:width].strip() for line in tail) == "a much longer name than any before it"
    assert [line[width:].strip() for line in body if line[width:].strip()] == [str(i * 7) for i in range(9)] + ["1"]


# ---------------------------------------------------------------- a real process streams


@pytest.mark.parametrize("fmt, first", [("csv", "a,b"), ("tsv", "?a\t?b"), ("jsonl", '{"a": '),
                                        ("table", "a"), ("json", "{")])
def test_the_first_rows_come_out_while_the_query_still_runs(fmt, first):
    process = subprocess.Popen([sys.executable, "-m", "bbkg", "query", "--sparql", ENDLESS, "--format", fmt],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = [process.stdout.readline() for _ in range(3)]
        assert lines[0].startswith(first) and all(lines), lines
        assert process.poll() is None  # still running: the rows came before the answer was complete
    finally:
        process.kill()
        process.wait()
        process.stdout.close()
        process.stderr.close()


def test_streamed_output_to_a_file_is_what_standard_output_gets(ecosystem_trig, tmp_path):
    out = tmp_path / "pairs.csv"
    base = ("query", "partner-pairs", "--data", ecosystem_trig, "--format", "csv")
    assert run_cli(*base, "--out", out).returncode == 0
    assert list(csv.reader(io.StringIO(out.read_text(encoding="utf-8")))) == list(csv.reader(io.StringIO(run_cli(*base).stdout)))


# ---------------------------------------------------------------- a timed query without a window


@pytest.mark.parametrize("engine", EMBEDDED)
def test_a_timed_query_without_a_window_gives_the_same_rows_without_its_time_block(engine, history_trig,
                                                                                    ecosystem_trig):
    from bbkg.query.time import as_of
    from bbkg.query.windowless import MARK, query_text

    timed = [q for q in QUERIES.values() if MARK in q.text]
    assert {"active-partner-pairs", "active-partnerships", "memberships", "partners-of"} <= {q.name for q in timed}
    for trig in (history_trig, ecosystem_trig):
        store = open_store(engine, data=trig)
        for named in timed:
            bindings = bind_params(named, fixture_values(named, store), store)
            short = query_text(named, bindings)
            assert "timeKnown" not in short and "timeKnown" in named.text
            rows = [store.query(text, bindings).rows for text in (short, named.text)]
            if "ORDER BY" not in named.text:  # unordered: the same rows in any order
                rows = [sorted(found, key=str) for found in rows]
            assert rows[0] == rows[1], (engine, named.name)
            windowed = {**bindings, **as_of("2015").bindings()}
            assert query_text(named, windowed) == named.text  # a window keeps the block
