"""Bind parameters into SPARQL as RDF terms, the same way on every engine.

The bindings become a one-row ``VALUES`` block placed first in the query's top-level
``WHERE`` group, so that every pattern and filter of that group sees them, on Oxigraph,
rdflib and any remote endpoint alike. Terms are written by pyoxigraph in N-Triples
syntax (quotes, newlines and control characters escaped), so a value can never change
the structure of the query.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from bbkg.errors import QueryError

_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _skip_string(text: str, i: int) -> int:
    quote = text[i]
    long = text.startswith(quote * 3, i)
    end = quote * 3 if long else quote
    j = i + len(end)
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text.startswith(end, j):
            return j + len(end)
        if not long and text[j] == "\n":
            break
        j += 1
    return len(text)


def where_brace(text: str) -> int:
    """Return the index of the ``{`` that opens the query's top-level WHERE group."""
    depth = 0
    i = 0
    first_brace = None
    saw_where = False
    while i < len(text):
        c = text[i]
        if c == "#":
            nl = text.find("\n", i)
            i = len(text) if nl < 0 else nl + 1
            continue
        if c in "\"'":
            i = _skip_string(text, i)
            continue
        if c == "<":
            m = _IRIREF.match(text, i)
            if m:
                i = m.end()
                continue
        if c == "{":
            if depth == 0:
                if saw_where:
                    return i
                if first_brace is None:
                    first_brace = i
            depth += 1
        elif c == "}":
            depth -= 1
        elif depth == 0 and (c.isalpha() or c == "_") and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_?$:")):
            m = _WORD.match(text, i)
            word = m.group(0)
            if word.upper() == "WHERE":
                saw_where = True
            i = m.end()
            continue
        i += 1
    if first_brace is not None and not re.search(r"\bCONSTRUCT\b", text[:first_brace], re.I):
        return first_brace
    raise QueryError("cannot find the query's WHERE clause to bind parameters into")


def term_text(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    """Return a term in N-Triples syntax, safe to place in a query."""
    if isinstance(term, ox.BlankNode):
        raise QueryError("a parameter cannot be a blank node")
    return str(term)


def bind(query: str, bindings: dict[str, ox.NamedNode | ox.Literal] | None) -> str:
    """Return ``query`` with ``bindings`` (variable name -> term) as a VALUES block in WHERE.

    A sub-``SELECT`` that names a bound variable gets the same block, for the variables it names, first in
    its own ``WHERE`` group: a parameter means its value everywhere in the query (grlc substitutes it in
    the whole text), and a sub-query sees no binding from outside it otherwise. Named queries use this to
    start a sub-query from the value (see ``university-industry``).
    """
    if not bindings:
        return query
    names = list(bindings)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"invalid parameter name {name!r}")
    brace = where_brace(query)
    inserts = [(brace + 1, names)] + [(at, used) for at, used in _subquery_groups(query, brace, names) if used]
    for at, used in sorted(inserts, reverse=True):
        query = query[:at] + _values(used, bindings) + query[at:]
    return query


def _values(names: list[str], bindings: dict) -> str:
    return (" VALUES (" + " ".join("?" + n for n in names) + ") { ("
            + " ".join(term_text(bindings[n]) for n in names) + ") } ")


def _subquery_groups(text: str, brace: int, names: list[str]):
    """Yield (index after the ``{`` that opens a sub-SELECT's WHERE group, the ``names`` its group uses)
    for every sub-``SELECT`` inside the group that opens at ``brace``."""
    opened: list[tuple[int, bool, set]] = []  # each open group: where, whether a sub-SELECT's, its variables
    pending = False  # a SELECT was seen: its group is the next brace
    for word, start, _ in words(text, brace, variables=True):
        if word.startswith("?"):
            for _, _, used in opened:
                used.add(word[1:])
        elif word == "SELECT" and opened:
            pending = True
        elif word == "{":
            opened.append((start, pending, set()))
            pending = False
        elif word == "}" and opened:
            begin, subquery, used = opened.pop()
            if subquery:
                yield begin + 1, [n for n in names if n in used]
            if not opened:
                return


_UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
_PROLOGUE = re.compile(r"\s*(?:#[^\n]*\n|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)", re.I)


def update_keyword(text: str) -> str | None:
    """Return the keyword that opens ``text`` when it is a SPARQL update (``INSERT``, ``DROP``, ...), else None."""
    i = prologue_end(text)
    word = _WORD.match(text, len(text) - len(text[i:].lstrip()))
    if word and word.group(0).upper() in _UPDATE_WORDS:
        return word.group(0).upper()
    return None


def keywords(text: str):
    """Yield the words of a SPARQL text outside comments, strings and IRIs, upper-cased."""
    for word, _, _ in words(text):
        yield word


def words(text: str, start: int = 0, variables: bool = False):
    """Yield (WORD upper-cased, start, end) for the words of a SPARQL text outside comments, strings,
    IRIs and variable names; ``{`` and ``}`` are yielded too, so that groups can be followed, and with
    ``variables`` the variables (``?name``, as written)."""
    i = start
    while i < len(text):
        c = text[i]
        if c == "#":
            nl = text.find("\n", i)
            i = len(text) if nl < 0 else nl + 1
        elif c in "\"'":
            i = _skip_string(text, i)
        elif c == "<" and (m := _IRIREF.match(text, i)):
            i = m.end()
        elif c in "?$":
            m = _WORD.match(text, i + 1)
            if m and variables:
                yield "?" + m.group(0), i, m.end()
            i = m.end() if m else i + 1
        elif c in "{}":
            yield c, i, i + 1
            i += 1
        elif m := _WORD.match(text, i):
            if not (i and (text[i - 1].isalnum() or text[i - 1] in ":_")):
                yield m.group(0).upper(), i, m.end()
            i = m.end()
        else:
            i += 1


def skip_blank(text: str, i: int) -> int:
    """Return the index of the first character at or after ``i`` that is not white space or a comment."""
    while i < len(text):
        if text[i].isspace():
            i += 1
        elif text[i] == "#":
            nl = text.find("\n", i)
            i = len(text) if nl < 0 else nl + 1
        else:
            break
    return i


def prologue_end(text: str) -> int:
    """Return where the prologue (comments, PREFIX and BASE declarations) of a SPARQL text ends."""
    i = 0
    while True:
        m = _PROLOGUE.match(text, i)
        if not m or m.end() == i:
            return i
        i = m.end()
