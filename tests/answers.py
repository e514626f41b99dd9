"""Comparing answers across engines: results as multisets, and parameter values that give the
fixture ecosystem a non-empty answer for every named query."""

from __future__ import annotations

import itertools
from collections import Counter

import pyoxigraph as ox

from bbkg.errors import QueryError
from bbkg.namespaces import sparql_prologue
from bbkg.query.catalogue import PARAM_CLASSES
from bbkg.query.params import bind_params, class_pattern


def comparable(result):
    """A result as something that compares as a multiset of rows (blank nodes canonicalised)."""
    if result.kind == "ask":
        return ("ask", result.boolean)
    if result.kind == "graph":
        dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in result.triples)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        return ("graph", frozenset(dataset))
    rows = Counter(tuple("_:b" if isinstance(t, ox.BlankNode) else t for t in row) for row in result.rows)
    return ("select", tuple(result.variables), rows)


def nonempty(result) -> bool:
    return bool(result.rows or result.triples or result.boolean)


def _entities(store, cls: str) -> list[str]:
    """IRIs of the fixture's entities of a class, sorted."""
    where = class_pattern(cls)
    rows = store.query(sparql_prologue() + f"SELECT DISTINCT ?e WHERE {{ {where} }}").rows
    return sorted(row[0].value for row in rows if isinstance(row[0], ox.NamedNode))


def fixture_values(named, store) -> dict[str, str]:
    """Parameter values for a named query on the fixture: its defaults where they resolve, otherwise
    fixture entities of the parameter's class, preferring a combination with a non-empty answer."""
    try:
        bindings = bind_params(named, {}, store)
        if nonempty(store.query(named.text, bindings)):
            return {}
    except QueryError:
        pass
    choices: list[list[str]] = []
    names = []
    for param in named.params:
        cls = PARAM_CLASSES.get(param.name) if param.type == "iri" else None
        if cls is None:
            continue
        entities = _entities(store, cls)
        names.append(param.name)
        choices.append(entities or [named.defaults.get(param.name, "")])
    fallback = None
    for combo in itertools.product(*choices):
        values = dict(zip(names, combo))
        try:
            bindings = bind_params(named, values, store)
        except QueryError:
            continue
        fallback = fallback or values
        if nonempty(store.query(named.text, bindings)):
            return values
    assert fallback is not None, f"no fixture values for {named.name}"
    return fallback
