"""Remote SPARQL 1.1 endpoints: query through SPARQLWrapper, push with the Graph Store Protocol.

A :class:`RemoteStore` answers like the embedded engines (:class:`bbkg.store.QueryResult` with
pyoxigraph terms), so that queries, diagrams, exports and stats run unchanged against any
SPARQL 1.1 Protocol endpoint. Every failure (refused connection, client timeout, HTTP 4xx/5xx,
a body that is not SPARQL results) becomes one :class:`bbkg.errors.EndpointError` naming the
endpoint (exit code 3); credentials are never part of a message.

Reads are retried on connection errors and 502/503/504; writes are never retried.
:func:`push` uploads into fresh staging graphs, checks their triple counts on the server, then
swaps them in with one SPARQL Update request (``MOVE``), so that an interrupted push leaves the
target graphs as they were, and a completed one replaces them fully.
"""

from __future__ import annotations

import html
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.client import HTTPException, HTTPResponse
from pathlib import Path

import pyoxigraph as ox

from .errors import EndpointError, UsageError
from .namespaces import GRAPH
from .store import ENGINES, QueryResult, Term, _solutions_to_result

DEFAULT_TIMEOUT = 60.0
#: a query whose GET URL would be longer than this is sent by POST (many servers cap URLs near 8 KB,
#: some proxies at 2 KB)
GET_URL_LIMIT = 2000
#: triples per SPARQL Update request when the store has no Graph Store Protocol
UPDATE_BATCH = 2000
#: named graphs of bbkg's dataset; a push without --graph replaces these on the server
BBKG_GRAPHS = str(GRAPH)
STAGING = "urn:bbkg:push:"
READ_ATTEMPTS = 3
RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
ENV = {
    "endpoint": "BBKG_ENDPOINT",
    "update_endpoint": "BBKG_UPDATE_ENDPOINT",
    "graph_store_endpoint": "BBKG_GRAPH_STORE_ENDPOINT",
    "user": "BBKG_ENDPOINT_USER",
    "password": "BBKG_ENDPOINT_PASSWORD",
    "timeout": "BBKG_TIMEOUT",
}


# ------------------------------------------------------------------ endpoint settings


@dataclass
class Endpoint:
    """Where and how to reach a SPARQL service; ``kind`` is the server layout recognised from the URL."""

    query_url: str
    update_url: str | None = None
    graph_store_url: str | None = None
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = DEFAULT_TIMEOUT
    kind: str = "unknown"

    @property
    def shown(self) -> str:
        """The query URL as printed in messages: no user info, no query string."""
        return shown_url(self.query_url)


