"""Lean provenance: one evidence record per table row and subject, every fact still answerable with its
source and exact quote from the Turtle export alone, at most one provenance quad per fact quad."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import DCTERMS

from bbkg.build import sourced_facts
from bbkg.build.validate import check_queries
from bbkg.resources import graph_dir
from bbkg.tables import load_tables
from conftest import ECOSYSTEM

BBKG = rdflib.Namespace("https://w3id.org/bbkg/ontology#")
RECORD = {BBKG.about, BBKG.property, BBKG.statedValue, DCTERMS.source, BBKG.quote}


def rdf(term):
    """A pyoxigraph term as rdflib's."""
    if isinstance(term, ox.Literal):
        lang, datatype = term.language, term.datatype.value
        plain = lang or datatype == "http://www.w3.org/2001/XMLSchema#string"
        return rdflib.Literal(term.value, lang=lang, datatype=None if plain else rdflib.URIRef(datatype))
    return rdflib.URIRef(term.value)


def answers(graph: rdflib.Graph) -> dict[tuple, set[tuple]]:
    """Fact (s, p, o) -> {(source, quote, extras)} of the records that cover it, by the readers' rule: a record
    without bbkg:statedValue covers every value of its subject's properties, one with it that value only."""
    found: dict[tuple, set[tuple]] = defaultdict(set)
    for ev in set(graph.subjects(BBKG.about)):
        s = graph.value(ev, BBKG.about)
        stated = list(graph.objects(ev, BBKG.statedValue))
        extras = frozenset((p, o) for p, o in graph.predicate_objects(ev) if p not in RECORD)
        answer = (graph.value(ev, DCTERMS.source), str(graph.value(ev, BBKG.quote)), extras)
        for p in graph.objects(ev, BBKG.property):
            for o in stated or graph.objects(s, p):
                found[(s, p, o)].add(answer)
    return found


def expected(facts) -> dict[tuple, set[tuple]]:
    """Fact -> {(source, quote, extras)} of the table rows that state it."""
    want: dict[tuple, set[tuple]] = defaultdict(set)
    for f in facts:
        extras = frozenset((rdf(p), rdf(o)) for p, o in f.extras)
        want[(rdf(f.subject), rdf(f.predicate), rdf(f.object))].add((rdf(f.source), f.quote, extras))
    return want


def problems(graph: rdflib.Graph, want: dict[tuple, set[tuple]]) -> list[str]:
    """What the Turtle export cannot answer: facts missing, without a record, or with a wrong one."""
    found = answers(graph)
    out = []
    for fact, rows in want.items():
        if fact not in graph:
            out.append(f"fact missing: {fact}")
        elif found.get(fact, set()) != rows:
            out.append(f"{fact}: records say {found.get(fact)}, rows say {rows}")
    return out


@pytest.fixture(scope="module")
def ecosystem_turtle(ecosystem_trig) -> rdflib.Graph:
    """The fixture ecosystem's Turtle export (no named graphs), parsed by rdflib."""
    return rdflib.Graph().parse(ecosystem_trig.with_suffix(".ttl"), format="turtle")


@pytest.fixture(scope="module")
def ecosystem_facts():
    """Every curated fact of the fixture ecosystem with its row's source, quote and extras."""
    return expected(sourced_facts(load_tables(ECOSYSTEM)))


def test_the_turtle_export_answers_source_and_quote_of_every_fact(ecosystem_turtle, ecosystem_facts):
    assert len(ecosystem_facts) > 100
    # the fixture has (subject, property) pairs stated by two rows: they get a record per value
    assert any(len(rows) > 1 for rows in ecosystem_facts.values()) or ecosystem_turtle.value(
        predicate=BBKG.statedValue) is not None
    assert problems(ecosystem_turtle, ecosystem_facts) == []


def test_a_dropped_record_leaves_its_facts_unanswered(ecosystem_turtle, ecosystem_facts):
    for kind, pick in (("value-less", lambda ev, g: (ev, BBKG.statedValue, None) not in g),
                       ("per-value", lambda ev, g: (ev, BBKG.statedValue, None) in g)):
        graph = rdflib.Graph()
        for t in ecosystem_turtle:
            graph.add(t)
        records = sorted(ev for ev in set(graph.subjects(BBKG.about)) if pick(ev, graph))
        assert records, kind
        graph.remove((records[0], None, None))
        assert problems(graph, ecosystem_facts), kind


def test_records_are_grouped_by_row_and_subject(ecosystem_turtle):
    records = set(ecosystem_turtle.subjects(BBKG.about))
    assert any(len(list(ecosystem_turtle.objects(ev, BBKG.property))) > 1 for ev in records)
    assert not list(ecosystem_turtle.triples((None, rdflib.RDF.type, BBKG.Evidence)))
    for ev in ecosystem_turtle.subjects(BBKG.statedValue):
        assert len(list(ecosystem_turtle.objects(ev, BBKG.property))) == 1


def _check(quads) -> list[str]:
    store = ox.Store()
    store.extend(quads)
    path = next(p for p in check_queries() if p.stem == "fact-without-evidence-violation")
    return [str(sol["message"].value) for sol in store.query(path.read_text(), use_default_graph_as_union=True)]


def test_the_check_finds_a_fact_no_record_covers(ecosystem_trig):
    quads = list(ox.parse(path=str(ecosystem_trig), format=ox.RdfFormat.TRIG))
    assert _check(quads) == []
    stated = ox.NamedNode(str(BBKG.statedValue))
    with_value = {q.subject for q in quads if q.predicate == stated}
    spin_off = ox.NamedNode(str(BBKG.spinOffOf))
    grouped = sorted(q.subject.value for q in quads if q.predicate.value == str(BBKG.property) and q.object == spin_off
                     and q.subject not in with_value)
    assert grouped
    dropped = [q for q in quads if q.subject.value != grouped[0]]
    assert len(_check(dropped)) >= 1
    # per-value records that name another value no longer cover their facts
    founding = {q.subject for q in quads if q.predicate.value == str(BBKG.property)
                and q.object.value == str(BBKG.foundingDate) and q.subject in with_value}
    assert founding
    other = ox.Literal("1800-01-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    moved = [ox.Quad(q.subject, q.predicate, other, q.graph_name) if q.subject in founding and q.predicate == stated
             else q for q in quads]
    assert any("foundingDate" in message for message in _check(moved))


def test_at_most_one_provenance_quad_per_fact_quad_in_the_shipped_graph():
    # graph/bbkg.trig is what the build writes (test_build checks it is not stale): read it, not build again
    quads = list(ox.parse(path=str(graph_dir() / "bbkg.trig")))
    records = {q.subject for q in quads if q.predicate.value == str(BBKG.about)}
    provenance = sum(1 for q in quads if q.subject in records)
    facts = len(quads) - provenance
    assert records and provenance <= facts, (provenance, facts)
