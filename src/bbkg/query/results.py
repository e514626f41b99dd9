"""Query results as plain Python values, and in the SPARQL 1.1 result formats (JSON, CSV, TSV).
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from decimal import Decimal

import pyoxigraph as ox

from bbkg.query.streaming import write_csv, write_json, write_tsv
from bbkg.store import QueryResult, Store, Term

XSD = "http://www.w3.org/2001/XMLSchema#"


_INTEGER = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}


def to_python(term: Term | None) -> object:
    """Return a plain Python value: IRIs as str, numbers as int/Decimal/float, booleans as bool."""
    if term is None:
        return None
    if isinstance(term, (ox.NamedNode, ox.BlankNode)):
        return term.value
    dt = term.datatype.value
    try:
        if dt in _INTEGER:
            return int(term.value)
        if dt == XSD + "decimal":
            return Decimal(term.value)
        if dt in (XSD + "double", XSD + "float"):
            return float(term.value)
        if dt == XSD + "boolean":
            return term.value in ("true", "1")
    except ValueError:
        pass
    return term.value


class Rows(list):
    """Rows of a SELECT as dicts of plain Python values, with the column names."""

    def __init__(self, columns: Sequence[str], rows: Sequence[dict]) -> None:
        super().__init__(rows)
        self.columns = list(columns)

    def to_dataframe(self):
        """Return a pandas DataFrame (pandas must be installed; it is not a dependency)."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError("to_dataframe() needs pandas: pip install pandas") from None
        return pd.DataFrame(list(self), columns=self.columns)


def rows_of(result: QueryResult) -> Rows:
    """Return a SELECT result as :class:`Rows`."""
    return Rows(result.variables, [dict(zip(result.variables, map(to_python, row))) for row in result.rows])


def sparql_json(result: QueryResult) -> str:
    """Return SPARQL 1.1 Query Results JSON."""
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
    return _buffered(write_json, result)


def sparql_csv(result: QueryResult, delimiter: str = ",") -> str:
    """Return SPARQL 1.1 CSV (plain values) or TSV (terms in N-Triples/Turtle syntax)."""
    return _buffered(write_tsv if delimiter == "\t" else write_csv, result)


def _buffered(writer, result: QueryResult) -> str:
    buf = io.StringIO()
    writer(result.variables, result.rows, buf.write)
    return buf.getvalue()


def labels_for(store: Store, iris: set[str], lang: str) -> dict[str, str]:
    """Return the best label of each IRI, by the one ranking of :func:`bbkg.vocab.label_rank` (from the
    store's label index when it has one, see :mod:`bbkg.store.labels`)."""
    if not iris:
        return {}
    from bbkg.store.labels import stated_labels
    from bbkg.vocab import best_labels

    return best_labels(stated_labels(store, iris), lang)