def shown_url(url: str) -> str:
    """Return ``url`` without user info and query string, safe to print."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def endpoint_layout(query_url: str) -> tuple[str, str | None, str | None]:
    """Recognise a server's URL layout: return (kind, update URL, Graph Store URL), None where unknown.

    Oxigraph serves ``/query``, ``/update`` and ``/store``; Fuseki ``/DATASET/query`` (or
    ``/sparql``), ``/DATASET/update`` and ``/DATASET/data``; GraphDB (RDF4J protocol) queries at
    ``/repositories/ID`` and updates at ``/repositories/ID/statements``; Virtuoso takes queries and
    updates at ``/sparql`` (``/sparql-auth``). Where no Graph Store URL is derived, push uses SPARQL Update.
    """
    parts = urllib.parse.urlsplit(query_url)
    path = parts.path.rstrip("/")

    def at(new_path: str) -> str:
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, new_path, "", ""))

    if path == "/query":
        return "oxigraph", at("/update"), at("/store")
    if m := re.fullmatch(r"(/.+)/(query|sparql)", path):
        return "fuseki", at(m.group(1) + "/update"), at(m.group(1) + "/data")
    if m := re.fullmatch(r"(.*/repositories/[^/]+)", path):
        return "graphdb", at(m.group(1) + "/statements"), None
    if path in ("/sparql", "/sparql-auth"):
        return "virtuoso", at(path), None
    return "unknown", None, None


def make_endpoint(
    url: str | None = None,
    *,
    update_url: str | None = None,
    graph_store_url: str | None = None,
    user: str | None = None,
    password: str | None = None,
    timeout: float | None = None,
) -> Endpoint:
    """Return the endpoint settings, filling what is not given from ``BBKG_*`` variables and the URL layout."""
    url = url or os.environ.get(ENV["endpoint"])
    if not url:
        raise UsageError("no endpoint: pass --endpoint URL or set BBKG_ENDPOINT")
    update_url = update_url or os.environ.get(ENV["update_endpoint"]) or None
    graph_store_url = graph_store_url or os.environ.get(ENV["graph_store_endpoint"]) or None
    user = user or os.environ.get(ENV["user"]) or None
    if password is None:
        password = os.environ.get(ENV["password"])
    if timeout is None:
        raw = os.environ.get(ENV["timeout"])
        try:
            timeout = float(raw) if raw else DEFAULT_TIMEOUT
        except ValueError:
            raise UsageError(f"BBKG_TIMEOUT={raw!r} is not a number of seconds") from None
    if timeout <= 0:
        raise UsageError("the timeout must be a positive number of seconds")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"endpoint {shown_url(url)!r} is not an http(s) URL")
    if parts.username:  # credentials written into the URL move to the Authorization header
        user = user or urllib.parse.unquote(parts.username)
        if parts.password is not None and password is None:
            password = urllib.parse.unquote(parts.password)
        netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
        url = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    kind, derived_update, derived_store = endpoint_layout(url)
    return Endpoint(
        query_url=url,
        update_url=update_url or derived_update,
        graph_store_url=graph_store_url or derived_store,
        user=user,
        password=password if user else None,
        timeout=timeout,
        kind=kind,
    )


# ------------------------------------------------------------------ HTTP and errors


def _server_message(body: bytes | None) -> str:
    """Return the server's error text on one line, HTML markup removed, at most 300 characters."""
    if not body:
        return ""
    text = body.decode("utf-8", "replace")
    if re.search(r"(?i)<(!doctype|html|body|title|/p>|/h[1-6]>|pre>)", text):
        text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", text)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = " ".join(text.split())
    return text[:297] + "..." if len(text) > 300 else text


def _http_error(endpoint: Endpoint, url: str, code: int, reason: str, body: bytes | None, action: str) -> EndpointError:
    """Turn an HTTP error status into a one-line EndpointError; credentials are never shown."""
    where = f"{shown_url(url)}: {action}" if action else shown_url(url)
    message = _server_message(body)
    said = f": {message}" if message else ""
    if code == 401:
        hint = (
            "the server refused the credentials given; check --user and BBKG_ENDPOINT_PASSWORD"
            if endpoint.user else
            "the server needs credentials; pass --user NAME and set BBKG_ENDPOINT_PASSWORD"
        )
        return EndpointError(f"{where}: HTTP 401 Unauthorized: {hint}")
    if code == 403:
        hint = (
            "the credentials given are wrong or not allowed to do this"
            if endpoint.user else
            "the server refuses this without credentials; pass --user NAME and set BBKG_ENDPOINT_PASSWORD"
        )
        return EndpointError(f"{where}: HTTP 403 Forbidden: {hint}")
    if code == 414:
        return EndpointError(f"{where}: HTTP 414 URI Too Long: the server rejected the query as too long{said}")
    if code == 404:
        return EndpointError(f"{where}: HTTP 404 Not Found: no such service at this URL; check the endpoint URL{said}")
    return EndpointError(f"{where}: HTTP {code} {reason or ''}".rstrip() + said)


def _transport_error(endpoint: Endpoint, url: str, exc: BaseException, action: str) -> EndpointError:
    """Turn a connection-level failure into a one-line EndpointError."""
    where = f"{shown_url(url)}: {action}" if action else shown_url(url)
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return EndpointError(
            f"{where}: no answer within {endpoint.timeout:g} s (client timeout); "
            "check the server or raise --timeout"
        )
    if isinstance(reason, ConnectionRefusedError):
        return EndpointError(f"{where}: connection refused; is the server running and the URL right?")
    if isinstance(reason, socket.gaierror):
        return EndpointError(f"{where}: cannot resolve host {urllib.parse.urlsplit(url).hostname!r}")
    if isinstance(reason, (ConnectionResetError, BrokenPipeError, HTTPException, ConnectionAbortedError)):
        return EndpointError(f"{where}: the server closed the connection before answering ({type(reason).__name__})")
    text = getattr(reason, "strerror", None) or str(reason) or type(reason).__name__
    return EndpointError(f"{where}: cannot connect: {text}")


