"""Binding user values to query parameters as RDF terms: labels in any language, slugs or IRIs; an unknown
or ambiguous name is an error that lists the candidates.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

import pyoxigraph as ox

from bbkg.errors import QueryError
from bbkg.query.catalogue import PARAM_CLASSES, NamedQuery, Param

XSD = "http://www.w3.org/2001/XMLSchema#"


#: parameter name -> the class its IRI must belong to (resolution of labels and slugs)


def class_pattern(cls: str) -> str:
    """Return the graph pattern that keeps ``?e`` to the entities a parameter of class ``cls`` names."""
    if cls == "Class":
        return "?e a owl:Class . FILTER(STRSTARTS(STR(?e), STR(bbkg:)))"
    if cls == "Segment":
        return "?e skos:inScheme <https://w3id.org/bbkg/concept/segment> ."
    return f"?e a/rdfs:subClassOf* bbkg:{cls} ."


def fold(text: str) -> str:
    """Return text folded for matching: lowercase, accents removed, spaces collapsed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


def _candidates(store, cls: str) -> list[tuple[str, str, bool]]:
    """Return (IRI, label, is preferred label) for the entities of a class, labels in every language."""
    from bbkg.namespaces import sparql_prologue

    where = class_pattern(cls)
    query = sparql_prologue() + (
        "SELECT DISTINCT ?e ?l ?pref WHERE { " + where
        + " OPTIONAL { { ?e skos:prefLabel|rdfs:label ?l BIND(true AS ?pref) }"
        + " UNION { ?e skos:altLabel ?l BIND(false AS ?pref) } } }"
    )
    rows = store.query(query).rows
    return [
        (e.value, label.value if label is not None else "", pref is not None and pref.value == "true")
        for e, label, pref in rows
        if isinstance(e, ox.NamedNode)
    ]


#: class -> the path of its instance IRIs (https://w3id.org/bbkg/id/<path>/<slug>)
IRI_PATHS = {
    "Organisation": ("org",),
    "Region": ("region",),
    "Province": ("province",),
    "Municipality": ("municipality",),
    "Place": ("country", "region", "province", "municipality"),
    "Partnership": ("partnership",),
}


#: class -> the prefix of its IRIs outside ``id/`` (concepts)
CONCEPT_PATHS = {"Segment": "segment"}


def _exact_matches(store, value: str, cls: str) -> list[str]:
    """Return the entities of ``cls`` whose label is exactly ``value`` or whose slug is ``value``.

    One indexed lookup: cheap even on a store of millions of quads, unlike the full scan that
    case- and accent-insensitive matching needs.
    """
    from bbkg.namespaces import ID, sparql_prologue
    from bbkg.sparql import term_text

    labels = [ox.Literal(value)] + [ox.Literal(value, language=lang) for lang in ("en", "nl", "fr", "de")]
    iris = []
    for path in IRI_PATHS.get(cls, ()):
        try:
            iris.append(ox.NamedNode(f"{ID}{path}/{value}"))
        except ValueError:
            pass
    if cls in CONCEPT_PATHS:
        try:
            iris.append(ox.NamedNode(f"https://w3id.org/bbkg/concept/{CONCEPT_PATHS[cls]}/{value}"))
        except ValueError:
            pass
    kind = class_pattern(cls)
    query = sparql_prologue() + (
        "SELECT DISTINCT ?e WHERE { { VALUES ?l { " + " ".join(map(term_text, labels)) + " }"
        " ?e skos:prefLabel|rdfs:label|skos:altLabel ?l }"
        + (" UNION { VALUES ?e { " + " ".join(map(term_text, iris)) + " } ?e a ?any }" if iris else "")
        + " " + kind + " }"
    )
    return [row[0].value for row in store.query(query).rows if isinstance(row[0], ox.NamedNode)]


