"""Where each IRI lives in the site, and which page holds each triple.

An IRI ``https://w3id.org/bbkg/id/org/galapagos`` is the folder ``id/org/galapagos/`` holding
``index.html`` (English), ``index.nl.html``, ``index.fr.html`` (and ``index.de.html`` where German labels
exist), ``index.ttl`` and ``index.jsonld``. A hash IRI (``ontology#Company``) lives in the document of its
IRI without the fragment (``ontology/``), and also has a page of its own (``ontology/Company/``). Records
that only describe another entity are folded into that entity's page: evidence into the page of the
fact's subject, acquisitions into the acquired organisation's, memberships into the member's, figures into
their area's, a source's named graph into the source's.
"""

from __future__ import annotations

from functools import lru_cache

from bbkg.namespaces import BASE, BBKG, PROV, SKOS
from bbkg.site.model import SiteGraph

#: the page kinds, by class (first match wins)
KINDS = (
    (BBKG.Organisation, "organisation"),
    (BBKG.Partnership, "partnership"),
    (BBKG.Municipality, "place"), (BBKG.Province, "place"), (BBKG.Region, "place"), (BBKG.Country, "place"),
    (BBKG.Source, "source"),
    (SKOS.Concept, "concept"), (SKOS.ConceptScheme, "concept"),
)
#: records folded into the page of another entity: class -> the property that leads to it
FOLDED = {BBKG.Evidence: BBKG["about"], BBKG.Acquisition: BBKG.acquiredOrganisation, BBKG.Membership: BBKG.member,
          BBKG.Observation: BBKG.refArea}
ONTOLOGY_DOC = BASE + "ontology"


def local_path(iri: str) -> str | None:
    """Return the site folder of a bbkg IRI (``id/org/galapagos``), or None for an IRI outside the site."""
    if not iri.startswith(BASE):
        return None
    path = iri[len(BASE):].split("#", 1)[0].strip("/")
    if not path or any(part in ("", ".", "..") for part in path.split("/")):
        return None
    return path


@lru_cache(maxsize=200_000)
def page_folder(iri: str) -> str | None:
    """Return the folder of the page of ``iri``: its IRI's path, or ``ontology/NAME`` for a term ``ontology#NAME``."""
    if iri.startswith(ONTOLOGY_DOC + "#"):
        name = iri.split("#", 1)[1]
        return f"ontology/{name}" if name and "/" not in name and name not in (".", "..") else None
    return local_path(iri)


def page_kind(graph: SiteGraph, iri: str) -> str | None:
    """Return the kind of page ``iri`` gets (organisation, partnership, place, source, concept, term, other),
    or None when it gets none (outside the site, or folded into another page)."""
    if local_path(iri) is None:
        return None
    types = graph.types.get(iri, set())
    if "#" in iri and iri.startswith(ONTOLOGY_DOC + "#"):
        return "term"
    if iri == ONTOLOGY_DOC:
        return "ontology"
    for cls, kind in KINDS:
        if cls in types:
            return kind
    if any(cls in types for cls in FOLDED) or PROV.Bundle in types:
        return None
    return "other" if iri in graph.out else None


def owner(graph: SiteGraph, iri: str, depth: int = 0) -> str | None:
    """Return the IRI of the page whose data holds the triples about ``iri``."""
    if page_kind(graph, iri) is not None:
        return ONTOLOGY_DOC if page_kind(graph, iri) == "term" else iri
    types = graph.types.get(iri, set())
    lead = next((prop for cls, prop in FOLDED.items() if cls in types), None)
    if lead is None and PROV.Bundle in types:
        lead = PROV.wasDerivedFrom
    target = graph.first(iri, lead) if lead else None
    if target is not None and depth < 3:
        found = owner(graph, target, depth + 1)
        if found is not None:
            return found
    return iri if local_path(iri) is not None and iri in graph.out else None


@lru_cache(maxsize=200_000)
def relative(from_folder: str, to_folder: str, file: str = "index.html") -> str:
    """Return the relative link from a page in ``from_folder`` to ``file`` in ``to_folder``."""
    up = "../" * (from_folder.count("/") + 1) if from_folder else ""
    return f"{up}{to_folder}/{file}" if to_folder else f"{up}{file}"


def html_file(lang: str) -> str:
    """Return the file name of a page in ``lang`` (English is index.html)."""
    return "index.html" if lang == "en" else f"index.{lang}.html"
