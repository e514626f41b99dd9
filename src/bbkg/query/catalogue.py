"""The named-query catalogue: ``queries/*.rq`` files with grlc-style ``#+`` YAML headers and parameters.
"""

from __future__ import annotations

import copy
import difflib
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from bbkg.errors import QueryError
from bbkg.resources import display, queries_dir

PARAM = re.compile(r"[?$](__?)([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*)")

#: parameter name -> the class of the entities it names (its value is resolved to one of them)
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



TYPE_SUFFIXES = ("iri", "integer", "decimal", "literal", "boolean")


#: grlc's ``_xsd_<type>`` suffixes bbkg binds (``?__from_xsd_date``: an optional date)
XSD_SUFFIXES = ("date",)


#: the parameters that hold a window of time (``--as-of``, ``--between`` bind them)
TIME_PARAMS = ("from", "to")


HEADER_KEYS = ("summary", "description", "tags", "defaults", "enumerate", "endpoint", "method", "pagination",
               "windowless")


@dataclass(frozen=True)
class Param:
    """A query parameter: ``name`` as the user types it, the SPARQL ``variable`` it binds."""

    name: str
    variable: str
    required: bool
    type: str  # iri, integer, decimal, literal, boolean, date, or 'lang'
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
    #: a timed query's stand-in without a window: the named query with the same rows then (``bbkg.query.windowless``)
    windowless: str | None = None

    def param(self, name: str) -> Param | None:
        """Return the parameter called ``name``."""
        return next((p for p in self.params if p.name == name), None)

    @property
    def timed(self) -> bool:
        """Whether the query takes a window of time (date parameters ``from`` and ``to``)."""
        return all(self.param(n) is not None and self.param(n).type == "date" for n in TIME_PARAMS)


def parse_params(text: str) -> list[Param]:
    """Return the grlc-style parameters used in a query, in order of first use."""
    found: dict[str, Param] = {}
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    for m in PARAM.finditer(body):
        underscores, rest = m.groups()
        variable = underscores + rest
        parts = rest.split("_")
        ptype, lang = "literal", None
        if len(parts) > 2 and parts[-2] == "xsd" and parts[-1] in XSD_SUFFIXES:  # grlc's ?_name_xsd_date
            ptype = parts.pop()
            parts.pop()
        elif len(parts) > 1 and parts[-1] in TYPE_SUFFIXES:
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
    return copy.deepcopy(_parsed_query(path, text))  # a copy: the caller may change its entry


@functools.lru_cache(maxsize=256)
def _parsed_query(path: Path, text: str) -> NamedQuery:
    """The entry of a query file's ``text``, parsed once per process (the YAML header and the syntax check
    take most of a catalogue's reading; a file whose text changed is parsed again; errors are not kept)."""
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
        windowless=header.get("windowless"),
    )


def check_syntax(text: str, origin: str) -> None:
    """Parse a query (on an empty store); a syntax error becomes ``path:line:col: message``."""
    from bbkg.store.oxigraph import OxigraphStore

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
    # one file read and parsed, not the whole catalogue (its YAML headers are most of a query's start-up)
    single = (folder or queries_dir()) / f"{name_or_path}.rq"
    if re.fullmatch(r"[A-Za-z0-9_-]+", name_or_path) and single.is_file():
        return load_query(single)
    queries = catalogue(folder)
    if name_or_path in queries:
        return queries[name_or_path]
    close = difflib.get_close_matches(name_or_path, list(queries), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise QueryError(f"no query named {name_or_path!r}{hint} Named queries: " + ", ".join(queries))
