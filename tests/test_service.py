"""SERVICE: off by default on every embedded engine, in `--store` and in `bbkg serve`; with --allow-service
run by bbkg against a real local endpoint (the Oxigraph server), within --timeout (issue 12)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from bbkg.errors import EndpointError
from bbkg.store import EMBEDDED
from bbkg.store.remote.client import RemoteStore
from conftest import run_cli
from remote_servers import fault_server, free_port, oxigraph_server, start_serve, stop_serve

EX = "https://example.org/"
#: what the endpoint holds: three people, two of them with an age
REMOTE_TTL = f"""<{EX}ann> <{EX}name> "Ann" ; <{EX}age> 31 .
<{EX}bob> <{EX}name> "Bob" ; <{EX}age> 45 .
<{EX}cyd> <{EX}name> "Cyd"@en .
"""


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    """A real Oxigraph server holding REMOTE_TTL in its default graph; its query URL."""
    with oxigraph_server(tmp_path_factory.mktemp("service-db")) as base:
        store = RemoteStore(f"{base}/query")
        store.put_graph(None, [q.triple for q in ox.parse(REMOTE_TTL.encode(), format=ox.RdfFormat.TURTLE)])
        yield f"{base}/query"


def _service_query(url: str, silent: str = "") -> str:
    return (f"PREFIX ex: <{EX}>\nSELECT ?who ?name ?age WHERE {{\n  SERVICE {silent} <{url}> "
            "{ ?who ex:name ?name OPTIONAL { ?who ex:age ?age } }\n} ORDER BY ?name")


def _silent_query(url: str) -> str:
    # a local binding beside the clause: rdflib returns no row whose values are all unbound
    return (f"PREFIX ex: <{EX}>\nSELECT ?here ?name WHERE {{ BIND('here' AS ?here) "
            f"SERVICE SILENT <{url}> {{ ?who ex:name ?name }} }}")


@pytest.mark.parametrize("engine", EMBEDDED)
def test_allowed_service_runs_against_a_local_endpoint(engine, endpoint, ecosystem_trig):
    done = run_cli("query", "--sparql", _service_query(endpoint), "--allow-service", "--engine", engine,
                   "--data", ecosystem_trig, "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["who,name,age", f"{EX}ann,Ann,31", f"{EX}bob,Bob,45", f"{EX}cyd,Cyd,"]


def test_a_service_answer_joins_with_local_data(endpoint, ecosystem_trig):
    # one ?x bound locally, the same ?x asked remotely: the join keeps Bob only
    query = (f"PREFIX ex: <{EX}>\nSELECT ?name WHERE {{ VALUES ?who {{ ex:bob ex:nobody }} "
             f"SERVICE <{endpoint}> {{ ?who ex:name ?name }} }}")
    done = run_cli("query", "--sparql", query, "--allow-service", "--data", ecosystem_trig, "-f", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["name", "Bob"]


@pytest.mark.parametrize("engine", EMBEDDED)
def test_allowed_service_obeys_the_timeout(engine, ecosystem_trig):
    with fault_server() as slow:  # accepts the request and never answers
        done = run_cli("query", "--sparql", _service_query(slow.url("hang")), "--allow-service", "--timeout", "0.5",
                       "--engine", engine, "--data", ecosystem_trig)
        silent = run_cli("query", "--sparql", _silent_query(slow.url("hang")), "--allow-service",
                         "--timeout", "1", "--engine", engine, "--data", ecosystem_trig, "-f", "csv")
    assert done.returncode == 3 and done.stdout == ""
    assert done.stderr == (f"Error: SERVICE {slow.url('hang')}: no answer within 0.5 s (client timeout); "
                           "check the server or raise --timeout\n")
    # SILENT: the failing service gives one empty solution, joined with the local one
    assert silent.returncode == 0 and silent.stdout.splitlines() == ["here,name", "here,"], silent.stderr


def test_service_is_refused_on_a_store_and_needs_no_endpoint_option(tmp_path, ecosystem_trig, endpoint):
    store = tmp_path / "store"
    assert run_cli("load", ecosystem_trig, "--store", store).returncode == 0
    refused = run_cli("query", "--sparql", _service_query(endpoint), "--store", store)
    assert refused.returncode == 2 and "has a SERVICE clause" in refused.stderr and "--allow-service" in refused.stderr
    allowed = run_cli("query", "--sparql", _service_query(endpoint), "--store", store, "--allow-service", "-f", "csv")
    assert allowed.returncode == 0 and len(allowed.stdout.splitlines()) == 4, allowed.stderr
    both = run_cli("query", "--sparql", "ASK {}", "--endpoint", endpoint, "--allow-service")
    assert both.returncode == 2 and "--allow-service is for the embedded engines" in both.stderr


def test_rdflib_never_fetches_a_from_url(ecosystem_trig):
    with fault_server() as elsewhere:
        url = elsewhere.url("data")
        done = run_cli("query", "--sparql", f"SELECT ?s ?p ?o FROM <{url}> WHERE {{ ?s ?p ?o }}", "--engine", "rdflib",
                       "--data", ecosystem_trig, "-f", "csv")
        assert elsewhere.seen == []  # nothing was fetched: FROM names a graph of the data
    assert done.returncode == 0 and done.stdout.splitlines() == ["s,p,o"], done.stderr


# ------------------------------------------------------------------ bbkg serve


def test_serve_refuses_service_and_load_by_default(ecosystem_trig, endpoint):
    port = free_port()
    server = start_serve(port, ecosystem_trig)
    url = f"http://127.0.0.1:{port}/query"
    try:
        with fault_server() as elsewhere:
            done = run_cli("query", "--sparql", _service_query(elsewhere.url("any")), "--endpoint", url)
            assert elsewhere.seen == []  # nothing was fetched
        assert done.returncode == 3 and done.stderr.count("\n") == 1
        assert done.stderr.startswith(f"Error: {url}: HTTP 400 Bad Request: the query has a SERVICE clause, which "
                                      "would make this server fetch another endpoint; start `bbkg serve "
                                      "--allow-service` only for clients you trust")
        plain = run_cli("query", "--sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--endpoint", url)
        assert plain.returncode == 0, plain.stderr  # everything else passes through
        with pytest.raises(EndpointError) as caught:
            RemoteStore(url).update(f"LOAD <{endpoint}>")
        assert caught.value.status == 400 and "LOAD would make this server fetch a URL" in caught.value.message
    finally:
        stop_serve(server)


def test_serve_runs_allowed_service_within_its_timeout(ecosystem_trig, endpoint):
    port = free_port()
    server = start_serve(port, ecosystem_trig, "--allow-service", "--timeout", "1")
    url = f"http://127.0.0.1:{port}/query"
    try:
        done = run_cli("query", "--sparql", _service_query(endpoint), "--endpoint", url, "-f", "csv")
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines() == ["who,name,age", f"{EX}ann,Ann,31", f"{EX}bob,Bob,45", f"{EX}cyd,Cyd,"]
        with fault_server() as slow:
            late = run_cli("query", "--sparql", _service_query(slow.url("hang")), "--endpoint", url)
        assert late.returncode == 3 and late.stderr.count("\n") == 1
        assert f"HTTP 500 Internal Server Error: SERVICE {slow.url('hang')}: no answer within 1 s" in late.stderr
    finally:
        stop_serve(server)
