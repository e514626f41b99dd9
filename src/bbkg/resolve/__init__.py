"""Stage 4, resolve: whether an imported organisation is one of the curated ones.

Identifiers first: a KBO number (the digits of a Belgian VAT number), a PIC or a ROR id that a curated
organisation carries (``attributes.csv``) or that ``graph/matches.csv`` confirms. Then names: the same
folded name (accents, case, punctuation and legal forms set aside) in any language and the same
municipality is a match; the same name elsewhere, or several curated organisations with that name, is a
candidate for review and is not merged. ``matches.csv`` records the decisions (``confirmed`` or
``rejected``) with their source, like any curated fact.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from bbkg.errors import InputError
from bbkg.importers.output import Candidate
from bbkg.importers.places import fold_name
from bbkg.namespaces import ID
from bbkg.resources import display, graph_dir

#: legal forms and their abbreviations, left out when names are compared
LEGAL_FORMS = frozenset(
    "nv sa bv srl bvba sprl cvba scrl cv sc vzw asbl ivzw aisbl ag gmbh ltd limited inc plc llc sas sarl "
    "se comm v comm va scs sca naamloze vennootschap societe anonyme besloten vennootschap".split()
)
SCHEMES = ("kbo", "pic", "ror")
MATCH_COLUMNS = ("organisation", "scheme", "identifier", "decision", "source", "evidence")
REVIEW_COLUMNS = ("source", "identifier", "name", "municipality", "candidate", "candidate_name", "reason")


def fold_org(name: str) -> str:
    """An organisation name folded for comparison, legal forms left out."""
    words = fold_name(name).split()
    while words and words[-1] in LEGAL_FORMS:
        words.pop()
    while words and words[0] in LEGAL_FORMS:
        words.pop(0)
    return " ".join(words)


def normalise(scheme: str, identifier: str) -> str:
    """An identifier in one form: KBO numbers as 10 digits, PICs as digits, ROR ids lower case."""
    if scheme == "kbo":
        return re.sub(r"\D", "", identifier).zfill(10)
    return identifier.strip().lower()


@dataclass
class Resolver:
    """The curated organisations by identifier and folded name; callable as an importer's ``identify``."""

    by_id: dict[tuple[str, str], str] = field(default_factory=dict)
    by_name: dict[str, set[str]] = field(default_factory=dict)
    seat: dict[str, str] = field(default_factory=dict)
    label: dict[str, str] = field(default_factory=dict)
    rejected: set[tuple[str, str, str]] = field(default_factory=set)
    #: candidates that need a person's decision (rows of the review file)
    review: list[dict[str, str]] = field(default_factory=list)
    matched: dict[str, int] = field(default_factory=lambda: {"identifier": 0, "name": 0})

    def __call__(self, candidate: Candidate) -> ox.NamedNode | None:
        for scheme, value in (("kbo", candidate.kbo), ("pic", candidate.pic)):
            if value and (scheme, normalise(scheme, value)) in self.by_id:
                self.matched["identifier"] += 1
                return org_iri(self.by_id[(scheme, normalise(scheme, value))])
        key = candidate.kbo or candidate.identifier
        # a rejection recorded under any identifier of the candidate (its KBO number or its PIC) holds
        ids = [(scheme, normalise(scheme, value)) for scheme, value in (("kbo", candidate.kbo), ("pic", candidate.pic))
               if value]
        found = {org for name in candidate.names for org in self.by_name.get(fold_org(name), ())
                 if not any((org, *i) in self.rejected for i in ids)}
        if not found:
            return None
        placed = {org for org in found if candidate.municipality and self.seat.get(org) == candidate.municipality}
        if len(placed) == 1:
            self.matched["name"] += 1
            return org_iri(placed.pop())
        reason = ("several curated organisations have this name" if len(placed) > 1 or len(found) > 1
                  else "same name, another or unknown municipality")
        for org in sorted(placed or found):
            self.review.append({"source": candidate.source, "identifier": key, "name": candidate.names[0],
                                "municipality": candidate.municipality or "", "candidate": org,
                                "candidate_name": self.label.get(org, org), "reason": reason})
        return None


def org_iri(org: str) -> ox.NamedNode:
    """The IRI of a curated organisation."""
    return ox.NamedNode(ID[f"org/{org}"])


def _rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    if not path.is_file():
        return []
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return [(reader.line_num, row) for row in reader]


def load_resolver(folder: Path | None = None) -> Resolver:
    """Read the curated organisations, their identifiers, names and seats, and ``matches.csv``."""
    folder = folder or graph_dir()
    resolver = Resolver()
    orgs = {row["id"]: row for _, row in _rows(folder / "organisations.csv")}
    for org, row in orgs.items():
        resolver.label[org] = row["label"]
        for name in (row["label"], row.get("abbreviation", "")):
            if name and fold_org(name):
                resolver.by_name.setdefault(fold_org(name), set()).add(org)
    for _, row in _rows(folder / "labels.csv"):
        if row["entity"] in orgs and fold_org(row["label"]):
            resolver.by_name.setdefault(fold_org(row["label"]), set()).add(row["entity"])
    for _, row in _rows(folder / "relations.csv"):
        if row["predicate"] == "locatedIn" and row["subject"] in orgs:
            resolver.seat[row["subject"]] = row["object"]
    for _, row in _rows(folder / "attributes.csv"):
        scheme = {"kboNumber": "kbo", "picNumber": "pic", "rorId": "ror"}.get(row["property"])
        if scheme and row["subject"] in orgs:
            resolver.by_id[(scheme, normalise(scheme, row["value"]))] = row["subject"]
    sources = {row["id"] for _, row in _rows(folder / "sources.csv")}
    read_matches(folder / "matches.csv", orgs, sources, resolver)
    return resolver


def read_matches(path: Path, orgs: dict, sources: set[str], resolver: Resolver) -> None:
    """Read ``matches.csv``: each row a curated organisation, an identifier and a decision with its source."""
    rows = _rows(path)
    if rows and tuple(rows[0][1]) != MATCH_COLUMNS:
        raise InputError(f"the header must be {','.join(MATCH_COLUMNS)}", path=display(path), line=1)
    for line, row in rows:
        problem = _match_problem(row, orgs, sources)
        if problem:
            raise InputError(problem, path=display(path), line=line)
        key = (row["scheme"], normalise(row["scheme"], row["identifier"]))
        if row["decision"] == "confirmed":
            resolver.by_id[key] = row["organisation"]
        else:
            resolver.rejected.add((row["organisation"], *key))


def _match_problem(row: dict[str, str], orgs: dict, sources: set[str]) -> str | None:
    if row["organisation"] not in orgs:
        return f"organisation {row['organisation']!r} is not in organisations.csv"
    if row["scheme"] not in SCHEMES:
        return f"scheme {row['scheme']!r} is not one of {', '.join(SCHEMES)}"
    if row["decision"] not in ("confirmed", "rejected"):
        return f"decision {row['decision']!r} is not confirmed or rejected"
    if row["decision"] == "confirmed" and not (row["source"] and row["evidence"]):
        return "a confirmed match needs its source and the exact words that show it"
    if row["source"] and row["source"] not in sources:
        return f"source {row['source']!r} is not in sources.csv; add it there"
    return None


def write_review(path: Path, review: list[dict[str, str]]) -> None:
    """Write the candidates that need a decision as CSV (atomically)."""
    import io

    from bbkg.rdfio import write_atomic

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=REVIEW_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(review)
    write_atomic(path, buffer.getvalue().encode("utf-8"))