def _retriable(exc: BaseException) -> bool:
    """Whether a failed read may be tried again: connection errors and 502/503/504, never timeouts."""
    if isinstance(exc, urllib.error.HTTPError):
        return exc.code in (502, 503, 504)
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return False
    return isinstance(reason, (ConnectionError, HTTPException))


def _read_body(response: HTTPResponse, deadline: float) -> bytes:
    """Read the whole response body, failing with TimeoutError once ``deadline`` has passed."""
    chunks = []
    while True:
        if time.monotonic() > deadline:
            raise TimeoutError("the response did not complete in time")
        chunk = response.read1(65536)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _auth_header(endpoint: Endpoint) -> dict[str, str]:
    import base64

    if not endpoint.user:
        return {}
    token = base64.b64encode(f"{endpoint.user}:{endpoint.password or ''}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def _send(
    endpoint: Endpoint,
    request: urllib.request.Request,
    action: str,
    *,
    read: bool,
) -> tuple[bytes, str]:
    """Send a request; return (body, content type). Reads are retried, writes sent once."""
    attempts = READ_ATTEMPTS if read else 1
    for attempt in range(attempts):
        deadline = time.monotonic() + endpoint.timeout
        try:
            with urllib.request.urlopen(request, timeout=endpoint.timeout) as response:
                body = _read_body(response, deadline)
                return body, response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            if attempt + 1 < attempts and _retriable(exc):
                time.sleep(0.3 * (attempt + 1))
                continue
            try:
                body = exc.read()
            except (OSError, HTTPException):
                body = b""
            raise _http_error(endpoint, request.full_url, exc.code, exc.reason, body, action) from None
        except (urllib.error.URLError, OSError, HTTPException) as exc:
            if attempt + 1 < attempts and _retriable(exc):
                time.sleep(0.3 * (attempt + 1))
                continue
            raise _transport_error(endpoint, request.full_url, exc, action) from None
    raise AssertionError("unreachable")


# ------------------------------------------------------------------ the store


def _parse_results(endpoint: Endpoint, kind: str, body: bytes, content_type: str) -> QueryResult:
    """Parse a query response body by its media type; anything else is an EndpointError."""
    media = content_type.split(";")[0].strip().lower()
    where = endpoint.shown
    try:
        if kind == "graph":
            fmt = ox.RdfFormat.from_media_type(media) if media else None
            if fmt is None:
                raise ValueError(f"Content-Type {media or 'missing'!r} is not an RDF format")
            triples = [q.triple for q in ox.parse(body, format=fmt)]
            return QueryResult("graph", triples=triples)
        fmt = ox.QueryResultsFormat.from_media_type(media) if media else None
        if fmt is None:
            raise ValueError(f"Content-Type {media or 'missing'!r} is not a SPARQL results format")
        result = _solutions_to_result(ox.parse_query_results(body, format=fmt))
    except (SyntaxError, ValueError, UnicodeDecodeError) as exc:
        detail = " ".join(str(getattr(exc, "msg", None) or exc).split())[:200]
        raise EndpointError(f"{where}: the response is not valid SPARQL results: {detail}") from None
    if result.kind != kind:
        raise EndpointError(f"{where}: the response is not valid SPARQL results: expected {kind}, got {result.kind}")
    return result


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

        from .sparql import bind

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
            if "HTTP 414" not in str(exc) or request.get_method() == "POST":
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
        from .build import parse_rdf_file

        self.load(parse_rdf_file(path))

    def _update_url(self) -> str:
        if not self.endpoint.update_url:
            raise UsageError(
                f"{self.endpoint.shown}: no update URL known for this server; pass --update-endpoint"
            )
        return self.endpoint.update_url


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


# ------------------------------------------------------------------ push


@dataclass
class PushReport:
    """What :func:`push` did: triples per target graph as counted on the server afterwards."""

    endpoint: str
    method: str
    graphs: dict[str, int]
    dropped: list[str] = field(default_factory=list)
    union_default_graph: bool | None = None

    @property
    def total(self) -> int:
        """Triples on the server in the pushed graphs."""
        return sum(self.graphs.values())


