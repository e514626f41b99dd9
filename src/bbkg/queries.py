"""The named-query catalogue: ``queries/NAME.rq`` files with a grlc-style ``#+`` YAML header.

Parameters follow grlc's naming: ``?_name`` is required, ``?__name`` optional, and a suffix
types the value: ``_iri`` (an entity, given by IRI, slug or label in any language),
``_integer``, ``_decimal``, ``_literal``, or a language tag such as ``_en``. Values are
bound as RDF terms (see :mod:`bbkg.sparql`), never pasted into the query text.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import QueryError
from .paths import display, queries_dir

PARAM = re.compile(r"[?$](__?)([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*)")
TYPE_SUFFIXES = ("iri", "integer", "decimal", "literal", "boolean")
XSD = "http://www.w3.org/2001/XMLSchema#"
#: parameter name -> the class its IRI must belong to (resolution of labels and slugs)
PARAM_CLASSES = {
    "org": "Organisation",
    "organisation": "Organisation",
    "partner": "Organisation",
    "university": "Organisation",
    "association": "Organisation",
    "acquirer": "Organisation",
    "region": "Region",
    "province": "Province",
    "city": "Municipality",
    "municipality": "Municipality",
    "place": "Place",
    "partnership": "Partnership",
    "kind": "Class",
    "segment": "Segment",
    "investor": "Organisation",
}


def class_pattern(cls: str) -> str:
    """Return the graph pattern that keeps ``?e`` to the entities a parameter of class ``cls`` names."""
    if cls == "Class":
        return "?e a owl:Class . FILTER(STRSTARTS(STR(?e), STR(bbkg:)))"
    if cls == "Segment":
        return "?e skos:inScheme <https://w3id.org/bbkg/concept/segment> ."
    return f"?e a/rdfs:subClassOf* bbkg:{cls} ."
HEADER_KEYS = ("summary", "description", "tags", "defaults", "enumerate", "endpoint", "method", "pagination")


@dataclass(frozen=True)
class Param:
    """A query parameter: ``name`` as the user types it, the SPARQL ``variable`` it binds."""

    name: str
    variable: str
    required: bool
    type: str  # iri, integer, decimal, literal, boolean, or 'lang'
    lang: str | None = None

    def describe(self) -> str:
        """Return e.g. ``org (required, organisation)``."""
        what = self.lang and f"text in @{self.lang}" or (
            PARAM_CLASSES.get(self.name, "IRI").lower() if self.type == "iri" else self.type
        )
        return f"{self.name} ({'required' if self.required else 'optional'}, {what})"


@dataclass
class NamedQuery:
    """One catalogue entry."""

    name: str
    path: Path
    text: str
    summary: str
    description: str = ""
    tags: list[str] = field(default_factory=list)
    defaults: dict[str, str] = field(default_factory=dict)
    enumerate: dict[str, list[str]] = field(default_factory=dict)
    endpoint: str | None = None
    method: str | None = None
    params: list[Param] = field(default_factory=list)

    def param(self, name: str) -> Param | None:
        """Return the parameter called ``name``."""
        return next((p for p in self.params if p.name == name), None)


def parse_params(text: str) -> list[Param]:
    """Return the grlc-style parameters used in a query, in order of first use."""
    found: dict[str, Param] = {}
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    for m in PARAM.finditer(body):
        underscores, rest = m.groups()
        variable = underscores + rest
        parts = rest.split("_")
        ptype, lang = "literal", None
        if len(parts) > 1 and parts[-1] in TYPE_SUFFIXES:
            ptype = parts.pop()
        elif len(parts) > 1 and re.fullmatch(r"[a-z]{2}", parts[-1]):
            ptype, lang = "lang", parts.pop()
        name = "_".join(parts)
        if name not in found:
            found[name] = Param(name, variable, underscores == "_", ptype, lang)
    return list(found.values())


def parse_header(path: Path, text: str) -> dict:
    """Return the ``#+`` YAML header as a dict; errors name ``path:line``."""
    import yaml

    lines, numbers = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("#+"):
            lines.append(line[3:] if line.startswith("#+ ") else line[2:])
            numbers.append(number)
        elif lines and line.strip():
            break
    if not lines:
        raise QueryError("no '#+' header; start the file with '#+ summary: ...'", path=display(path), line=1)
    try:
        header = yaml.safe_load("\n".join(lines)) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = numbers[min(mark.line, len(numbers) - 1)] if mark is not None else numbers[0]
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise QueryError(f"bad YAML in the '#+' header: {problem}", path=display(path), line=line) from None
    if not isinstance(header, dict):
        raise QueryError("the '#+' header must be 'key: value' lines", path=display(path), line=numbers[0])
    for key in header:
        if key not in HEADER_KEYS:
            raise QueryError(
                f"unknown header key {key!r}; use: " + ", ".join(HEADER_KEYS),
                path=display(path),
                line=next((n for n, raw in zip(numbers, lines) if raw.startswith(f"{key}:")), numbers[0]),
            )
    if not header.get("summary"):
        raise QueryError("the header needs a 'summary'", path=display(path), line=numbers[0])
    return header


