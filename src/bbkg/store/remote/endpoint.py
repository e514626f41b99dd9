"""What an endpoint is: its query, update and Graph Store Protocol URLs, credentials and timeout, from
the caller's settings or the ``BBKG_ENDPOINT*`` environment variables.
"""

from __future__ import annotations

import os
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from bbkg.errors import UsageError

DEFAULT_TIMEOUT = 60.0


#: a query whose GET URL would be longer than this is sent by POST (many servers cap URLs near 8 KB,
#: some proxies at 2 KB)
GET_URL_LIMIT = 2000


ENV = {
    "endpoint": "BBKG_ENDPOINT",
    "update_endpoint": "BBKG_UPDATE_ENDPOINT",
    "graph_store_endpoint": "BBKG_GRAPH_STORE_ENDPOINT",
    "user": "BBKG_ENDPOINT_USER",
    "password": "BBKG_ENDPOINT_PASSWORD",
    "timeout": "BBKG_TIMEOUT",
}


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
    hostport = parts.netloc.rpartition("@")[2]  # the port as written: urllib raises on one that is not a number
    if hostport.startswith("["):
        rest = hostport.partition("]")[2]
        port = rest[1:] if rest.startswith(":") else ""
    else:
        port = hostport.rpartition(":")[2] if ":" in hostport else ""
    netloc = host + (f":{port}" if port else "")
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
        raise UsageError(f"endpoint {shown_url(url)!r} is not an http(s) URL", parameter="endpoint")
    try:
        parts.port  # noqa: B018 (urllib checks the port only when asked)
    except ValueError:
        raise UsageError(f"endpoint {shown_url(url)!r} has a port that is not a number from 0 to 65535",
                         parameter="endpoint") from None
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
