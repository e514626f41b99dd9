"""The :class:`RemoteStore`: queries through SPARQLWrapper (GET, or POST when the URL would be too long),
loading through the Graph Store Protocol or SPARQL Update in batches.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from bbkg.errors import EndpointError, UsageError
from bbkg.store.base import QueryResult, Term
from bbkg.store.remote.endpoint import GET_URL_LIMIT, Endpoint, make_endpoint
from bbkg.store.remote.http import GRAPH_ACCEPT, RESULTS_ACCEPT, _auth_header, _parse_results, _send


class RemoteStore:
    """A SPARQL 1.1 Protocol endpoint seen through the :class:`bbkg.store.Store` interface.

    Without ``graph`` queries see the server's default graph (for Oxigraph the union of its
    named graphs, asked for with ``union-default-graph``); with ``graph`` they are scoped to that
    named graph (the ``default-graph-uri`` of the SPARQL protocol).
    """

    name = "remote"

    def __init__(self, endpoint: Endpoint | str | None = None, *, graph: str | None = None) -> None:
        self.endpoint = endpoint if isinstance(endpoint, Endpoint) else make_endpoint(endpoint)
        self.graph = graph

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoint.shown!r}, graph={self.graph!r})"

    # -- reading

    def query(self, sparql: str, bindings: dict[str, Term] | None = None, origin: str | None = None) -> QueryResult:
        """Run a query on the endpoint; parameters are bound with :func:`bbkg.sparql.bind`."""
        from SPARQLWrapper import GET, POST, SPARQLWrapper

        from bbkg.sparql import bind

        text = bind(sparql, bindings)
        endpoint = self.endpoint
        wrapper = SPARQLWrapper(endpoint.query_url, agent="bbkg (SPARQLWrapper)")
        wrapper.setOnlyConneg(True)  # no format/output parameters: Fuseki rejects unknown values with 400
        wrapper.setQuery(text)
        if wrapper.isSparqlUpdateRequest():
            raise UsageError("this is a SPARQL update; bbkg runs updates only through `bbkg push`")
        kind = {"SELECT": "select", "ASK": "ask"}.get(wrapper.queryType, "graph")
        wrapper.addCustomHttpHeader("Accept", GRAPH_ACCEPT if kind == "graph" else RESULTS_ACCEPT)
        for header, value in _auth_header(endpoint).items():
            wrapper.addCustomHttpHeader(header, value)
        if self.graph:
            wrapper.addDefaultGraph(self.graph)
        elif endpoint.kind == "oxigraph":
            wrapper.addParameter("union-default-graph", "")
        if endpoint.kind in ("fuseki", "graphdb"):
            wrapper.addParameter("timeout", str(max(1, int(endpoint.timeout))))
        elif endpoint.kind == "virtuoso":
            wrapper.addParameter("timeout", str(int(endpoint.timeout * 1000)))
        wrapper.setMethod(GET)
        request = wrapper._createRequest()
        if len(request.full_url) > GET_URL_LIMIT:
            wrapper.setMethod(POST)
            request = wrapper._createRequest()
        try:
            body, content_type = _send(endpoint, request, "", read=True)
        except EndpointError as exc:
            if exc.status != 414 or request.get_method() == "POST":
                raise
            wrapper.setMethod(POST)  # a server with a shorter URL limit than ours: say it again by POST
            body, content_type = _send(endpoint, wrapper._createRequest(), "", read=True)
        return _parse_results(endpoint, kind, body, content_type)

    def quads(self) -> list[ox.Quad]:
        """Return every quad of the named graphs (only ``graph`` when one is set)."""
        if self.graph:
            store = RemoteStore(self.endpoint)
            rows = store.query("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": ox.NamedNode(self.graph)}).rows
            graph = ox.NamedNode(self.graph)
            return [ox.Quad(s, p, o, graph) for s, p, o in rows]
        rows = self.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }").rows
        return [ox.Quad(s, p, o, g) for g, s, p, o in rows]

    def dump(self, handle, fmt: ox.RdfFormat, prefixes: dict[str, str] | None = None) -> None:
        """Write the data to ``handle`` (this engine has no streaming writer: its quads, serialised)."""
        from bbkg.store.base import dump_quads

        dump_quads(self.quads(), handle, fmt, prefixes, keeps_graphs=fmt.supports_datasets and self.graph is None)

    def count(self) -> int:
        """Return the number of quads in the named graphs (in ``graph`` when one is set)."""
        bindings = {"g": ox.NamedNode(self.graph)} if self.graph else None
        result = RemoteStore(self.endpoint).query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", bindings)
        return int(result.rows[0][0].value)

    def graph_counts(self, graphs: Iterable[str] | None = None) -> dict[str, int]:
        """Return {graph IRI: triples} for the server's named graphs (or just these ones)."""
        store = RemoteStore(self.endpoint)
        query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        if graphs is not None:
            graphs = list(graphs)
            if not graphs:
                return {}
            values = " ".join(f"<{g}>" for g in graphs)
            query = f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g"
        rows = store.query(query).rows
        return {g.value: int(n.value) for g, n in rows if isinstance(g, ox.NamedNode)}

    # -- writing (never retried)

    def update(self, sparql: str, action: str = "update") -> None:
        """Run a SPARQL Update on the update endpoint (sent once, by POST)."""
        url = self._update_url()
        data = urllib.parse.urlencode({"update": sparql}).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", **_auth_header(self.endpoint)}
        request = urllib.request.Request(url, data=data, headers=headers, method="POST")
        _send(self.endpoint, request, action, read=False)

    def put_graph(self, graph: str | None, triples: Iterable[ox.Triple], action: str | None = None) -> None:
        """Replace one graph (None: the default graph) with the Graph Store Protocol, in one PUT."""
        base = self.endpoint.graph_store_url
        if not base:
            raise UsageError("no Graph Store Protocol URL; pass --graph-store-endpoint")
        target = urllib.parse.urlencode({"graph": graph}) if graph else "default"
        url = base + ("&" if "?" in base else "?") + target
        body = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES)
        headers = {"Content-Type": "application/n-triples", **_auth_header(self.endpoint)}
        request = urllib.request.Request(url, data=body, headers=headers, method="PUT")
        action = action or (f"upload to graph <{graph}>" if graph else "upload")
        _send(self.endpoint, request, action, read=False)

    def load(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads with SPARQL Update ``INSERT DATA`` in batches."""
        by_graph: dict[str | None, list[ox.Triple]] = {}
        for quad in quads:
            name = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
            by_graph.setdefault(name, []).append(quad.triple)
        for graph, triples in by_graph.items():
            for batch in _batches(triples):
                self.update(_insert_data(graph, batch))

    def load_file(self, path: Path) -> None:
        """Add the contents of an RDF file."""
        from bbkg.rdfio import parse_rdf_file

        self.load(parse_rdf_file(path))

    def _update_url(self) -> str:
        if not self.endpoint.update_url:
            raise UsageError(
                f"{self.endpoint.shown}: no update URL known for this server; pass --update-endpoint"
            )
        return self.endpoint.update_url


def open_remote(
    endpoint: str | None = None,
    *,
    graph: str | None = None,
    update_endpoint: str | None = None,
    graph_store_endpoint: str | None = None,
    user: str | None = None,
    password: str | None = None,
    timeout: float | None = None,
) -> RemoteStore:
    """Return a :class:`RemoteStore` for these settings (missing ones from ``BBKG_*`` variables)."""
    settings = make_endpoint(
        endpoint, update_url=update_endpoint, graph_store_url=graph_store_endpoint,
        user=user, password=password, timeout=timeout,
    )
    return RemoteStore(settings, graph=graph)


#: triples per SPARQL Update request when the store has no Graph Store Protocol
UPDATE_BATCH = 2000

def _batches(triples: list[ox.Triple]) -> Iterable[list[ox.Triple]]:
    """Split triples into update batches; triples with blank nodes stay together in the last one
    (a blank node label only names the same node within one request)."""
    plain = [t for t in triples if not isinstance(t.subject, ox.BlankNode) and not isinstance(t.object, ox.BlankNode)]
    blank = [t for t in triples if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)]
    for start in range(0, len(plain), UPDATE_BATCH):
        yield plain[start:start + UPDATE_BATCH]
    if blank:
        yield blank


def _insert_data(graph: str | None, triples: list[ox.Triple]) -> str:
    body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode()
    return f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}}} }}" if graph else f"INSERT DATA {{\n{body}}}"
