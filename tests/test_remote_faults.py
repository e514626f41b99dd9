"""Endpoint faults: each gives one line naming the endpoint and what happened, exit 3, no traceback,
no output file written. The servers are real HTTP servers on loopback (see remote_servers)."""

from __future__ import annotations

import base64
import os
import subprocess
import sys

import pytest

from conftest import ROOT, run_cli
from remote_servers import PASSWORD, USER, fault_server, free_port

FAULTS = [
    # (server mode, extra options, what the one line must say)
    ("400", [], "HTTP 400 Bad Request: Parse error: line 1, column 10: Encountered \"<EOF>\" (message from the server)"),
    ("401", [], "HTTP 401 Unauthorized: the server needs credentials; pass --user NAME and set BBKG_ENDPOINT_PASSWORD"),
    ("403", [], "HTTP 403 Forbidden: the server refuses this without credentials"),
    ("500", [], "HTTP 500 Internal Server Error: java.lang.OutOfMemoryError: the server failed"),
    ("414", [], "HTTP 414 URI Too Long: the server rejected the query as too long"),
    ("html", [], "the response is not valid SPARQL results: Content-Type 'text/html' is not a SPARQL results format"),
    ("garbage", [], "the response is not valid SPARQL results:"),
    ("hang", ["--timeout", "1"], "no answer within 1 s (client timeout); check the server or raise --timeout"),
    ("auth", ["--user", USER], "HTTP 403 Forbidden: the credentials given are wrong or not allowed to do this"),
]


@pytest.fixture(scope="module")
def faults():
    with fault_server() as server:
        yield server


def _one_line_error(done, endpoint: str, expected: str) -> None:
    assert done.returncode == 3, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"Error: {endpoint}: "), lines[0]
    assert expected in lines[0], lines[0]


@pytest.mark.parametrize(("mode", "options", "expected"), FAULTS, ids=[f[0] for f in FAULTS])
def test_fault_is_one_line_exit_3_and_writes_nothing(faults, tmp_path, mode, options, expected):
    endpoint = faults.url(mode)
    out = tmp_path / "result.csv"
    out.write_text("earlier output\n")
    env = {"BBKG_ENDPOINT_PASSWORD": "wrong-" + PASSWORD}
    done = run_cli("query", "--sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--endpoint", endpoint,
                   "--format", "csv", "--out", out, *options, env=env)
    _one_line_error(done, endpoint, expected)
    assert out.read_text() == "earlier output\n"  # untouched, no temporary file left beside it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["result.csv"]
    assert PASSWORD not in done.stderr + done.stdout


def test_connection_refused(tmp_path):
    endpoint = f"http://127.0.0.1:{free_port()}/query"
    out = tmp_path / "out.nq"
    done = run_cli("export", "--format", "nq", "--endpoint", endpoint, "--out", out)
    _one_line_error(done, endpoint, "connection refused; is the server running and the URL right?")
    assert not out.exists()


def test_right_credentials_are_sent_and_never_shown(faults):
    done = run_cli("query", "--sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv",
                   env={"BBKG_ENDPOINT": faults.url("auth"), "BBKG_ENDPOINT_USER": USER,
                        "BBKG_ENDPOINT_PASSWORD": PASSWORD})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["n", "7"]
    assert PASSWORD not in done.stderr + done.stdout


def test_user_without_password_is_a_usage_error(faults):
    env = {k: v for k, v in os.environ.items() if k != "BBKG_ENDPOINT_PASSWORD"}
    done = subprocess.run(
        [sys.executable, "-m", "bbkg", "query", "--sparql", "ASK {}", "--endpoint", faults.url("auth"), "--user", USER],
        check=False, cwd=ROOT, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "Error: --user needs a password: set BBKG_ENDPOINT_PASSWORD"


def test_long_get_rejected_with_414_is_sent_again_by_post(faults):
    faults.seen.clear()
    done = run_cli("query", "--sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--endpoint",
                   faults.url("414get"), "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert [method for method, mode, _ in faults.seen if mode == "414get"] == ["GET", "POST"]


def test_a_query_too_long_for_a_url_goes_by_post(faults):
    faults.seen.clear()
    values = " ".join(f"<https://example.org/thing/{i}>" for i in range(400))
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?x {{ {values} }} ?x ?p ?o }}"
    done = run_cli("query", "--sparql", query, "--endpoint", faults.url("ok"), "--format", "csv")
    assert done.returncode == 0, done.stderr
    (method, _, path), = faults.seen
    assert method == "POST" and "query=" not in path


def test_only_content_negotiation_no_format_parameters(faults):
    faults.seen.clear()
    done = run_cli("query", "--sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--endpoint",
                   faults.url("ok"), "--format", "csv")
    assert done.returncode == 0, done.stderr
    (method, _, path), = faults.seen
    assert method == "GET" and "query=" in path
    assert "format=" not in path and "output=" not in path


def test_reads_are_retried_after_a_dropped_connection(faults):
    done = run_cli("query", "--sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--endpoint",
                   faults.url("flaky"), "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert faults.flaky_count == 2


def test_writes_are_not_retried(faults, ecosystem_trig):
    faults.seen.clear()
    endpoint = faults.url("500")
    done = run_cli("push", "--endpoint", endpoint, "--update-endpoint", faults.url("500").replace("query", "update"),
                   "--graph-store-endpoint", faults.url("500").replace("query", "store"), "--data", ecosystem_trig)
    assert done.returncode == 3 and "Traceback" not in done.stderr
    error = done.stderr.strip().splitlines()[-1]
    assert "HTTP 500" in error and "push stopped before anything was replaced" in error
    puts = [m for m, _, _ in faults.seen if m == "PUT"]
    assert puts == ["PUT"]  # the failed upload was sent once


def test_an_endpoint_port_that_is_not_a_number_is_a_usage_error():
    done = run_cli("query", "most-connected", "--endpoint", "http://user:secret@127.0.0.1:notaport/query")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip() == ("Error: endpoint 'http://127.0.0.1:notaport/query' has a port that is not a "
                                   "number from 0 to 65535")


def test_secrets_echoed_by_a_server_are_never_printed(faults, monkeypatch):
    monkeypatch.setenv("BBKG_ENDPOINT_PASSWORD", PASSWORD)
    done = run_cli("query", "--sparql", "SELECT * WHERE { ?s ?p ?o }", "--endpoint", faults.url("echo"),
                   "--user", USER, "--format", "csv")
    assert done.returncode == 3 and "Traceback" not in done.stderr
    token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    assert PASSWORD not in done.stderr and token not in done.stderr
    assert "HTTP 500" in done.stderr and "Authorization: [hidden]" in done.stderr


def test_a_read_only_server_is_named_so_not_blamed_on_credentials(faults, ecosystem_trig, monkeypatch):
    monkeypatch.setenv("BBKG_ENDPOINT_PASSWORD", PASSWORD)
    done = run_cli("push", "--data", ecosystem_trig, "--endpoint", faults.url("readonly"), "--user", USER,
                   "--update-endpoint", faults.url("readonly"), "--graph-store-endpoint", faults.url("readonly"))
    assert done.returncode == 3 and "Traceback" not in done.stderr
    assert "the server is read-only: This endpoint is read-only" in done.stderr
    assert "credentials" not in done.stderr