def _as_dict(value: object, path: Path, key: str) -> dict:
    """grlc writes defaults/enumerate as a list of one-key maps; accept that or a map."""
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    if isinstance(value, list):
        out: dict = {}
        for item in value:
            if isinstance(item, dict):
                out.update(item)
            else:
                out[str(item)] = None
        return out
    raise QueryError(f"'{key}' must be a map or a list of maps", path=display(path))


def load_query(path: Path) -> NamedQuery:
    """Read one ``.rq`` file into a :class:`NamedQuery`."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise QueryError("not valid UTF-8", path=display(path)) from None
    except OSError as exc:
        raise QueryError(f"cannot read: {exc.strerror}", path=display(path)) from None
    header = parse_header(path, text)
    check_syntax(text, display(path))
    enum = {
        k.lstrip("_"): [str(v) for v in (vals or [])]
        for k, vals in _as_dict(header.get("enumerate"), path, "enumerate").items()
    }
    defaults = {k.lstrip("_"): str(v) for k, v in _as_dict(header.get("defaults"), path, "defaults").items()}
    tags = header.get("tags") or []
    return NamedQuery(
        name=path.stem,
        path=path,
        text=text,
        summary=str(header["summary"]).strip(),
        description=str(header.get("description") or "").strip(),
        tags=[str(t) for t in (tags if isinstance(tags, list) else [tags])],
        defaults=defaults,
        enumerate=enum,
        endpoint=header.get("endpoint"),
        method=header.get("method"),
        params=parse_params(text),
    )


def check_syntax(text: str, origin: str) -> None:
    """Parse a query (on an empty store); a syntax error becomes ``path:line:col: message``."""
    from .store import OxigraphStore

    OxigraphStore().query(text, origin=origin)


def catalogue(folder: Path | None = None) -> dict[str, NamedQuery]:
    """Return every named query in ``folder`` (default ``queries/``), by name."""
    folder = folder or queries_dir()
    return {p.stem: load_query(p) for p in sorted(folder.glob("*.rq"))}


def find_query(name_or_path: str, folder: Path | None = None) -> NamedQuery:
    """Return a named query by name, or load a ``.rq`` file by path."""
    path = Path(name_or_path)
    if name_or_path.endswith(".rq") or path.exists():
        if not path.exists():
            raise QueryError("no such query file", path=name_or_path)
        return load_query(path)
    queries = catalogue(folder)
    if name_or_path in queries:
        return queries[name_or_path]
    close = difflib.get_close_matches(name_or_path, list(queries), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise QueryError(f"no query named {name_or_path!r}{hint} Named queries: " + ", ".join(queries))


# ------------------------------------------------------------------ binding parameters


def fold(text: str) -> str:
    """Return text folded for matching: lowercase, accents removed, spaces collapsed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


def _candidates(store, cls: str) -> list[tuple[str, str, bool]]:
    """Return (IRI, label, is preferred label) for the entities of a class, labels in every language."""
    from .namespaces import sparql_prologue

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
    from .namespaces import ID, sparql_prologue
    from .sparql import term_text

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
            f"parameter {param!r}: {value!r} names more than one {what}; use one of: " + "; ".join(map(show, hits))
        )
    folded = {fold(name): iri for iri, names in labels.items() for name in names}
    close = difflib.get_close_matches(wanted, list(folded), n=5, cutoff=0.6)
    partial = [name for name in folded if wanted and wanted in name][:5]
    suggestions = list(dict.fromkeys(folded[s] for s in close + partial))
    hint = ("; candidates: " + "; ".join(map(show, suggestions))) if suggestions else ""
    raise QueryError(f"parameter {param!r}: no {what} named {value!r}{hint}")


def bind_params(query: NamedQuery, values: dict[str, str], store) -> dict[str, ox.NamedNode | ox.Literal]:
    """Turn user strings into RDF terms for the query's parameters; errors name the parameter."""
    known = {p.name: p for p in query.params}
    for name in values:
        if name not in known:
            accepted = ", ".join(p.describe() for p in query.params) or "none"
            raise QueryError(f"query {query.name!r} has no parameter {name!r}; its parameters: {accepted}")
    merged = {**query.defaults, **values}
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
    if param.type == "lang":
        return ox.Literal(value, language=param.lang)
    return ox.Literal(value)


def _plain_iri(param: Param, value: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(value)
    except ValueError:
        raise QueryError(f"parameter {param.name!r}: {value!r} is not a valid IRI") from None
