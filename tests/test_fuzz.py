"""Fuzzing the input surfaces with Hypothesis (issue 12): tables, query parameters, --sparql, RDF files for
`load` and `--data`, and the answers of an endpoint (a local fake server).

The property, for whatever comes in: the command ends with a documented exit code, says what is
wrong in one line on stderr (a table: one line per problem), prints no traceback and writes
nothing when it fails. Each surface has a fixed budget of examples, drawn the same way on every
run (derandomized, no example database), so the whole file stays well under a minute.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bbkg.query.catalogue import catalogue
from conftest import ECOSYSTEM, run_cli

#: FUZZ_RANDOM=1 draws new examples on each run and FUZZ_SCALE=N draws N times as many: to look for bugs
SCALE = int(os.environ.get("FUZZ_SCALE", "1"))
BUDGET = settings(deadline=None, derandomize=os.environ.get("FUZZ_RANDOM") is None, database=None, print_blob=False,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                         HealthCheck.function_scoped_fixture])
TABLES = sorted(p.name for p in ECOSYSTEM.glob("*.csv"))


def assert_clean(done, codes=(0, 1, 2), *, one_line: bool = True) -> None:
    """A documented exit code; on failure one line (or one per problem) on stderr, each an Error; no traceback."""
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode in codes, (done.returncode, done.stderr)
    if done.returncode >= 2:
        lines = done.stderr.splitlines()
        assert lines and all(line.startswith("Error: ") for line in lines), done.stderr
        if one_line:
            assert len(lines) == 1, done.stderr


# ------------------------------------------------------------------ tables

def _mutations(original: bytes) -> st.SearchStrategy[bytes]:
    """What may happen to a table: random bytes, a cut, a huge cell, other encodings, other line ends, noise."""
    text = original.decode("utf-8")
    at = st.integers(0, len(original))
    return st.one_of(
        st.binary(max_size=600),
        at.map(lambda i: original[:i]),
        st.tuples(at, st.integers(20_000, 300_000)).map(lambda t: original[:t[0]] + b"x" * t[1] + original[t[0]:]),
        st.sampled_from(["latin-1", "utf-16", "utf-8-sig", "cp1252", "utf-32"]).map(
            lambda enc: text.replace("e", "é").encode(enc, "replace")),
        st.sampled_from(["\r\n", "\r", "\n\n", "\u2028"]).map(lambda end: text.replace("\n", end).encode()),
        st.tuples(at, st.binary(min_size=1, max_size=8)).map(lambda t: original[:t[0]] + t[1] + original[t[0]:]),
        st.tuples(at, st.sampled_from([b'"', b",", b"\n", b'""', b"\x00", b"\xff", b"\r"])).map(
            lambda t: original[:t[0]] + t[1] + original[t[0]:]),
    )


@st.composite
def broken_table(draw) -> tuple[str, bytes]:
    name = draw(st.sampled_from(TABLES))
    return name, draw(_mutations((ECOSYSTEM / name).read_bytes()))


@settings(BUDGET, max_examples=60 * SCALE)
@given(broken_table())
def test_fuzz_tables(case):
    name, data = case
    with tempfile.TemporaryDirectory() as tmp:
        tables = Path(tmp) / "tables"
        shutil.copytree(ECOSYSTEM, tables)
        (tables / name).write_bytes(data)
        out = Path(tmp) / "out"
        done = run_cli("build", "--tables", tables, "--out-dir", out, "--no-validate")
        assert_clean(done, (0, 2), one_line=False)
        if done.returncode:
            assert not out.exists() or not any(out.iterdir()), "a failed build wrote files"


# ------------------------------------------------------------------ query parameters and --sparql

WITH_PARAMS = sorted(name for name, q in catalogue().items() if q.params)
ODD_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=80)
VALUES = st.one_of(ODD_TEXT, st.sampled_from(['"', "'", "<", ">", "} ; DROP ALL ; {", "?x", "x\ny", "https://",
                                              "<https://w3id.org/bbkg/id/org/vib>", "1e999", "-0", "vib", ""]))


@settings(BUDGET, max_examples=50 * SCALE)
@given(st.sampled_from(WITH_PARAMS), st.lists(st.tuples(st.one_of(st.just("?"), ODD_TEXT), VALUES), max_size=3),
       st.sampled_from(["table", "csv", "json", "md"]))
def test_fuzz_query_parameters(ecosystem_trig, name, pairs, fmt):
    params = [q.name for q in catalogue()[name].params]
    args = []
    for key, value in pairs:
        args += ["-p", f"{params[len(args) % len(params)] if key == '?' else key}={value}"]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.txt"
        done = run_cli("query", name, *args, "--format", fmt, "--data", ecosystem_trig, "--out", out)
        assert_clean(done)
        assert out.exists() == (done.returncode in (0, 1))


TOKENS = ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "{", "}", "(", ")", ".", ";", ",", "*", "?s", "?p", "?o",
          "$x", "<https://w3id.org/bbkg/id/org/vib>", "<http://127.0.0.1:9/sparql>", "PREFIX", "bbkg:", "x:y", ":",
          "BASE", "<>", "FILTER", "OPTIONAL", "UNION", "MINUS", "GRAPH", "SERVICE", "SILENT", "VALUES", "UNDEF",
          "BIND", "AS", "FROM", "NAMED", "LIMIT", "OFFSET", "ORDER", "BY", "GROUP", "HAVING", "COUNT", "DISTINCT",
          '"a"', '"""x', "'y'", "@en", "^^", "1", "-2.5", "1e9", "true", "a", "#", "\n", "INSERT", "DATA", "LOAD",
          "DELETE", "REGEX(", "lang(", "\\", "'", '"', "<", "\u00e9", "[]", "_:b"]