def resolve_entity(store, value: str, cls: str, param: str) -> ox.NamedNode:
    """Find the one entity of class ``cls`` that ``value`` names (IRI, slug or label in any language)."""
    if re.match(r"^https?://", value):
        try:
            return ox.NamedNode(value)
        except ValueError:
            raise QueryError(f"parameter {param!r}: {value!r} is not a valid IRI") from None
    exact = _exact_matches(store, value, cls)
    if len(exact) == 1:
        return ox.NamedNode(exact[0])
    wanted = fold(value)
    slug = wanted.replace(" ", "-")
    labels: dict[str, set[str]] = {}
    preferred: dict[str, str] = {}
    for iri, label, pref in _candidates(store, cls):
        labels.setdefault(iri, set())
        if label:
            labels[iri].add(label)
            if pref and (iri not in preferred or label < preferred[iri]):
                preferred[iri] = label

    def show(iri: str) -> str:
        return f"{preferred.get(iri) or min(labels[iri], default=iri)} <{iri}>"

    hits = sorted(
        iri for iri, names in labels.items()
        if re.split(r"[/#]", iri)[-1].lower() == slug or any(fold(name) == wanted for name in names)
    )
    if len(hits) == 1:
        return ox.NamedNode(hits[0])
    what = {"Organisation": "organisation", "Class": "kind", "Segment": "segment"}.get(cls, cls.lower())
    if hits:
        raise QueryError(
            f"parameter {param!r}: {value!r} names more than one {what}; use one of: " + "; ".join(map(show, hits)),
            parameter=param, value=value, candidates=[show(h) for h in hits],
        )
    folded = {fold(name): iri for iri, names in labels.items() for name in names}
    close = difflib.get_close_matches(wanted, list(folded), n=5, cutoff=0.6)
    partial = [name for name in folded if wanted and wanted in name][:5]
    suggestions = list(dict.fromkeys(folded[s] for s in close + partial))
    hint = ("; candidates: " + "; ".join(map(show, suggestions))) if suggestions else ""
    raise QueryError(f"parameter {param!r}: no {what} named {value!r}{hint}", parameter=param, value=value,
                     candidates=[show(s) for s in suggestions])


def bind_params(query: NamedQuery, values: dict[str, str], store) -> dict[str, ox.NamedNode | ox.Literal]:
    """Turn user strings into RDF terms for the query's parameters; errors name the parameter."""
    known = {p.name: p for p in query.params}
    for name in values:
        if name not in known:
            accepted = ", ".join(p.describe() for p in query.params) or "none"
            raise QueryError(f"query {query.name!r} has no parameter {name!r}; its parameters: {accepted}")
    # the defaults run a query as it is shown; once the user names a parameter, each required one must be given
    defaults = query.defaults if not values else {k: v for k, v in query.defaults.items()
                                                  if not (query.param(k) and query.param(k).required)}
    merged = {**defaults, **{k: v for k, v in values.items() if v != ""}}
    bindings: dict[str, ox.NamedNode | ox.Literal] = {}
    for param in query.params:
        value = merged.get(param.name)
        if value is None:
            if param.required:
                accepted = query.enumerate.get(param.name)
                hint = f"; accepted values: {', '.join(accepted)}" if accepted else ""
                raise QueryError(
                    f"query {query.name!r} needs parameter {param.name!r} ({param.describe()}); "
                    f"pass --param {param.name}=VALUE{hint}"
                )
            continue
        accepted = query.enumerate.get(param.name)
        if accepted and value not in accepted:
            raise QueryError(f"parameter {param.name!r}: {value!r} is not accepted; use one of: {', '.join(accepted)}")
        bindings[param.variable] = _term(param, value, store)
    return bindings


def _term(param: Param, value: str, store) -> ox.NamedNode | ox.Literal:
    if "\x00" in value:
        raise QueryError(f"parameter {param.name!r}: the value contains a NUL character")
    if param.type == "iri":
        if param.name == "kind" and re.fullmatch(r"[A-Za-z]+", value):
            value = value[0].upper() + value[1:]
        return resolve_entity(store, value, PARAM_CLASSES.get(param.name, "Resource"), param.name) if (
            param.name in PARAM_CLASSES
        ) else _plain_iri(param, value)
    if param.type == "integer":
        if not re.fullmatch(r"[+-]?\d{1,18}", value.strip()):
            raise QueryError(f"parameter {param.name!r}: {value!r} is not a whole number")
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
    if param.type == "decimal":
        if not re.fullmatch(r"[+-]?\d+(\.\d+)?", value.strip()):
            raise QueryError(f"parameter {param.name!r}: {value!r} is not a number")
        return ox.Literal(value.strip(), datatype=ox.NamedNode(XSD + "decimal"))
    if param.type == "boolean":
        if value.lower() not in ("true", "false"):
            raise QueryError(f"parameter {param.name!r}: {value!r} is not true or false")
        return ox.Literal(value.lower(), datatype=ox.NamedNode(XSD + "boolean"))
    if param.type == "date":
        from bbkg.query.time import date_literal, period

        from bbkg.errors import UsageError

        try:
            first, last = period(value, param.name, f"parameter {param.name!r}")
        except UsageError as exc:
            raise QueryError(exc.message, parameter=param.name, value=value) from None
        # a window's end covers the whole period it names: to=2015 is up to 31 December 2015
        return date_literal(last if param.name == "to" else first)
    if param.type == "lang":
        return ox.Literal(value, language=param.lang)
    return ox.Literal(value)


def _plain_iri(param: Param, value: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(value)
    except ValueError:
        raise QueryError(f"parameter {param.name!r}: {value!r} is not a valid IRI") from None
