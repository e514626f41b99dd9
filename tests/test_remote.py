"""The remote path against a real Oxigraph server: identical answers, push, serve, settings."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pyoxigraph as ox
import pytest

from bbkg.errors import EndpointError
from bbkg.query.catalogue import catalogue
from bbkg.query.params import bind_params
from bbkg.store.remote.client import RemoteStore
from bbkg.store.remote.endpoint import endpoint_layout, make_endpoint
from bbkg.store.remote.push import plan_push, push
from answers import comparable as _comparable
from answers import fixture_values, nonempty as _nonempty
from conftest import ROOT, run_cli
from remote_servers import cutting_proxy, free_port, oxigraph_server, wait_listening

EX = "https://example.org/"


@pytest.fixture(scope="session")
def oxigraph_url(tmp_path_factory):
    """A real Oxigraph server (plain `oxigraph serve`, no union flag) holding the pushed fixture ecosystem."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as base:
        yield base


@pytest.fixture(scope="session")
def remote(oxigraph_url, ecosystem_trig):
    """The fixture ecosystem pushed to the server with `bbkg push`; the store to query it."""
    done = run_cli("push", "--endpoint", f"{oxigraph_url}/query", "--data", ecosystem_trig)
    assert done.returncode == 0, done.stderr
    return RemoteStore(f"{oxigraph_url}/query")


# ------------------------------------------------------------------ identical answers


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_named_query_same_answers_remotely(name, remote, ecosystem_store):
    named = catalogue()[name]
    values = fixture_values(named, ecosystem_store)
    local_bindings = bind_params(named, values, ecosystem_store)
    remote_bindings = bind_params(named, values, remote)  # names resolved through the endpoint too
    assert remote_bindings == local_bindings
    expected = ecosystem_store.query(named.text, local_bindings)
    got = remote.query(named.text, remote_bindings)
    assert got.kind == expected.kind
    assert _comparable(got) == _comparable(expected)


def test_fixture_values_give_every_named_query_an_answer(ecosystem_store):
    # the comparison above means something only when there is something to compare
    empty = [name for name, named in catalogue().items()
             if not _nonempty(ecosystem_store.query(named.text,
                                                    bind_params(named, fixture_values(named, ecosystem_store),
                                                                ecosystem_store)))]
    assert empty == []


def test_export_and_stats_same_as_embedded(remote, oxigraph_url, ecosystem_trig):
    endpoint = f"{oxigraph_url}/query"
    for args in (["export", "--format", "nq"], ["stats", "--format", "json"]):
        here = run_cli(*args, "--data", ecosystem_trig)
        there = run_cli(*args, "--endpoint", endpoint)
        assert there.returncode == 0, there.stderr
        assert there.stdout == here.stdout


def test_query_cli_same_table_and_env_endpoint(remote, oxigraph_url, ecosystem_trig):
    here = run_cli("query", "organisations-by-region", "--data", ecosystem_trig)
    there = run_cli("query", "organisations-by-region", env={"BBKG_ENDPOINT": f"{oxigraph_url}/query"})
    assert there.returncode == 0, there.stderr
    assert there.stdout == here.stdout and here.stdout.count("\n") > 3


def test_long_query_goes_by_post(remote, ecosystem_store):
    # a query far longer than any GET URL limit: a VALUES block of 400 IRIs
    values = " ".join(f"<{EX}thing/{i}>" for i in range(400))
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?x {{ {values} }} ?s ?p ?o FILTER(?s = ?x) }}"
    assert len(query) > 10000
    assert _comparable(remote.query(query)) == _comparable(ecosystem_store.query(query))


def test_graph_scope_and_count(remote, ecosystem_store):
    source = "https://w3id.org/bbkg/graph/source/fixture-report"
    scoped = RemoteStore(remote.endpoint, graph=source)
    expected = sum(1 for q in ecosystem_store.quads() if q.graph_name == ox.NamedNode(source))
    assert scoped.count() == expected > 0
    assert len(scoped.quads()) == expected
    n = scoped.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
    assert int(n.value) == expected


# ------------------------------------------------------------------ settings


def test_layouts_are_derived():
    assert endpoint_layout("http://h:7878/query") == ("oxigraph", "http://h:7878/update", "http://h:7878/store")
    assert endpoint_layout("http://h:3030/bbkg/sparql") == ("fuseki", "http://h:3030/bbkg/update",
                                                            "http://h:3030/bbkg/data")
    assert endpoint_layout("http://h:7200/repositories/bbkg") == (
        "graphdb", "http://h:7200/repositories/bbkg/statements", None)
    assert endpoint_layout("http://h:8890/sparql") == ("virtuoso", "http://h:8890/sparql", None)
    assert endpoint_layout("http://h:7001/")[1:] == (None, None)