@settings(BUDGET, max_examples=60 * SCALE)
@given(st.lists(st.one_of(st.sampled_from(TOKENS), ODD_TEXT.filter(lambda t: len(t) < 8)), max_size=30),
       st.sampled_from(["oxigraph", "rdflib"]), st.sampled_from(["table", "csv", "tsv", "json", "md"]))
def test_fuzz_sparql(ecosystem_trig, tokens, engine, fmt):
    done = run_cli("query", "--sparql", " ".join(tokens) or " ", "--engine", engine, "--format", fmt,
                   "--data", ecosystem_trig)
    assert_clean(done)


# ------------------------------------------------------------------ RDF files for load and --data

class Samples(dict):
    """RDF samples by file extension, shown short in Hypothesis's reports."""

    def __repr__(self) -> str:
        return "<RDF samples: " + ", ".join(self) + ">"


@pytest.fixture(scope="module")
def rdf_files(ecosystem_trig) -> Samples:
    """A small dataset in every format bbkg reads, by file extension."""
    quads = list(ox.parse(ecosystem_trig.read_bytes(), format=ox.RdfFormat.TRIG))[:150]
    triples = [q.triple for q in quads]
    return Samples({".trig": ox.serialize(quads, format=ox.RdfFormat.TRIG),
            ".nq": ox.serialize(quads, format=ox.RdfFormat.N_QUADS),
            ".jsonld": ox.serialize(quads, format=ox.RdfFormat.JSON_LD),
            ".ttl": ox.serialize(triples, format=ox.RdfFormat.TURTLE),
            ".nt": ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES),
            ".rdf": ox.serialize(triples, format=ox.RdfFormat.RDF_XML)})


@settings(BUDGET, max_examples=60 * SCALE)
@given(data=st.data())
def test_fuzz_rdf_files(rdf_files, data):
    suffix = data.draw(st.sampled_from(sorted(rdf_files)))
    content = data.draw(_mutations(rdf_files[suffix]))
    command = data.draw(st.sampled_from(["load", "query"]))
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / f"input{suffix}"
        file.write_bytes(content)
        store = Path(tmp) / "store"
        if command == "load":
            done = run_cli("load", file, "--store", store)
            assert_clean(done, (0, 2))
            assert store.exists() == (done.returncode == 0), "a failed load left a store"
        else:
            done = run_cli("query", "--sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--data", file)
            assert_clean(done, (0, 2))


# ------------------------------------------------------------------ endpoint answers

RESULTS_JSON = (b'{"head":{"vars":["s","n"]},"results":{"bindings":[{"s":{"type":"uri","value":"https://e.org/a"},'
                b'"n":{"type":"literal","value":"7","datatype":"http://www.w3.org/2001/XMLSchema#integer"}}]}}')
RESULTS_XML = (b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head><variable name="s"/>'
               b'</head><results><result><binding name="s"><uri>https://e.org/a</uri></binding></result></results></sparql>')
