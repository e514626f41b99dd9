"""The W3C entity reconciliation API (v0.2, the version OpenRefine speaks) over the graph's organisations:
match a column of names (in any language, accents and case folded) or KBO, ROR and PIC numbers to
organisations, with a service manifest, scored candidates, and previews that link to the entity pages.

The index is read through SPARQL (any store or endpoint) once, when the service starts.
"""

from __future__ import annotations

import difflib
import html
import re
import unicodedata
from dataclasses import dataclass, field

from bbkg import __version__
from bbkg.namespaces import ID, sparql_prologue
from bbkg.vocab import ORG_KINDS, label_rank

#: an entity's id is its IRI after this prefix: ``org/umons`` (curated), ``enterprise/0403199702`` (KBO import)
ID_SPACE = str(ID)
SCHEMA_SPACE = "https://w3id.org/bbkg/ontology#"
#: reconciliation property id -> the bbkg property it compares with (identifiers compare digits and letters only)
PROPERTIES = {"kboNumber": "KBO number", "rorId": "ROR id", "picNumber": "PIC number", "city": "municipality"}
IDENTIFIER_PIDS = ("kboNumber", "rorId", "picNumber")
DEFAULT_LIMIT = 5

_NAMES = """
SELECT ?org ?kind ?name WHERE {
  VALUES ?kind { %s }
  ?org a ?kind .
  ?org skos:prefLabel|rdfs:label|skos:altLabel|bbkg:formerName ?name .
}"""

_IDENTIFIERS = """
SELECT ?org ?p ?value WHERE {
  VALUES ?p { bbkg:kboNumber bbkg:rorId bbkg:picNumber bbkg:pic }
  ?org a bbkg:Organisation ; ?p ?value .
}"""

_CITIES = """
SELECT ?org ?name WHERE {
  ?org a bbkg:Organisation ; bbkg:locatedIn ?city .
  ?city skos:prefLabel|rdfs:label ?name .
}"""


