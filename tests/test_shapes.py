"""The SHACL shapes, tested both ways: valid fixtures conform; each invalid one fails on its own rule."""

from __future__ import annotations

import pytest

from bbkg.build import ontology_quads
from bbkg.build.validate import validate_quads
from bbkg.rdfio import parse_rdf_file
from conftest import FIXTURES

SHAPES = FIXTURES / "shapes"
WARNINGS = {"organisation-seat-unverified", "organisation-place-unverified"}
INVALID = sorted((SHAPES / "invalid").glob("*.ttl"))


def report_for(path):
    return validate_quads([*ontology_quads(), *parse_rdf_file(path)], checks=[])


@pytest.mark.parametrize("path", sorted((SHAPES / "valid").glob("*.ttl")), ids=lambda p: p.stem)
def test_valid_fixture_conforms(path):
    report = report_for(path)
    assert report.conforms, report.text()
    assert report.violations == []


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_fails_on_its_rule_only(path):
    report = report_for(path)
    assert report.rules() == {path.stem}, report.text()
    if path.stem in WARNINGS:
        assert report.conforms and {v.severity for v in report.violations} == {"Warning"}
    else:
        assert not report.conforms


def test_every_shape_has_an_invalid_fixture():
    from rdflib import Graph
    from rdflib.namespace import RDF, SH

    shapes = Graph().parse(FIXTURES.parent.parent / "ontology" / "shapes.ttl")
    named = {str(s).split("#")[1] for s in shapes.subjects(RDF.type, SH.NodeShape) if "#" in str(s)}
    assert named == {p.stem for p in INVALID}
