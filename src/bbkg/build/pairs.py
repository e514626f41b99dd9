"""The pair counts the query ``partner-pairs`` reads: for every two organisations that take part in the same
partnerships of one graph, how many they share.

A ``bbkg:PartnerPair`` node per unordered pair (``bbkg:pairOrganisation`` the participant whose IRI sorts
first, ``bbkg:pairPartner`` the other, ``bbkg:sharedPartnerships`` the count), and ``bbkg:countedInPairs
true`` on every partnership counted. Counts are per graph: the node's IRI names the graph's scope
(``id/pair/<scope>/<hash of both IRIs>``), so the counts of two graphs (the build's derived graph, an
import) stay apart in their union and add up; the query sums them, and counts the partnerships without
``bbkg:countedInPairs`` itself.

``bbkg build`` writes them into its derived graph for the curated partnerships, ``bbkg import cordis``
into the import's graph for its projects.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from bbkg.namespaces import BBKG, ID, XSD

PAIR_ORGANISATION = ox.NamedNode(BBKG.pairOrganisation)
PAIR_PARTNER = ox.NamedNode(BBKG.pairPartner)
SHARED = ox.NamedNode(BBKG.sharedPartnerships)
COUNTED = ox.NamedNode(BBKG.countedInPairs)
TRUE = ox.Literal("true", datatype=ox.NamedNode(XSD.boolean))
INTEGER = ox.NamedNode(XSD.integer)


def pair_counts(teams: Iterable[tuple[ox.NamedNode, Iterable[ox.NamedNode]]]) -> tuple[list[ox.NamedNode], Counter]:
    """Return the partnerships and, per pair of participants (the lesser IRI first), the partnerships they share."""
    teams_of: dict[ox.NamedNode, set[ox.NamedNode]] = {}
    for partnership, participants in teams:
        teams_of.setdefault(partnership, set()).update(participants)
    shared: Counter = Counter()
    for participants in teams_of.values():
        members = sorted(participants, key=lambda n: n.value)
        for i, first in enumerate(members):
            for second in members[i + 1:]:
                shared[(first, second)] += 1
    return list(teams_of), shared


def pair_iri(scope: str, first: ox.NamedNode, second: ox.NamedNode) -> ox.NamedNode:
    """The node of a pair in a scope (one scope per graph that states counts)."""
    digest = hashlib.sha1(f"{first.value} {second.value}".encode()).hexdigest()[:20]
    return ox.NamedNode(ID[f"pair/{scope}/{digest}"])


def pair_quads(teams: Iterable[tuple[ox.NamedNode, Iterable[ox.NamedNode]]], graph: ox.NamedNode,
               scope: str) -> Iterator[ox.Quad]:
    """The pair nodes and the ``bbkg:countedInPairs`` marks of ``teams`` (partnership, participants), in ``graph``."""
    counted, shared = pair_counts(teams)
    for partnership in counted:
        yield ox.Quad(partnership, COUNTED, TRUE, graph)
    for (first, second), count in sorted(shared.items(), key=lambda item: (item[0][0].value, item[0][1].value)):
        pair = pair_iri(scope, first, second)
        yield ox.Quad(pair, PAIR_ORGANISATION, first, graph)
        yield ox.Quad(pair, PAIR_PARTNER, second, graph)
        yield ox.Quad(pair, SHARED, ox.Literal(str(count), datatype=INTEGER), graph)