HUGE_JSON = (b'{"head":{"vars":["s"]},"results":{"bindings":['
             + b",".join(b'{"s":{"type":"literal","value":"%d"}}' % i for i in range(120_000)) + b"]}}")


class Answers(BaseHTTPRequestHandler):
    """Answers every request as ``server.plan`` says: (status, content type, body, drip), where drip is
    None or (what, seconds): the headers or the body sent a few bytes at a time."""

    protocol_version = "HTTP/1.0"

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        status, media, body, drip = self.server.plan
        head = f"HTTP/1.0 {status} Whatever\r\n" + (f"Content-Type: {media}\r\n" if media else "")
        head = (head + f"Content-Length: {len(body)}\r\n\r\n").encode()
        try:
            for part, slow in ((head, drip and drip[0] == "headers"), (body, drip and drip[0] == "body")):
                for i in range(0, len(part), 16 if slow else len(part) or 1):
                    self.wfile.write(part[i:i + (16 if slow else len(part))])
                    self.wfile.flush()
                    if slow:
                        time.sleep(drip[1])
        except OSError:
            pass  # the client gave up

    do_POST = do_GET


@pytest.fixture(scope="module")
def fake_endpoint():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


BODIES = st.one_of(
    st.sampled_from([RESULTS_JSON, RESULTS_XML, b"", b"<html><body>hello</body></html>", HUGE_JSON,
                     HUGE_JSON[: len(HUGE_JSON) // 2], b"\xff\xfe\x00garbage", b'{"boolean": true}']),
    st.tuples(st.sampled_from([RESULTS_JSON, RESULTS_XML]), st.integers(0, 300)).map(lambda t: t[0][:t[1]]),
    st.binary(max_size=300),
)
MEDIA = st.sampled_from(["application/sparql-results+json", "application/sparql-results+xml", "text/html",
                         "text/plain", "application/json", None, "application/sparql-results+json; charset=latin-1",
                         "x/y/z", "text/turtle"])
STATUS = st.sampled_from([200, 200, 200, 201, 204, 400, 401, 403, 404, 414, 429, 500, 503])


@settings(BUDGET, max_examples=30 * SCALE)
@given(STATUS, MEDIA, BODIES, st.sampled_from([None, None, None, ("body", 0.05), ("headers", 0.2)]),
       st.sampled_from(["SELECT ?s ?n WHERE { ?s ?p ?n }", "ASK { ?s ?p ?o }", "CONSTRUCT WHERE { ?s ?p ?o }"]))
def test_fuzz_endpoint_answers(fake_endpoint, status, media, body, drip, query):
    fake_endpoint.plan = (status, media, body, drip)
    url = f"http://127.0.0.1:{fake_endpoint.server_address[1]}/sparql"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "answer.txt"
        done = run_cli("query", "--sparql", query, "--endpoint", url, "--timeout", "0.4", "--format", "json",
                       "--out", out)
        assert_clean(done, (0, 1, 3))
        assert out.exists() == (done.returncode in (0, 1)), done.stderr


# ------------------------------------------------------------------ what the fuzzing found, pinned


def test_found_a_line_separator_in_a_message_stays_on_one_line(tmp_path):
    bad = tmp_path / "bad.nq"
    bad.write_bytes("<https://e.org/a> <https://e.org/b> \u2028 .\n".encode())
    done = run_cli("load", bad, "--store", tmp_path / "store")
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1, done.stderr
    assert "\\u2028" in done.stderr


@pytest.mark.parametrize("drip", [("body", 0.05), ("headers", 0.2)])
def test_found_a_dripping_error_page_or_header_is_cut_at_the_timeout(fake_endpoint, drip):
    fake_endpoint.plan = (500, "text/html", HUGE_JSON, drip)  # days to send at this pace
    url = f"http://127.0.0.1:{fake_endpoint.server_address[1]}/sparql"
    done = run_cli("query", "--sparql", "ASK {}", "--endpoint", url, "--timeout", "0.5")
    assert done.returncode == 3 and len(done.stderr.splitlines()) == 1, done.stderr
    if drip[0] == "headers":
        assert done.stderr == f"Error: {url}: no answer within 0.5 s (client timeout); check the server or raise --timeout\n"
    else:  # what came of the page in time is the server's message
        assert done.stderr.startswith(f"Error: {url}: HTTP 500 Whatever: {{\"head\"")