def plan_push(quads: Iterable[ox.Quad], graph: str | None = None) -> dict[str, list[ox.Triple]]:
    """Map the dataset onto server graphs: each named graph to itself, or (``graph``) their union to one.

    Triples of the dataset's default graph go to ``graph``, or to the server's default graph
    (key ``""``) when no ``graph`` is given. Each graph's triples are distinct and sorted.
    """
    targets: dict[str, set[ox.Triple]] = {}
    for quad in quads:
        if graph:
            key = graph
        elif isinstance(quad.graph_name, ox.DefaultGraph):
            key = ""
        else:
            key = quad.graph_name.value
        targets.setdefault(key, set()).add(quad.triple)
    return {
        key: sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
        for key, triples in sorted(targets.items())
    }


def push(
    store: RemoteStore,
    quads: Iterable[ox.Quad],
    *,
    graph: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> PushReport:
    """Replace graphs on the server with the dataset, all or nothing; return what the server then holds.

    Without ``graph`` each named graph replaces the graph of the same IRI, and other graphs under
    ``https://w3id.org/bbkg/graph/`` (sources no longer in the dataset) are dropped; with ``graph``
    the union of all graphs replaces that one graph. The data goes first to staging graphs (Graph
    Store Protocol PUT, or SPARQL Update in batches without one), whose triple counts are checked
    on the server; one SPARQL Update request then moves them onto the targets.
    """
    say = progress or (lambda _msg: None)
    endpoint = store.endpoint
    store._update_url()  # fail early when no update URL is known
    plan = plan_push(quads, graph)
    if not plan:
        raise UsageError("nothing to push: the data holds no triples")
    run = uuid.uuid4().hex
    staging = {target: f"{STAGING}{run}/{i}" for i, target in enumerate(plan)}
    method = "graph store protocol" if endpoint.graph_store_url else "SPARQL update"
    try:
        for target, triples in plan.items():
            what = f"<{target}>" if target else "the default graph"
            say(f"uploading {len(triples)} triples for {what}")
            if endpoint.graph_store_url:
                store.put_graph(staging[target], triples, action=f"upload for {what}")
            else:
                for batch in _batches(triples):
                    store.update(_insert_data(staging[target], batch))
        counts = store.graph_counts(staging.values())
        for target, triples in plan.items():
            got = counts.get(staging[target], 0)
            if got != len(triples):
                raise EndpointError(
                    f"{endpoint.shown}: the server holds {got} of the {len(triples)} triples uploaded for "
                    f"{('<' + target + '>') if target else 'the default graph'}"
                )
        stale = []
        if graph is None:
            present = store.graph_counts()
            stale = sorted(g for g in present if g.startswith(BBKG_GRAPHS) and g not in plan)
    except (EndpointError, UsageError) as exc:
        _drop_quietly(store, staging.values())
        raise EndpointError(_then(exc.first.message, "push stopped before anything was replaced on the server")) from None
    swap = [
        f"MOVE GRAPH <{staging[target]}> TO " + (f"GRAPH <{target}>" if target else "DEFAULT")
        for target in plan
    ] + [f"DROP SILENT GRAPH <{g}>" for g in stale]
    say(f"replacing {len(plan)} graph(s) in one update")
    try:
        store.update(" ;\n".join(swap), action="swapping the uploaded graphs in")
    except EndpointError as exc:
        _drop_quietly(store, staging.values())
        raise EndpointError(_then(
            exc.first.message,
            "the swap is one update request, applied by the server entirely or not at all: run `bbkg push` again",
        )) from None
    counts = store.graph_counts([t for t in plan if t])
    if "" in plan:
        counts[""] = int(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0].value)
    for target, triples in plan.items():
        if target and counts.get(target, 0) != len(triples):
            raise EndpointError(
                f"{endpoint.shown}: after the push <{target}> holds {counts.get(target, 0)} triples, "
                f"expected {len(triples)}"
            )
    report = PushReport(endpoint.shown, method, {k: counts.get(k, 0) for k in plan}, stale)
    if graph is None:
        report.union_default_graph = bool(store.query("ASK { ?s ?p ?o }").boolean)
    return report


def _then(message: str, more: str) -> str:
    """Append a sentence to an error message."""
    if message.endswith("?"):
        return f"{message} {more[0].upper()}{more[1:]}"
    return f"{message.rstrip('.')}; {more}"


def _drop_quietly(store: RemoteStore, graphs: Iterable[str]) -> None:
    """Best effort: remove staging graphs after a failure (the server may be gone)."""
    try:
        store.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))
    except (EndpointError, UsageError):
        pass


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


ENGINES["remote"] = RemoteStore
