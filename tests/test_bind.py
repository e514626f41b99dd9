"""Parameters bound into a query text (bbkg.sparql.bind): the top-level group and every sub-SELECT that names
them, the same rows on every engine."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from bbkg.sparql import bind
from bbkg.store import open_store

P = ox.NamedNode("http://example.org/p")
X, Y = ox.NamedNode("http://example.org/x"), ox.NamedNode("http://example.org/y")
A, B = ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/b")
QUADS = [ox.Quad(A, P, X), ox.Quad(B, P, Y), ox.Quad(X, P, Y)]


@pytest.fixture(scope="module", params=["oxigraph", "rdflib"])
def store(request):
    engine = open_store(request.param, data=[])
    engine.load(QUADS)
    return engine


def rows(store, text: str, **bindings) -> list:
    return sorted(tuple(t.value for t in row) for row in store.query(text, bindings).rows)


def test_a_sub_select_sees_the_parameter(store):
    """Without the block in the sub-query its ?_o_iri is a variable of its own, matching every object."""
    nested = "SELECT ?s WHERE { { SELECT ?s WHERE { ?s <http://example.org/p> ?_o_iri } } }"
    assert rows(store, nested, _o_iri=X) == [(A.value,)]
    assert rows(store, nested, _o_iri=Y) == [(B.value,), (X.value,)]
    deeper = ("SELECT ?s ?t WHERE { ?t <http://example.org/p> ?_o_iri . "
              "{ SELECT ?s WHERE { { SELECT ?s WHERE { ?s <http://example.org/p>* ?_o_iri } } } } }")
    assert rows(store, deeper, _o_iri=X) == [(A.value, A.value), (X.value, A.value)]


def test_blocks_go_only_where_a_parameter_is_named():
    text = ('SELECT ?s WHERE { ?s ?p ?_o_iri . { SELECT ?s WHERE { ?s ?q "?_o_iri" # ?_o_iri\n } }'
            " { SELECT (MAX(?d) AS ?m) WHERE { ?s <http://example.org/d> ?d } }"
            " { SELECT ?s WHERE { ?s ?r $_o_iri } } }")
    bound = bind(text, {"_o_iri": X})
    block = " VALUES (?_o_iri) { (<http://example.org/x>) } "
    assert bound.count(block) == 2
    assert bound.startswith("SELECT ?s WHERE {" + block)
    assert "{ SELECT ?s WHERE {" + block + " ?s ?r $_o_iri }" in bound
    assert '{ SELECT ?s WHERE { ?s ?q "?_o_iri"' in bound  # named only in a string and a comment
    assert "{ SELECT (MAX(?d) AS ?m) WHERE { ?s" in bound
    two = bind("SELECT * WHERE { { SELECT ?s WHERE { ?s ?_p_iri ?_o_iri } } }", {"_o_iri": X, "_p_iri": P})
    assert two.count(" VALUES (?_o_iri ?_p_iri) { (<http://example.org/x> <http://example.org/p>) } ") == 2
