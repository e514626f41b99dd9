"""A timed query run without a window: its time patterns left out, the same rows much sooner.

The named queries that take ``--as-of``/``--between`` (``from`` and ``to``) hold the patterns and the
filter :mod:`bbkg.query.time` generates, after the comment :data:`MARK`: ``OPTIONAL`` patterns that bind
a thing's dates and sources' dates, the date of the data, and one ``FILTER``. With neither ``from`` nor
``to`` bound, every part of that filter is true (each starts with ``!BOUND(?__to_xsd_date) ||`` or
``!BOUND(?__from_xsd_date) ||``), and the variables those patterns bind are used by nothing else; the
queries count or list with ``DISTINCT``, so the rows an ``OPTIONAL`` could repeat are not repeated
either. Leaving the block out then gives the same answer, without a lookup of the sources' dates
for every row (at 100,000 organisations, most of the time of these queries).

A timed query whose header names another query (``#+ windowless: partner-pairs``) runs that query's text
instead: it gives the same rows without a window, from facts derived for that (``active-partner-pairs``
reads the pair counts of ``partner-pairs`` then).
"""

from __future__ import annotations

from bbkg.query.catalogue import NamedQuery, load_query
from bbkg.query.time import FROM, TO

#: the comment that opens the time block of a named query
MARK = "# the window of time (see bbkg.query.time)"
FILTER = f"FILTER((!BOUND({TO})"


def query_text(named: NamedQuery, bindings: dict) -> str:
    """Return the text to run for ``named`` with ``bindings``: without its time block when it is timed and
    no window is bound, else as it is."""
    text = named.text
    if not named.timed or FROM[1:] in bindings or TO[1:] in bindings:
        return text
    if named.windowless:
        return load_query(named.path.with_name(f"{named.windowless}.rq")).text
    start = text.find(MARK)
    begin = text.find(FILTER, start) if start >= 0 else -1
    if begin < 0 or " DISTINCT " not in text.replace("(", " "):
        return text
    depth = 0
    for i in range(begin + len("FILTER"), len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return text[:start] + text[i + 1:]
    return text
