"""The ontology: metadata, and a label and definition in English, Dutch and French for every term."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from conftest import ROOT

BBKG = "https://w3id.org/bbkg/ontology#"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ROOT / "ontology" / "bbkg.ttl")


def terms(graph: Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)  # bbkg:statedValue: IRI or literal
    return {s for k in kinds for s in graph.subjects(RDF.type, k) if str(s).startswith(BBKG)}


def test_metadata(ontology):
    onto = URIRef("https://w3id.org/bbkg/ontology")
    assert (onto, RDF.type, OWL.Ontology) in ontology
    for prop in (DCTERMS.title, DCTERMS.description, OWL.versionInfo, DCTERMS.license, DCTERMS.created):
        assert ontology.value(onto, prop) is not None, prop


def test_every_term_has_labels_and_definitions_in_three_languages(ontology):
    found = terms(ontology)
    assert len(found) > 40
    for term in found:
        for prop in (RDFS.label, SKOS.definition):
            langs = {o.language for o in ontology.objects(term, prop)}
            assert {"en", "nl", "fr"} <= langs, (term, prop, langs)


def test_alignment_with_standard_vocabularies(ontology):
    namespaces = ("http://www.w3.org/ns/org#", "https://schema.org/", "http://www.w3.org/ns/prov#",
                  "http://www.w3.org/2004/02/skos/core#")
    supers = {str(o) for t in terms(ontology) for p in (RDFS.subClassOf, RDFS.subPropertyOf)
              for o in ontology.objects(t, p)}
    for ns in namespaces:
        assert any(s.startswith(ns) for s in supers), ns


def test_the_data_uses_only_declared_terms(shipped_store):
    result = shipped_store.query(
        f'SELECT DISTINCT ?t WHERE {{ {{ ?s ?t ?o }} UNION {{ ?s a ?t }} FILTER(STRSTARTS(STR(?t), "{BBKG}")) }}'
    )
    used = {row[0].value for row in result.rows}
    declared = {str(t) for t in terms(Graph().parse(ROOT / "ontology" / "bbkg.ttl"))}
    assert used - declared == set()
