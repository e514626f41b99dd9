"""The base IRI and every vocabulary namespace bbkg uses, in one place."""

from __future__ import annotations


class Namespace:
    """An IRI prefix: ``NS.term`` and ``NS["term"]`` are the full IRI, as a plain string;
    ``str(NS)`` is the prefix. A few lines instead of rdflib's class, so that the query path
    does not import rdflib.
    """

    __slots__ = ("_base",)

    def __init__(self, base: str) -> None:
        self._base = base

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        return self._base + name

    def __getitem__(self, name: str) -> str:
        return self._base + name

    def __str__(self) -> str:
        return self._base

    def __repr__(self) -> str:
        return f"Namespace({self._base!r})"


DCTERMS = Namespace("http://purl.org/dc/terms/")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
PROV = Namespace("http://www.w3.org/ns/prov#")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

BASE = "https://w3id.org/bbkg/"
BBKG = Namespace(BASE + "ontology#")
ONTOLOGY = BASE + "ontology"
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
CONCEPT = Namespace(BASE + "concept/")

ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
ROV = Namespace("http://www.w3.org/ns/regorg#")
QB = Namespace("http://purl.org/linked-data/cube#")
VANN = Namespace("http://purl.org/vocab/vann/")
SH = Namespace("http://www.w3.org/ns/shacl#")
WD = Namespace("http://www.wikidata.org/entity/")

#: instance IRI paths (under ``id/``) and concept schemes (under ``concept/``) that get a prefix
_ID_PREFIXES = (("acquisition", "acquisition/"), ("country", "country/"), ("evidence", "evidence/"),
                ("figure", "figure/"), ("municipality", "municipality/"), ("organisation", "org/"),
                ("partnership", "partnership/"), ("province", "province/"), ("region", "region/"),
                ("source", "source/"))
_CONCEPT_PREFIXES = (("kind", "partnership-kind/"), ("measure", "measure/"), ("unit", "unit/"),
                     ("qualifier", "qualifier/"), ("concept", ""))
_VOCABULARIES = (("dcterms", DCTERMS), ("org", ORG), ("owl", OWL), ("prov", PROV), ("qb", QB), ("rdf", RDF),
                 ("rdfs", RDFS), ("rov", ROV), ("schema", SCHEMA), ("sh", SH), ("skos", SKOS), ("vann", VANN),
                 ("wd", WD), ("xsd", XSD))

#: Prefixes written into every serialisation, in a fixed order (stable output).
PREFIXES: dict[str, str] = {
    "bbkg": str(BBKG),
    **{name: str(ID) + path for name, path in _ID_PREFIXES},
    "graph": str(GRAPH),
    "sourcegraph": str(GRAPH) + "source/",
    **{name: str(CONCEPT) + path for name, path in _CONCEPT_PREFIXES},
    **{name: str(ns) for name, ns in _VOCABULARIES},
}

#: Named graphs that do not belong to one source.
ONTOLOGY_GRAPH = GRAPH["ontology"]
PROVENANCE_GRAPH = GRAPH["provenance"]
DERIVED_GRAPH = GRAPH["derived"]


def source_graph(source_id: str):
    """Return the IRI of the named graph holding the facts of one source."""
    return GRAPH["source/" + source_id]


def sparql_prologue() -> str:
    """Return ``PREFIX`` lines for every namespace, for queries written by hand."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
