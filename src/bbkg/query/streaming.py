"""The SPARQL 1.1 result formats written as the rows arrive: csv, tsv, JSON, and jsonl (one row a line).

Each writer takes the variables, an iterable of rows (tuples of pyoxigraph terms, None when unbound)
and a ``write(text)`` function; it writes the header, then the rows in batches (the first batch is one
row, so a reader sees it at once), then the end. The bytes are those of the whole-answer functions of
:mod:`bbkg.query.results`, which call these with a buffer.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

import pyoxigraph as ox

#: rows per batch once the first one is out
BATCH = 2000

Write = Callable[[str], None]


def batches(rows: Iterable, first: int, size: int = BATCH) -> Iterator[list]:
    """Yield lists of rows: ``first`` rows, then ``size`` at a time."""
    iterator = iter(rows)
    chunk = list(islice(iterator, first))
    while chunk:
        yield chunk
        chunk = list(islice(iterator, size))


def write_csv(variables: list[str], rows: Iterable, write: Write) -> None:
    """SPARQL 1.1 CSV: plain values, CRLF line ends."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(variables)
    for chunk in batches(rows, 1):
        writer.writerows(["" if t is None else t.value for t in row] for row in chunk)
        write(buf.getvalue())
        buf.seek(0)
        buf.truncate()
    if buf.tell():
        write(buf.getvalue())


def write_tsv(variables: list[str], rows: Iterable, write: Write) -> None:
    """SPARQL 1.1 TSV: terms in N-Triples/Turtle syntax."""
    head = "\t".join("?" + v for v in variables) + "\n"
    written = False
    for chunk in batches(rows, 1):
        write(head + "".join("\t".join("" if t is None else str(t) for t in row) + "\n" for row in chunk))
        head, written = "", True
    if not written:
        write(head)


def json_term(term) -> dict:
    """Return a term as a SPARQL 1.1 JSON results term."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def _binding(variables: list[str], row) -> dict:
    return {v: json_term(t) for v, t in zip(variables, row) if t is not None}


def write_jsonl(variables: list[str], rows: Iterable, write: Write) -> None:
    """One JSON object per row and line: variable -> SPARQL JSON term (the ``bindings`` of ``json``)."""
    for chunk in batches(rows, 1):
        write("".join(json.dumps(_binding(variables, row), ensure_ascii=False) + "\n" for row in chunk))


def write_json(variables: list[str], rows: Iterable, write: Write) -> None:
    """SPARQL 1.1 Query Results JSON, the bytes of ``json.dumps(..., indent=1)`` of the whole answer."""
    head = json.dumps({"head": {"vars": variables}}, ensure_ascii=False, indent=1)[:-2]
    opening = head + ",\n \"results\": {\n  \"bindings\": ["
    separator = "\n"
    for chunk in batches(rows, 1):
        parts = []
        for row in chunk:
            text = json.dumps(_binding(variables, row), ensure_ascii=False, indent=1)
            parts.append(separator + "\n".join("   " + line for line in text.split("\n")))
            separator = ",\n"
        write(opening + "".join(parts))
        opening = ""
    write((opening + "]" if opening else "\n  ]") + "\n }\n}\n")