def fold(text: str) -> str:
    """Lower case, accents removed, punctuation as spaces, single spaces."""
    text = unicodedata.normalize("NFKD", str(text).casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def code(text: str) -> str:
    """An identifier reduced to its letters and digits (``0403.199.702`` and ``BE 0403199702`` compare)."""
    value = re.sub(r"[^0-9a-z]", "", fold(text).replace(" ", ""))
    return value[2:] if value.startswith("be") and value[2:].isdigit() else value


@dataclass
class Organisation:
    """What the service knows of one organisation."""

    id: str
    kinds: set[str] = field(default_factory=set)
    names: list[tuple[str, str]] = field(default_factory=list)  # (name, language tag)
    identifiers: dict[str, set[str]] = field(default_factory=dict)  # pid -> codes
    cities: set[str] = field(default_factory=set)  # folded
    city_names: list[tuple[str, str]] = field(default_factory=list)

    def name(self, lang: str = "en") -> str:
        """Return the name to show in ``lang`` (the project's one label ranking)."""
        rank = label_rank(lang)
        return min(self.names, key=lambda pair: (rank(pair[1]), pair[0]))[0] if self.names else self.id


class Reconciler:
    """The organisations indexed for matching."""

    def __init__(self, organisations: dict[str, Organisation], view: str, preview: str,
                 page: str = ID_SPACE + "{id}") -> None:
        self.organisations, self.view, self.preview_url = organisations, view, preview
        self.page = page  # the entity's page, ``{id}`` replaced by its id (a path with slashes)
        self.tokens: dict[str, set[str]] = {}
        self.folded: dict[str, list[str]] = {}
        self.codes: dict[str, dict[str, set[str]]] = {pid: {} for pid in IDENTIFIER_PIDS}
        for oid, org in organisations.items():
            self.folded[oid] = [fold(n) for n, _ in org.names]
            for name in self.folded[oid]:
                for token in name.split():
                    self.tokens.setdefault(token, set()).add(oid)
            for pid, values in org.identifiers.items():
                for value in values:
                    self.codes[pid].setdefault(value, set()).add(oid)

    @classmethod
    def from_store(cls, store, view: str = ID_SPACE + "{{id}}", preview: str = "/reconcile/preview?id={{id}}",
                   page: str = ID_SPACE + "{id}"):
        """Read the organisations from ``store`` (SPARQL)."""
        orgs: dict[str, Organisation] = {}
        kinds = " ".join(f"bbkg:{k}" for k in ORG_KINDS)
        for iri, kind, name in store.query(sparql_prologue() + _NAMES % kinds).rows:
            if not iri.value.startswith(ID_SPACE):
                continue
            org = orgs.setdefault(iri.value[len(ID_SPACE):], Organisation(iri.value[len(ID_SPACE):]))
            org.kinds.add(kind.value.rsplit("#", 1)[-1])
            if (name.value, name.language or "") not in org.names:
                org.names.append((name.value, name.language or ""))
        for iri, prop, value in store.query(sparql_prologue() + _IDENTIFIERS).rows:
            org = orgs.get(iri.value[len(ID_SPACE):])
            pid = {"pic": "picNumber"}.get(prop.value.rsplit("#", 1)[-1], prop.value.rsplit("#", 1)[-1])
            if org is not None:
                org.identifiers.setdefault(pid, set()).add(code(value.value))
        for iri, name in store.query(sparql_prologue() + _CITIES).rows:
            org = orgs.get(iri.value[len(ID_SPACE):])
            if org is not None:
                org.cities.add(fold(name.value))
                org.city_names.append((name.value, name.language or ""))
        return cls(orgs, view, preview, page)

    # ------------------------------------------------------------------ the protocol

    def manifest(self) -> dict:
        """Return the service manifest."""
        return {
            "versions": ["0.2"], "name": "Belgian Biotech Knowledge Graph (bbkg) organisations",
            "identifierSpace": ID_SPACE, "schemaSpace": SCHEMA_SPACE, "serviceVersion": __version__,
            "documentation": "https://w3id.org/bbkg/", "view": {"url": self.view},
            "defaultTypes": [{"id": "Organisation", "name": "Organisation"}]
            + [{"id": kind, "name": kind} for kind in ORG_KINDS],
            "preview": {"url": self.preview_url, "width": 400, "height": 160},
        }

    def reconcile(self, batch: dict) -> dict:
        """Answer a batch of queries (``{"q0": {"query": ...}, ...}``)."""
        return {key: {"result": self.candidates(query)} for key, query in batch.items()}

    def candidates(self, query: dict) -> list[dict]:
        """Return the scored candidates of one query, best first."""
        text = str(query.get("query", ""))
        wanted = _types(query.get("type"))
        limit = int(query.get("limit") or DEFAULT_LIMIT)
        given = {p["pid"]: p["v"] for p in query.get("properties", []) if isinstance(p, dict) and "pid" in p}
        identifiers = {pid: {code(v) for v in _values(given[pid])} for pid in IDENTIFIER_PIDS if pid in given}
        if code(text).isdigit() and len(code(text)) == 10:  # a KBO number typed as the name
            identifiers.setdefault("kboNumber", set()).add(code(text))
        pool = self._pool(fold(text), identifiers)
        scored = []
        for oid in pool:
            org = self.organisations[oid]
            if wanted and "Organisation" not in wanted and not (org.kinds & wanted):
                continue
            score, features = self._score(oid, fold(text), identifiers, given.get("city"))
            if score > 0:
                scored.append((score, org.name(), oid, features))
        scored.sort(key=lambda item: (-item[0], item[1].casefold(), item[2]))
        top = scored[:limit]
        certain = bool(top) and top[0][0] >= 100 and (len(scored) == 1 or scored[1][0] < 100)
        return [{"id": oid, "name": name, "score": round(score, 1), "match": certain and i == 0,
                 "description": self.describe(oid), "features": features,
                 "type": [{"id": k, "name": k} for k in sorted(self.organisations[oid].kinds)]}
                for i, (score, name, oid, features) in enumerate(top)]

    def _pool(self, text: str, identifiers: dict[str, set[str]]) -> set[str]:
        pool: set[str] = set()
        for pid, values in identifiers.items():
            for value in values:
                pool |= self.codes[pid].get(value, set())
        for token in text.split():
            pool |= self.tokens.get(token, set())
            if len(token) >= 4:  # a misspelt or partial word: tokens that share its start
                pool |= {o for t, orgs in self.tokens.items() if t[:4] == token[:4] for o in orgs}
        return pool

    def _score(self, oid: str, text: str, identifiers: dict[str, set[str]], city) -> tuple[float, list[dict]]:
        org = self.organisations[oid]
        names = self.folded[oid]
        similarity = max((difflib.SequenceMatcher(None, text, name).ratio() for name in names), default=0.0)
        exact = text in names
        score = 100.0 if exact else 90.0 * similarity
        features = [{"id": "name_similarity", "value": round(similarity, 3)}, {"id": "name_exact", "value": exact}]
        for pid, values in identifiers.items():
            same = bool(values & org.identifiers.get(pid, set()))
            features.append({"id": pid, "value": same})
            score = 100.0 if same else score * 0.5
        if city is not None:
            same_city = any(fold(c) in org.cities for c in _values(city))
            features.append({"id": "city", "value": same_city})
            score = min(100.0, score + 5) if same_city else score * 0.8
        return (score if score >= 50 else 0.0), features  # below half: noise, not a candidate

    def describe(self, oid: str, lang: str = "en") -> str:
        """Return a one-line description: kinds and municipality."""
        org = self.organisations[oid]
        rank = label_rank(lang)
        city = min(org.city_names, key=lambda pair: (rank(pair[1]), pair[0]))[0] if org.city_names else ""
        return ", ".join(sorted(org.kinds)) + (f" in {city}" if city else "")

    def page_of(self, oid: str) -> str:
        """Return the URL of an organisation's page."""
        return self.page.replace("{id}", oid)

    def preview(self, oid: str) -> str | None:
        """Return the HTML preview of an organisation (text escaped), linking to its page; None if unknown."""
        org = self.organisations.get(oid)
        if org is None:
            return None
        link = html.escape(self.page_of(oid), quote=True)
        ids = "; ".join(f"{PROPERTIES.get(p, p)} {', '.join(sorted(v))}" for p, v in sorted(org.identifiers.items()))
        others = sorted({n for n, _ in org.names} - {org.name()})
        return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" "
                "content=\"default-src 'none'; style-src 'unsafe-inline'\"><title>"
                f"{html.escape(org.name())}</title></head><body style=\"font:14px sans-serif;margin:6px\">"
                f"<p><a href=\"{link}\" target=\"_blank\" rel=\"noopener\"><strong>{html.escape(org.name())}</strong></a>"
                f"<br>{html.escape(self.describe(oid))}</p>"
                + (f"<p>{html.escape('; '.join(others))}</p>" if others else "")
                + (f"<p>{html.escape(ids)}</p>" if ids else "") + "</body></html>")


def _types(value) -> set[str]:
    values = value if isinstance(value, list) else [value] if value else []
    return {str(v).rsplit("#", 1)[-1] for v in values}


def _values(value) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [str(v.get("id", v.get("name", ""))) if isinstance(v, dict) else str(v) for v in values]
