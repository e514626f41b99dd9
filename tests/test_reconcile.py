"""`bbkg serve`'s W3C reconciliation API (v0.2), tested against the running server with the specification's
JSON schemas (tests/fixtures/reconciliation-0.2): the manifest, batches of queries by multilingual names,
KBO and ROR numbers and types, previews linking to the entity pages; SPARQL still answered behind it."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, run_cli
from remote_servers import free_port, wait_listening

SCHEMAS = FIXTURES / "reconciliation-0.2"


def _validator(name: str):
    from jsonschema import Draft7Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7

    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in SCHEMAS.glob("*.json")}
    registry = Registry().with_resources(
        (s["$id"], Resource.from_contents(s, default_specification=DRAFT7)) for s in schemas.values())
    schema = schemas[name]
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, registry=registry)


@pytest.fixture(scope="module")
def service(shipped_site):
    """`bbkg serve` on the shipped graph, with the shipped site at /site/; its base URL."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "bbkg", "serve", "--bind", f"127.0.0.1:{port}",
                               "--site", str(shipped_site)], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        lines = [server.stdout.readline() for _ in range(4)]
        assert f"reconciliation service (W3C API v0.2, OpenRefine): http://127.0.0.1:{port}/reconcile\n" in lines, \
            (lines, server.stderr.read() if server.poll() is not None else "")
        wait_listening(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.send_signal(signal.SIGINT)
        try:
            out, err = server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            out, err = server.communicate()
    assert server.returncode == 0 and "Traceback" not in err, err


def _get(url: str) -> tuple[int, dict, bytes]:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return answer.status, dict(answer.headers), answer.read()


def _reconcile(base: str, batch: dict, method: str = "POST") -> dict:
    _validator("reconciliation-query-batch.json").validate(batch)  # what we send is a valid batch
    data = urllib.parse.urlencode({"queries": json.dumps(batch)})
    if method == "POST":
        request = urllib.request.Request(f"{base}/reconcile", data=data.encode(), method="POST")
    else:
        request = urllib.request.Request(f"{base}/reconcile?{data}")
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.headers["Access-Control-Allow-Origin"] == "*"  # v0.2 makes CORS mandatory
        result = json.loads(answer.read())
    _validator("reconciliation-result-batch.json").validate(result)
    assert set(result) == set(batch)
    return result


def test_manifest_passes_the_schema(service):
    status, headers, body = _get(f"{service}/reconcile")
    manifest = json.loads(body)
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    _validator("manifest.json").validate(manifest)
    assert manifest["versions"] == ["0.2"]
    assert manifest["identifierSpace"] == "https://w3id.org/bbkg/id/"
    assert manifest["view"]["url"] == f"{service}/reconcile/view?id={{{{id}}}}"
    assert {"id": "Company", "name": "Company"} in manifest["defaultTypes"]


def test_names_in_any_language_with_or_without_accents(service):
    batch = {"q0": {"query": "Université de Mons"}, "q1": {"query": "universite de mons"},
             "q2": {"query": "Universität Mons"}, "q3": {"query": "Universiteit Gent"},
             "q4": {"query": "Ghent University", "type": "University", "limit": 2},
             "q5": {"query": "Galapagoss"}, "q6": {"query": "no such organisation at all qqq"}}
    for method in ("POST", "GET"):
        result = _reconcile(service, batch, method)
        assert [r["id"] for r in result["q0"]["result"]][:1] == ["org/umons"] and result["q0"]["result"][0]["match"]
        assert result["q1"]["result"][0]["id"] == "org/umons" and result["q1"]["result"][0]["score"] == 100
        assert result["q2"]["result"][0]["id"] == "org/umons"
        assert result["q3"]["result"][0]["id"] == "org/ghent-university"
        assert len(result["q4"]["result"]) <= 2
        assert all(t["id"] == "University" for r in result["q4"]["result"] for t in r["type"])
        misspelt = result["q5"]["result"][0]
        assert misspelt["id"] == "org/galapagos" and not misspelt["match"] and misspelt["score"] < 100
        assert result["q6"]["result"] == []


def test_kbo_and_ror_numbers_decide(service):
    batch = {"q0": {"query": "MyCartis", "properties": [{"pid": "kboNumber", "v": "0866952940"}]},
             "q1": {"query": "BE 0707.821.866"},
             "q2": {"properties": [{"pid": "rorId", "v": "006e5kg04"}]},
             "q3": {"query": "MyCartis", "properties": [{"pid": "kboNumber", "v": "0707.821.866"}]}}
    result = _reconcile(service, batch)
    assert result["q0"]["result"][0]["id"] == "org/mycartis" and result["q0"]["result"][0]["match"]
    assert result["q1"]["result"][0]["id"] == "org/sequana-medical" and result["q1"]["result"][0]["match"]
    assert result["q2"]["result"][0]["id"] == "org/vub"
    # the number names another company: that one comes first, MyCartis (by name only) is no certain match
    assert result["q3"]["result"][0]["id"] == "org/sequana-medical"
    assert not any(r["match"] for r in result["q3"]["result"] if r["id"] == "org/mycartis")


def test_preview_links_to_the_entity_page_and_the_page_is_served(service, shipped_site):
    status, headers, body = _get(f"{service}/reconcile/preview?id=org%2Fumons")
    page = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    link = f"{service}/site/id/org/umons/index.html"
    assert f'href="{link}"' in page and "University of Mons" in page
    # the manifest's view link (ids hold a slash, which clients percent-encode) leads to the same page
    request = urllib.request.Request(f"{service}/reconcile/view?id=org%2Fumons")
    opener = urllib.request.build_opener(type("NoRedirect", (urllib.request.HTTPRedirectHandler,),
                                              {"redirect_request": lambda *a, **k: None}))
    with pytest.raises(urllib.error.HTTPError) as redirect:
        opener.open(request, timeout=30)
    assert redirect.value.code == 303 and redirect.value.headers["Location"] == link
    status, headers, body = _get(link)
    assert status == 200 and body == (Path(shipped_site) / "id/org/umons/index.html").read_bytes()
    assert _get(f"{service}/site/id/org/umons/index.ttl")[1]["Content-Type"].startswith("text/turtle")
    for bad in ("/site/../../etc/passwd", "/site/%2e%2e/%2e%2e/etc/passwd", "/reconcile/preview?id=nobody", "/reconcile/view?id=org%2Fnobody"):
        with pytest.raises(urllib.error.HTTPError) as error:
            _get(f"{service}{bad}")
        assert error.value.code == 404


def test_bad_batch_is_refused_and_sparql_still_answers(service):
    request = urllib.request.Request(f"{service}/reconcile", data=b"queries=%5B1%2C2%5D", method="POST")
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=30)
    assert error.value.code == 400 and b"not a batch" in error.value.read()
    here = run_cli("query", "spin-off-leaders", "--format", "csv")
    there = run_cli("query", "spin-off-leaders", "--endpoint", f"{service}/query", "--format", "csv")
    assert there.returncode == 0, there.stderr
    assert there.stdout == here.stdout


def test_imported_enterprises_are_found_by_their_kbo_number():
    """An organisation minted by the KBO import (id/enterprise/<10 digits>) is a candidate like a curated one."""
    import pyoxigraph as ox

    from bbkg.serve.reconcile import Reconciler
    from bbkg.store import open_store

    store = open_store("oxigraph", data=[])
    store.load(ox.parse(b"""
        @prefix bbkg: <https://w3id.org/bbkg/ontology#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <https://w3id.org/bbkg/id/enterprise/0403199702> a bbkg:Company , bbkg:Organisation ;
            skos:prefLabel "Acme Biologics" ; bbkg:kboNumber "0403.199.702" .
        """, format=ox.RdfFormat.TURTLE))
    reconciler = Reconciler.from_store(store, page="https://example.org/{id}")
    result = reconciler.reconcile({"q0": {"query": "BE0403199702"}, "q1": {"query": "acme biologics"}})
    _validator("reconciliation-result-batch.json").validate(result)
    for key in ("q0", "q1"):
        assert result[key]["result"][0]["id"] == "enterprise/0403199702" and result[key]["result"][0]["match"]
    assert 'href="https://example.org/enterprise/0403199702"' in reconciler.preview("enterprise/0403199702")
