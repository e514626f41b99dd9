"""SERVICE clauses: refused unless allowed; when allowed, run by bbkg itself, within the timeout.

A query from elsewhere (a named query file, a ``--sparql`` text, a request to ``bbkg serve``)
must not make this machine fetch URLs, so a ``SERVICE`` clause is refused by default. When the
user allows it, bbkg does not let the engine fetch (pyoxigraph, rdflib and the Oxigraph server
wait for a slow endpoint as long as it takes): each ``SERVICE <IRI> { P }`` is sent as
``SELECT * WHERE { P }`` (with the query's prologue) through bbkg's own endpoint client, which
obeys the timeout, sends no credentials and turns every failure into one line; the answers
replace the clause as a ``VALUES`` block, which the engine joins exactly as it would have
joined the service's solutions (SPARQL evaluates ``SERVICE`` on its own, then joins). With
``SILENT`` a failing service gives one empty solution, as the standard says (the clause is
dropped: that solution is the identity of the join).
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from bbkg.errors import BbkgError, EndpointError, QueryError
from bbkg.sparql import _IRIREF, prologue_end, skip_blank, words

SERVICE_HINT = "allow it with --allow-service only for queries you trust (bbkg then fetches it within --timeout)"
_PREFIXED = re.compile(r"([A-Za-z][\w.-]*)?:([\w.:%-]*)")
_PREFIX_DECL = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.I)


def has_service(text: str) -> bool:
    """Return whether a SPARQL text has a SERVICE clause (outside strings, IRIs and comments)."""
    if "service" not in text.lower():  # the usual case, without reading the text word by word
        return False
    return any(word == "SERVICE" for word, _, _ in words(text))


def run_service(text: str, origin: str | None = None, *, allow: bool = False, timeout: float | None = None,
                machine: str = "this machine", hint: str = SERVICE_HINT) -> str:
    """Return the query to run: ``text`` itself when it has no SERVICE clause; with ``allow``, each
    SERVICE clause replaced by its endpoint's answers. Raise :class:`QueryError` when it has one and
    ``allow`` is false, :class:`EndpointError` when an endpoint fails (and the clause is not SILENT)."""
    if not has_service(text):
        return text
    if not allow:
        raise QueryError(f"the query has a SERVICE clause, which would make {machine} fetch another endpoint; "
                         + hint, path=origin)
    prologue = text[:prologue_end(text)]
    pieces = []
    done = 0
    while True:
        found = next(((s, e) for w, s, e in words(text, done) if w == "SERVICE"), None)
        if found is None:
            return "".join(pieces) + text[done:]
        start, end = found
        silent, url, open_brace = _clause_head(text, end, prologue, origin)
        close = _matching_brace(text, open_brace, origin)
        pieces += [text[done:start], _answers(url, prologue, text[open_brace + 1:close], silent, timeout)]
        done = close + 1


def _clause_head(text: str, i: int, prologue: str, origin: str | None) -> tuple[bool, str, int]:
    """Read ``[SILENT] <IRI> {`` after SERVICE; return (silent, endpoint URL, index of the brace)."""
    i = skip_blank(text, i)
    silent = text[i:i + 6].upper() == "SILENT" and not text[i + 6:i + 7].isalnum()
    if silent:
        i = skip_blank(text, i + 6)
    if m := _IRIREF.match(text, i):
        url, i = m.group(0)[1:-1], m.end()
    elif text[i:i + 1] in ("?", "$"):
        raise QueryError("SERVICE with a variable endpoint is not supported; name the endpoint by its IRI",
                         path=origin)
    elif m := _PREFIXED.match(text, i):
        prefixes = {p or "": iri for p, iri in _PREFIX_DECL.findall(prologue)}
        if (m.group(1) or "") not in prefixes:
            raise QueryError(f"SERVICE {m.group(0)}: unknown prefix {m.group(1) or ''}:", path=origin)
        url, i = prefixes[m.group(1) or ""] + m.group(2), m.end()
    else:
        raise QueryError("SERVICE needs an endpoint IRI and a group { ... }", path=origin)
    i = skip_blank(text, i)
    if text[i:i + 1] != "{":
        raise QueryError(f"SERVICE <{url}> needs a group {{ ... }}", path=origin)
    return silent, url, i


def _matching_brace(text: str, open_brace: int, origin: str | None) -> int:
    depth = 0
    for word, start, _ in words(text, open_brace):
        if word == "{":
            depth += 1
        elif word == "}":
            depth -= 1
            if depth == 0:
                return start
    raise QueryError("SPARQL syntax error: a SERVICE group { ... } is not closed", path=origin)


def _answers(url: str, prologue: str, pattern: str, silent: bool, timeout: float | None) -> str:
    """Fetch ``SELECT * WHERE { pattern }`` from ``url``; return its solutions as a group with a VALUES block."""
    from bbkg.sparql import term_text
    from bbkg.store.remote.client import RemoteStore
    from bbkg.store.remote.endpoint import DEFAULT_TIMEOUT, Endpoint, endpoint_layout, shown_url

    if not re.match(r"(?i)https?://[^/?#]+", url):
        raise QueryError(f"SERVICE <{url}>: only http(s) endpoints can be queried")
    # no credentials: the user's --user and password go to --endpoint only, never to a URL a query names
    endpoint = Endpoint(query_url=url, timeout=timeout or DEFAULT_TIMEOUT, kind=endpoint_layout(url)[0])
    try:
        result = RemoteStore(endpoint).query(f"{prologue}SELECT * WHERE {{{pattern}}}")
        names = " ".join(f"?{v}" for v in result.variables)
        rows = []
        for row in result.rows:
            if any(isinstance(term, ox.BlankNode) for term in row):
                raise EndpointError(f"SERVICE <{shown_url(url)}> answered a blank node, which cannot be joined "
                                    "with local data; select IRIs or literals")
            rows.append("(" + " ".join("UNDEF" if t is None else term_text(t) for t in row) + ")")
    except BbkgError as exc:
        if silent:
            return " "  # one empty solution, the identity of the join: as if the clause were not there
        if isinstance(exc, EndpointError) and not exc.message.startswith("SERVICE"):
            raise EndpointError(f"SERVICE {exc.message}", status=exc.status) from None
        raise
    if not result.variables:  # solutions without variables: the identity of the join, or nothing
        return " " if rows else "{ FILTER(false) }"
    return "{ VALUES (" + names + ") { " + " ".join(rows) + " } }"
