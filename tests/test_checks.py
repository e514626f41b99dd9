"""The violation queries in queries/checks: silent on the fixture, each fires on its own mistake."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from bbkg.build.validate import check_queries, validate_quads

B = "https://w3id.org/bbkg/ontology#"
ID = "https://w3id.org/bbkg/id/"
G = ox.NamedNode("https://w3id.org/bbkg/graph/source/fixture-report")


def quad(s: str, p: str, o: ox.NamedNode | ox.Literal | str) -> ox.Quad:
    obj = o if isinstance(o, (ox.Literal, ox.NamedNode)) else ox.NamedNode(ID + o)
    return ox.Quad(ox.NamedNode(ID + s), ox.NamedNode(B + p), obj, G)


MISTAKES = {
    "municipality-region-mismatch": [quad("municipality/44021", "inProvince", "province/liege-province")],
    "spin-off-parent-kind": [quad("org/gamma-bio", "spinOffOf", "org/delta-agency")],
    "self-relation": [quad("org/gamma-bio", "memberOf", "org/gamma-bio")],
    "acquisition-before-founding": [
        quad("acquisition/gamma-bio--epsilon-pharma", "date",
             ox.Literal("1990", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear")))
    ],
    "fact-without-evidence": [quad("org/gamma-bio", "hasSiteIn", "municipality/44021")],
}


@pytest.fixture(scope="module")
def fixture_quads(ecosystem_trig):
    return list(ox.parse(ecosystem_trig.read_bytes(), format=ox.RdfFormat.TRIG))


def test_every_check_has_a_mistake_and_a_why_comment():
    checks = check_queries()
    assert {p.stem.removesuffix("-violation") for p in checks} == set(MISTAKES)
    for path in checks:
        assert path.read_text(encoding="utf-8").startswith("# Why:"), path


def test_checks_are_silent_on_the_fixture(fixture_quads):
    report = validate_quads(fixture_quads)
    assert report.conforms, report.text()


@pytest.mark.parametrize("rule", sorted(MISTAKES))
def test_check_fires_on_its_mistake(rule, fixture_quads):
    report = validate_quads(fixture_quads + MISTAKES[rule])
    assert not report.conforms
    assert rule in report.rules(), report.text()
    hits = [v for v in report.violations if v.rule == rule]
    assert all(v.focus.startswith(ID) and v.message for v in hits)
