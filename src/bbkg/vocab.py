"""The project's controlled vocabulary in one place: kinds, languages, segments, the one label
ranking, and how a date of a given precision becomes an ``xsd:date``.

Nothing here imports rdflib or pyoxigraph: every stage may use it.
"""

from __future__ import annotations

import re
from datetime import date

LANGS = ("en", "nl", "fr", "de")

ORG_KINDS = (
    "University",
    "ResearchInstitute",
    "Company",
    "GovernmentAgency",
    "IndustryAssociation",
    "Cluster",
    "Investor",
    "SciencePark",
)
PLACE_KINDS = ("Country", "Region", "Province")

PARTNERSHIP_KINDS = (
    "research-collaboration",
    "licensing",
    "co-development",
    "funding",
    "infrastructure",
    "technology-transfer",
    "eu-research-project",
    "manufacturing",
    "economic-development",
    "investment-promotion",
    "sector-representation",
)

#: activity areas of companies (the SKOS scheme ``concept/segment/``)
SEGMENTS = (
    "therapeutics",
    "vaccines",
    "cell-and-gene-therapy",
    "diagnostics",
    "medical-technology",
    "plant-and-agri-biotech",
    "food-and-nutrition",
    "industrial-biotech",
    "cdmo-and-bioproduction",
    "platforms-and-tools",
    "radiopharmaceuticals",
)

#: what became of an organisation (the SKOS scheme ``concept/status/``)
STATUSES = ("active", "acquired", "merged", "bankrupt", "dissolved", "delisted")

#: the precisions a date can have (the SKOS scheme ``concept/date-precision/``)
PRECISIONS = ("year", "month", "day")

_WHEN = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")


def parse_when(text: str) -> tuple[date, str] | None:
    """Return (first day covered, precision) for ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    ``None`` when the text is not one of those forms or names no real day (``2021-02-30``).
    """
    m = _WHEN.match(text)
    if not m:
        return None
    year, month, day = m.groups()
    try:
        first = date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    return first, ("day" if day else "month" if month else "year")


def format_when(day: str, precision: str | None) -> str:
    """Return an ``xsd:date`` as precisely as its source states it: ``2010``, ``2010-05`` or ``2010-05-17``.

    ``precision`` is ``year``, ``month``, ``day`` or the IRI of such a concept (ends with it).
    """
    tail = (precision or "day").rsplit("/", 1)[-1]
    return day[:4] if tail == "year" else day[:7] if tail == "month" else day


def label_rank(lang: str):
    """Return a key function ranking a label's language tag for display in ``lang``.

    The one ranking of the project: the label in ``lang``, then the official name (no language
    tag), then English, then any other language. Lower is better.
    """
    order = {"en": 2, "": 1, lang: 0}  # lang last: when it is "en" it must keep rank 0

    def rank(tag: str | None) -> int:
        return order.get(tag or "", 3)

    return rank


class BestLabels:
    """The best label per IRI seen so far, by the project's one ranking (:func:`label_rank`)."""

    def __init__(self, lang: str) -> None:
        self.rank = label_rank(lang)
        self.best: dict[str, tuple[int, str]] = {}

    def add_text(self, iri: str, value: str, tag: str | None) -> None:
        candidate = (self.rank(tag), value)
        if iri not in self.best or candidate < self.best[iri]:
            self.best[iri] = candidate

    def get(self, iri: str, default: str | None = None) -> str | None:
        found = self.best.get(iri)
        return found[1] if found else default

    def as_dict(self) -> dict[str, str]:
        return {k: v for k, (_, v) in self.best.items()}


def best_labels(pairs, lang: str) -> dict[str, str]:
    """Return the best label per IRI from ``(iri, value, language tag)`` triples (see :func:`label_rank`)."""
    best = BestLabels(lang)
    for iri, value, tag in pairs:
        best.add_text(iri, value, tag)
    return best.as_dict()