def test_serve_refuses_a_busy_address(oxigraph_url):
    done = run_cli("serve", "--bind", oxigraph_url.removeprefix("http://"))
    assert done.returncode == 2
    assert done.stderr.startswith(f"Error: cannot listen on {oxigraph_url.removeprefix('http://')}: ")


def test_settings_from_environment_and_url_credentials(monkeypatch):
    monkeypatch.setenv("BBKG_ENDPOINT", "http://u%40x:pw@h:3030/ds/query")
    monkeypatch.setenv("BBKG_TIMEOUT", "7.5")
    monkeypatch.setenv("BBKG_UPDATE_ENDPOINT", "http://h:3030/ds/other-update")
    settings = make_endpoint()
    assert settings.query_url == "http://h:3030/ds/query"
    assert (settings.user, settings.password, settings.timeout) == ("u@x", "pw", 7.5)
    assert settings.update_url == "http://h:3030/ds/other-update"
    assert settings.graph_store_url == "http://h:3030/ds/data"
    assert "pw" not in repr(settings) and "pw" not in settings.shown


# ------------------------------------------------------------------ push


def _canonical(quads) -> frozenset[ox.Quad]:
    """Quads as a set with blank nodes relabelled canonically, so that datasets compare as datasets."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return frozenset(dataset)


def _bbkg_quads(store: RemoteStore) -> frozenset[ox.Quad]:
    return _canonical(q for q in store.quads() if q.graph_name.value.startswith("https://w3id.org/bbkg/graph/"))


@pytest.fixture()
def fresh_server(tmp_path):
    """A separate Oxigraph server per test, for tests that change what the server holds."""
    with oxigraph_server(tmp_path / "db") as base:
        yield base


def _versions(ecosystem_trig):
    """Two versions of the dataset: v1 the fixture, v2 with a graph changed, one dropped, one added."""
    from bbkg.rdfio import parse_rdf_file

    v1 = list(parse_rdf_file(ecosystem_trig))
    news = ox.NamedNode("https://w3id.org/bbkg/graph/source/fixture-news")
    added = ox.NamedNode("https://w3id.org/bbkg/graph/source/added-later")
    v2 = [q for q in v1 if q.graph_name != news]
    v2 += [ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(f"{EX}p"), ox.Literal(str(i)), added) for i in range(50)]
    return v1, v2


def test_push_replaces_fully_and_drops_stale_graphs(fresh_server, ecosystem_trig):
    store = RemoteStore(f"{fresh_server}/query")
    v1, v2 = _versions(ecosystem_trig)
    report = push(store, v1)
    assert report.total == len(set(v1)) and _bbkg_quads(store) == _canonical(v1)
    report = push(store, v2)
    assert _bbkg_quads(store) == _canonical(v2)
    assert report.dropped == ["https://w3id.org/bbkg/graph/source/fixture-news"]
    assert not [g for g in store.graph_counts() if g.startswith("urn:bbkg:push:")]


def test_push_with_sparql_update_batches_and_one_graph(fresh_server, ecosystem_trig, monkeypatch):
    import bbkg.store.remote.client

    monkeypatch.setattr(bbkg.store.remote.client, "UPDATE_BATCH", 300)  # several batches
    store = RemoteStore(f"{fresh_server}/query")
    store.endpoint.graph_store_url = None
    v1, _ = _versions(ecosystem_trig)
    report = push(store, v1, graph=f"{EX}all")
    assert report.method == "SPARQL update"
    assert report.graphs == {f"{EX}all": len({q.triple for q in v1})}
    pushed = RemoteStore(store.endpoint, graph=f"{EX}all").quads()
    expected = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(f"{EX}all")) for t in plan_push(v1, f"{EX}all")[f"{EX}all"]]
    assert _canonical(pushed) == _canonical(expected)


@pytest.mark.parametrize("cut", ["put", "move"])
def test_interrupted_push_leaves_graphs_as_they_were(fresh_server, ecosystem_trig, tmp_path, cut):
    direct = RemoteStore(f"{fresh_server}/query")
    v1, v2 = _versions(ecosystem_trig)
    push(direct, v1)
    v2_file = tmp_path / "v2.nq"
    v2_file.write_bytes(ox.serialize(v2, format=ox.RdfFormat.N_QUADS))
    port = int(fresh_server.rsplit(":", 1)[1])
    with cutting_proxy(port, cut) as proxy:
        done = run_cli("push", "--endpoint", f"http://127.0.0.1:{proxy.port}/query", "--data", v2_file)
        assert proxy.cuts == 1
    assert done.returncode == 3, done.stderr
    error = done.stderr.strip().splitlines()[-1]
    assert error.startswith(f"Error: http://127.0.0.1:{proxy.port}/") and "Traceback" not in done.stderr
    assert "closed the connection" in error
    assert ("before anything was replaced" in error) if cut == "put" else ("entirely or not at all" in error)
    assert _bbkg_quads(direct) == _canonical(v1)  # as it was: not emptied, not half-loaded
    assert not [g for g in direct.graph_counts() if g.startswith("urn:bbkg:push:")]
    # and the same push through a healthy connection replaces everything
    done = run_cli("push", "--endpoint", f"{fresh_server}/query", "--data", v2_file)
    assert done.returncode == 0, done.stderr
    assert _bbkg_quads(direct) == _canonical(v2)
    assert f"the server holds {len(set(v2))} triples" in done.stdout


def test_push_to_killed_server_fails_cleanly(tmp_path, ecosystem_trig):
    with oxigraph_server(tmp_path / "db") as base:
        pass  # started and stopped: nothing listens any more
    done = run_cli("push", "--endpoint", f"{base}/query", "--data", ecosystem_trig)
    assert done.returncode == 3
    assert done.stderr.strip().splitlines()[-1].startswith(f"Error: {base}/store")
    assert "connection refused" in done.stderr


# ------------------------------------------------------------------ serve


def test_serve_answers_queries_and_stops_cleanly(ecosystem_trig, ecosystem_store, tmp_path):
    port = free_port()
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    server = subprocess.Popen(
        [sys.executable, "-m", "bbkg", "serve", "--bind", f"127.0.0.1:{port}", "--data", str(ecosystem_trig)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        first = server.stdout.readline()
        assert first.strip() == f"SPARQL endpoint: http://127.0.0.1:{port}/query (read-only)", server.stderr.read()
        wait_listening(port)
        endpoint = f"http://127.0.0.1:{port}/query"
        for name in ("organisations-by-region", "partner-pairs"):
            here = run_cli("query", name, "--data", ecosystem_trig, "--format", "csv")
            there = run_cli("query", name, "--endpoint", endpoint, "--format", "csv")
            assert there.returncode == 0, there.stderr
            assert sorted(there.stdout.splitlines()) == sorted(here.stdout.splitlines())
        # read-only: a push is refused with a one-line error
        refused = run_cli("push", "--endpoint", endpoint, "--data", ecosystem_trig)
        assert refused.returncode == 3 and "HTTP 403" in refused.stderr
        assert len(os.listdir(temp)) == 1  # the temporary database
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=20)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert server.returncode == 0, err
    assert "stopped" in out and "Traceback" not in err
    assert os.listdir(temp) == []  # temporary database removed
    with pytest.raises(EndpointError, match="connection refused"):
        RemoteStore(endpoint).count()


def test_python_api_on_an_endpoint(remote, oxigraph_url, ecosystem_store):
    from bbkg.api import open_graph

    kg = open_graph(endpoint=f"{oxigraph_url}/query", timeout=30)
    rows = kg.run("partners-of", org="Gamma Bio")
    assert sorted(r["partner"] for r in rows) == sorted(
        row[0].value for row in ecosystem_store.query(
            "SELECT ?p WHERE { ?x <https://w3id.org/bbkg/ontology#hasParticipant> "
            "<https://w3id.org/bbkg/id/org/gamma-bio>, ?p FILTER(?p != <https://w3id.org/bbkg/id/org/gamma-bio>) }"
        ).rows
    )


def test_limit_offset_pages_are_slices_on_the_endpoint_too(remote, ecosystem_store):
    from bbkg.query.paging import page

    named = catalogue()["organisations-by-region"]
    full = remote.query(named.text).rows
    assert len(full) >= 3 and full == ecosystem_store.query(named.text).rows
    for limit, offset in ((2, 1), (None, 2), (1, len(full) - 1)):
        assert remote.query(page(named.text, limit, offset)).rows == full[offset:][:limit]
