"""Paging a query: ``--limit N --offset M`` as SPARQL ``LIMIT``/``OFFSET`` on the outermost query.

The modifiers go into the query text itself, so that every engine (Oxigraph, rdflib, a remote
endpoint) stops as soon as it has the page, instead of bbkg throwing rows away after the engine
produced them all. A query that already ends with its own ``LIMIT``/``OFFSET`` keeps its meaning:
the page is taken inside the rows it returns (``OFFSET`` adds up, ``LIMIT`` is the smaller one).
A trailing ``VALUES`` block (after the solution modifiers) stays last, as the grammar wants.
"""

from __future__ import annotations

import re

from bbkg.errors import UsageError
from bbkg.sparql import words

_INTEGER = re.compile(r"\s*(\d+)")


def _outer_end(text: str) -> int:
    """Return the index just after the ``}`` that closes the outermost group pattern (0 when there is none)."""
    depth, end = 0, 0
    for word, start, _ in words(text):
        if word == "{":
            depth += 1
        elif word == "}":
            depth -= 1
            if depth == 0:
                end = start + 1
                if not _more_groups(text, start + 1):
                    return end
    return end


def _more_groups(text: str, i: int) -> bool:
    """Whether another group opens after ``i`` that is not a trailing ``VALUES`` block."""
    depth = 0
    for word, _, _ in words(text, i):
        if word == "VALUES" and depth == 0:
            return False
        if word == "{":
            return True
        if word == "}":
            depth -= 1
    return False


def _modifiers(text: str, start: int) -> tuple[dict[str, tuple[int, int, int]], int]:
    """Return the outermost LIMIT/OFFSET clauses after ``start`` (keyword -> (value, from, to)) and the
    index where a trailing VALUES block starts (or the end of the text)."""
    found: dict[str, tuple[int, int, int]] = {}
    depth = 0
    for word, begin, end in words(text, start):
        if word in "{}":
            depth += 1 if word == "{" else -1
        elif depth == 0 and word == "VALUES":
            return found, begin
        elif depth == 0 and word in ("LIMIT", "OFFSET"):
            m = _INTEGER.match(text, end)
            if m:
                found[word] = (int(m.group(1)), begin, m.end())
    return found, len(text)


def page(text: str, limit: int | None = None, offset: int | None = None) -> str:
    """Return ``text`` with ``LIMIT limit`` / ``OFFSET offset`` on its outermost query (combined with the
    query's own ones); unchanged when both are None."""
    if limit is None and offset is None:
        return text
    for name, value in (("limit", limit), ("offset", offset)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise UsageError(f"--{name} must be a whole number of rows, 0 or more (got {value!r})",
                             parameter=name, value=str(value))
    found, values_at = _modifiers(text, _outer_end(text))
    own_limit = found["LIMIT"][0] if "LIMIT" in found else None
    own_offset = found["OFFSET"][0] if "OFFSET" in found else 0
    skip = offset or 0
    new_offset = own_offset + skip
    new_limit = limit
    if own_limit is not None:
        left = max(0, own_limit - skip)
        new_limit = left if limit is None else min(left, limit)
    for _, begin, end in sorted(found.values(), key=lambda v: v[1], reverse=True):
        text = text[:begin] + text[end:]
        if begin < values_at:
            values_at -= end - begin
    clause = (f" LIMIT {new_limit}" if new_limit is not None else "") + (f" OFFSET {new_offset}" if new_offset else "")
    head, tail = text[:values_at].rstrip(), text[values_at:]
    return head + clause + "\n" + tail
