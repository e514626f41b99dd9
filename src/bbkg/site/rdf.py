"""The data beside each page: Turtle and JSON-LD of the triples the page holds (compact IRIs with the
project's prefixes, so that both are readable), and the JSON-LD embedded in the page itself.
"""

from __future__ import annotations

import json
from functools import lru_cache

import pyoxigraph as ox

from bbkg.namespaces import PREFIXES, RDF, XSD

#: namespaces longest first, so that each IRI is compacted with its most specific prefix
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def turtle(triples: list[ox.Triple]) -> bytes:
    """Return the triples as Turtle with the project's prefixes."""
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


@lru_cache(maxsize=200_000)
def _compact(iri: str) -> tuple[str, str | None]:
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace) and len(iri) > len(namespace) and not iri[len(namespace):].startswith("/"):
            return f"{prefix}:{iri[len(namespace):]}", prefix
    return iri, None


def compact(iri: str, used: set[str]) -> str:
    """Return ``prefix:local`` for an IRI under a known namespace (noting the prefix in ``used``), else the IRI."""
    text, prefix = _compact(iri)
    if prefix:
        used.add(prefix)
    return text


def _value(term, used: set[str]) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"@id": compact(term.value, used)}
    if isinstance(term, ox.BlankNode):
        return {"@id": f"_:{term.value}"}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == XSD.string:
        return {"@value": term.value}
    return {"@value": term.value, "@type": compact(term.datatype.value, used)}


def jsonld(triples: list[ox.Triple]) -> dict:
    """Return the triples as a JSON-LD document: one node object per subject, a context of the prefixes used."""
    used: set[str] = set()
    nodes: dict[str, dict] = {}
    for t in triples:
        subject = compact(t.subject.value, used) if isinstance(t.subject, ox.NamedNode) else f"_:{t.subject.value}"
        node = nodes.setdefault(subject, {"@id": subject})
        if t.predicate.value == RDF.type and isinstance(t.object, ox.NamedNode):
            node.setdefault("@type", []).append(compact(t.object.value, used))
            continue
        node.setdefault(compact(t.predicate.value, used), []).append(_value(t.object, used))
    return {"@context": {p: PREFIXES[p] for p in sorted(used)}, "@graph": list(nodes.values())}


def jsonld_bytes(document: dict) -> bytes:
    """Return a JSON-LD document as UTF-8 text: the context, then one node object per line."""
    context = json.dumps(document["@context"], ensure_ascii=False)
    nodes = ",\n".join(json.dumps(node, ensure_ascii=False) for node in document["@graph"])
    return f'{{"@context": {context},\n"@graph": [\n{nodes}\n]}}\n'.encode()
