"""Stage 2, build: turn the checked tables into RDF quads: one named graph per source, PROV-O provenance.

``validate`` checks the result against the SHACL shapes and the violation queries.

IRIs are deterministic (``https://w3id.org/bbkg/id/<kind>/<slug>``), so the same tables
always give the same dataset.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import permutations
from pathlib import Path

import pyoxigraph as ox

from bbkg.build.evidence import SourcedFact, evidence_quads
from bbkg.build.pairs import pair_quads
from bbkg.errors import InputError
from bbkg.namespaces import (
    BBKG,
    CONCEPT,
    DCTERMS,
    DERIVED_GRAPH,
    ID,
    ONTOLOGY_GRAPH,
    PROV,
    PROVENANCE_GRAPH,
    QB,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    WD,
    XSD,
    source_graph,
)
from bbkg.rdfio import parse_rdf_file
from bbkg.resources import ontology_dir
from bbkg.tables.model import Row, Tables
from bbkg.vocab import parse_when

Quad = ox.Quad


def iri(value: object) -> ox.NamedNode:
    """Return a pyoxigraph IRI for an rdflib URIRef or a string."""
    return ox.NamedNode(str(value))


TYPE = iri(RDF.type)
LABEL = iri(RDFS.label)
PREF = iri(SKOS.prefLabel)
ALT = iri(SKOS.altLabel)


SOURCE = iri(DCTERMS.source)


COUNTRY_PLACE = {"BE": "belgium"}


def lit(value: str, *, lang: str | None = None, datatype: object | None = None) -> ox.Literal:
    """Return a literal with a language tag or a datatype."""
    if lang:
        return ox.Literal(value, language=lang)
    if datatype is not None:
        return ox.Literal(value, datatype=iri(datatype))
    return ox.Literal(value)


def when(value: str) -> tuple[ox.Literal, ox.NamedNode]:
    """Return the ``xsd:date`` of the first day a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` covers,
    and the concept of its precision (year, month, day)."""
    parsed = parse_when(value)
    if parsed is None:  # the table check refuses these first
        raise InputError(f"{value!r} is not a year, month or date")
    first, precision = parsed
    return lit(first.isoformat(), datatype=XSD.date), iri(CONCEPT[f"date-precision/{precision}"])


def entity_iri(tables: Tables, ref: str) -> ox.NamedNode:
    """Return the IRI of an entity reference (id or NIS code)."""
    kind = tables.index[ref]
    if kind == "muni":
        return iri(ID[f"municipality/{ref}"])
    if kind.startswith("place:"):
        return iri(ID[f"{kind[6:].lower()}/{ref}"])
    return iri(ID[f"{kind}/{ref}"])


def source_iri(source_id: str) -> ox.NamedNode:
    """Return the IRI of a source record."""
    return iri(ID[f"source/{source_id}"])


def country_iri(tables: Tables, code: str) -> ox.NamedNode:
    """Return the IRI of a country by ISO code (Belgium is the place in places.csv)."""
    place = COUNTRY_PLACE.get(code)
    if place and place in tables.index:
        return entity_iri(tables, place)
    return iri(ID[f"country/{code.lower()}"])


#: relation -> (IRI path, class, role of the subject, role of the object, (table column, date property) ...)
RELATION_NODES: dict[str, tuple[str, str, str, str, tuple[tuple[str, str], ...]]] = {
    "acquiredBy": ("acquisition", "Acquisition", "acquiredOrganisation", "acquiringOrganisation", (("date", "date"),)),
    "memberOf": ("membership", "Membership", "member", "organisation", (("date", "startDate"), ("end", "endDate"))),
}


class _Builder:
    def __init__(self, tables: Tables, closure: dict[ox.NamedNode, set[ox.NamedNode]] | None = None) -> None:
        self.tables = tables
        self.quads: list[Quad] = []
        #: class -> its superclasses: every stated type also gets those, in the derived graph
        self.closure = closure or {}
        self.derived_graph = iri(DERIVED_GRAPH)
        #: every curated fact with its row's source and quote, for the evidence records
        self.sourced: list[SourcedFact] = []
        self.teams: list[tuple[ox.NamedNode, list[ox.NamedNode]]] = []

    def add(self, s: ox.NamedNode, p: object, o: ox.NamedNode | ox.Literal, graph: ox.NamedNode) -> None:
        pred = p if isinstance(p, ox.NamedNode) else iri(p)
        self.quads.append(Quad(s, pred, o, graph))
        if pred == TYPE and graph != self.derived_graph and o in self.closure:
            for sup in sorted(self.closure[o], key=str):
                self.add(s, TYPE, sup, self.derived_graph)

    def fact(self, row: Row, s: ox.NamedNode, p: object, o: ox.NamedNode | ox.Literal, *, extra: dict | None = None) -> ox.NamedNode:
        """State one sourced fact in its source's graph; its evidence record is written by :meth:`provenance`."""
        graph = iri(source_graph(row["source"]))
        pred = p if isinstance(p, ox.NamedNode) else iri(p)
        self.add(s, pred, o, graph)
        self.sourced.append(SourcedFact(s, pred, o, source_iri(row["source"]), row["evidence"],
                                        tuple((extra or {}).items())))
        return graph

    def provenance(self) -> None:
        """Write the evidence records of every fact stated so far (one per table row and subject)."""
        for q in evidence_quads(self.sourced, iri(PROVENANCE_GRAPH)):
            self.add(q.subject, q.predicate, q.object, q.graph_name)
        self.sourced.clear()

    def dated(self, row: Row, s: ox.NamedNode, prop: str, value: str) -> None:
        """State a date (``bbkg:<prop>``, an xsd:date) and its precision (``bbkg:<prop>Precision``)."""
        day, precision = when(value)
        self.fact(row, s, BBKG[prop], day)
        self.fact(row, s, BBKG[prop + "Precision"], precision)

    def labels(self, row: Row, s: ox.NamedNode, value: str, lang: str | None, *, pref: bool = True) -> None:
        graph = iri(source_graph(row["source"]))
        label = lit(value, lang=lang)
        if pref:
            self.fact(row, s, PREF, label)
            self.add(s, LABEL, label, graph)
        else:
            self.fact(row, s, ALT, label)

    # ------------------------------------------------------------------ tables

    def sources(self) -> None:
        prov = iri(PROVENANCE_GRAPH)
        for row in self.tables["sources"]:
            s = source_iri(row["id"])
            for cls in (BBKG.Source, PROV.Entity, DCTERMS.BibliographicResource):
                self.add(s, TYPE, iri(cls), prov)
            self.add(s, DCTERMS.title, lit(row["title"]), prov)
            self.add(s, LABEL, lit(row["title"]), prov)
            if row["url"]:
                self.add(s, SCHEMA.url, iri(row["url"]), prov)
            if row["publisher"]:
                self.add(s, DCTERMS.publisher, lit(row["publisher"]), prov)
            if row["accessed"]:
                self.add(s, BBKG.accessed, lit(row["accessed"], datatype=XSD.date), prov)
            if row["note"]:
                self.add(s, RDFS.comment, lit(row["note"], lang="en"), prov)
            graph = iri(source_graph(row["id"]))
            self.add(graph, TYPE, iri(PROV.Bundle), prov)
            self.add(graph, PROV.wasDerivedFrom, s, prov)

    def places(self) -> None:
        for row in self.tables["places"]:
            s = entity_iri(self.tables, row["id"])
            graph = self.fact(row, s, TYPE, iri(BBKG[row["kind"]]))
            self.add(s, SOURCE, source_iri(row["source"]), graph)
            for lang in ("en", "nl", "fr", "de"):
                if row[f"label_{lang}"]:
                    self.labels(row, s, row[f"label_{lang}"], lang)
            if row["parent"]:
                prop = BBKG.inCountry if row["kind"] == "Region" else BBKG.inRegion
                self.fact(row, s, prop, entity_iri(self.tables, row["parent"]))
            if row["nuts"]:
                self.fact(row, s, BBKG.nutsCode, lit(row["nuts"]))
            if row["wikidata"]:
                self.fact(row, s, BBKG.wikidataId, lit(row["wikidata"]))
                self.add(s, SCHEMA.sameAs, iri(WD[row["wikidata"]]), graph)

    def municipalities(self) -> None:
        by_label = self.tables.place_by_label
        for row in self.tables["municipalities"]:
            s = entity_iri(self.tables, row["NIS_code"])
            # the quote is the row as read (a second build of the same tables must not quote its own additions)
            cells = ",".join(row[c] for c in row.cells if c not in ("source", "evidence"))
            row.cells["source"] = "statbel-municipalities-2020"
            row.cells["evidence"] = cells  # the quote is the row itself
            graph = self.fact(row, s, TYPE, iri(BBKG.Municipality))
            self.add(s, SOURCE, source_iri(row["source"]), graph)
            self.add(s, BBKG.nisCode, lit(row["NIS_code"]), graph)
            self.labels(row, s, row["municipality_NL"], "nl")
            self.labels(row, s, row["municipality_FR"], "fr")
            if row["province_NL"] not in ("", "0"):
                province = by_label[("Province", row["province_NL"])]
                self.fact(row, s, BBKG.inProvince, entity_iri(self.tables, province))
            region = by_label[("Region", row["region_NL"])]
            self.fact(row, s, BBKG.inRegion, entity_iri(self.tables, region))
            self.add(s, BBKG.population, lit(row["inhabitants"], datatype=XSD.integer), graph)
            self.add(s, BBKG.postalCode, lit(row["zip"]), graph)

    def extra_labels(self) -> None:
        for row in self.tables["labels"]:
            s = entity_iri(self.tables, row["entity"])
            self.labels(row, s, row["label"], row["lang"], pref=row["kind"] == "pref")

    def organisations(self) -> None:
        for row in self.tables["organisations"]:
            s = entity_iri(self.tables, row["id"])
            graph = self.fact(row, s, TYPE, iri(BBKG[row["kind"]]))
            self.add(s, SOURCE, source_iri(row["source"]), graph)
            self.labels(row, s, row["label"], None)  # the official name, found in every language
            if row["abbreviation"]:
                self.fact(row, s, ALT, lit(row["abbreviation"]))
            if row["country"]:
                self.fact(row, s, BBKG.inCountry, country_iri(self.tables, row["country"]))

    def relations(self) -> None:
        for row in self.tables["relations"]:
            s = entity_iri(self.tables, row["subject"])
            o = entity_iri(self.tables, row["object"])
            extra = {}
            if row["note"]:
                extra[iri(RDFS.comment)] = lit(row["note"], lang="en")
            # the evidence record dates the relation, with the precision of each date beside it
            for column, prop, precision in (("date", DCTERMS.date, BBKG.datePrecision),
                                            ("end", BBKG.endDate, BBKG.endDatePrecision)):
                if row[column]:
                    extra[iri(prop)], extra[iri(precision)] = when(row[column])
            graph = self.fact(row, s, BBKG[row["predicate"]], o, extra=extra)
            node = RELATION_NODES.get(row["predicate"])
            if node:
                self.relation_node(row, graph, s, o, *node)

    def relation_node(self, row: Row, graph: ox.NamedNode, s: ox.NamedNode, o: ox.NamedNode, path: str, cls: str,
                      subject_role: str, object_role: str, dates: tuple[tuple[str, str], ...]) -> None:
        """State a relation that has a time of its own as a node (an acquisition, a membership)."""
        event = iri(ID[f"{path}/{row['subject']}--{row['object']}"])
        self.add(event, TYPE, iri(BBKG[cls]), graph)
        self.fact(row, event, BBKG[subject_role], s)
        self.fact(row, event, BBKG[object_role], o)
        self.add(event, SOURCE, source_iri(row["source"]), graph)
        for column, prop in dates:
            if row[column]:
                self.dated(row, event, prop, row[column])

    def attributes(self) -> None:
        for row in self.tables["attributes"]:
            s = entity_iri(self.tables, row["subject"])
            prop, value, lang = row["property"], row["value"], row["lang"] or None
            graph = iri(source_graph(row["source"]))
            if prop in ("foundingDate", "dissolutionDate"):
                self.dated(row, s, prop, value)
            elif prop in ("status", "segment"):
                self.fact(row, s, BBKG[prop], iri(CONCEPT[f"{prop}/{value}"]))
                if row["date"]:
                    self.dated(row, s, prop + "Date", row["date"])
            elif prop == "description":
                self.fact(row, s, SCHEMA.description, lit(value, lang=lang))
            elif prop == "website":
                self.fact(row, s, BBKG.website, iri(value))
            elif prop in ("formerName", "representsSector"):
                self.fact(row, s, BBKG[prop], lit(value, lang=lang))
            else:
                self.fact(row, s, BBKG[prop], lit(value))
                if prop == "wikidataId":
                    self.add(s, SCHEMA.sameAs, iri(WD[value]), graph)
                elif prop == "rorId":
                    self.add(s, SCHEMA.sameAs, iri(f"https://ror.org/{value}"), graph)

    def partnerships(self) -> None:
        derived = iri(DERIVED_GRAPH)
        for row in self.tables["partnerships"]:
            s = entity_iri(self.tables, row["id"])
            graph = self.fact(row, s, TYPE, iri(BBKG.Partnership))
            self.add(s, SOURCE, source_iri(row["source"]), graph)
            self.labels(row, s, row["label"], "en")
            self.fact(row, s, BBKG.partnershipKind, iri(CONCEPT[f"partnership-kind/{row['kind']}"]))
            members = sorted({m.strip() for m in row["participants"].split(";") if m.strip()})
            nodes = [entity_iri(self.tables, m) for m in members]
            for node in nodes:
                self.fact(row, s, BBKG.hasParticipant, node)
                self.add(node, BBKG.participatesIn, s, derived)
            for a, b in permutations(nodes, 2):
                self.add(a, BBKG.partnerOf, b, derived)
            self.teams.append((s, nodes))
            if row["start"]:
                self.dated(row, s, "startDate", row["start"])
            if row["end"]:
                self.dated(row, s, "endDate", row["end"])

    def partner_pairs(self) -> None:
        """Materialise how many partnerships each pair of organisations shares (``bbkg.build.pairs``)."""
        self.quads.extend(pair_quads(self.teams, self.derived_graph, "derived"))

    def figures(self) -> None:
        for row in self.tables["figures"]:
            s = entity_iri(self.tables, row["id"])
            graph = self.fact(row, s, TYPE, iri(BBKG.Observation))
            self.add(s, TYPE, iri(QB.Observation), graph)
            self.add(s, SOURCE, source_iri(row["source"]), graph)
            self.labels(row, s, row["label"], "en")
            self.fact(row, s, BBKG.measure, iri(CONCEPT[f"measure/{row['measure']}"]))
            self.fact(row, s, BBKG.value, lit(row["value"], datatype=XSD.decimal))
            self.fact(row, s, BBKG.unit, iri(CONCEPT[f"unit/{row['unit']}"]))
            self.fact(row, s, BBKG.valueQualifier, iri(CONCEPT[f"qualifier/{row['qualifier']}"]))
            self.fact(row, s, BBKG.refArea, entity_iri(self.tables, row["area"]))
            if row["period"]:
                self.fact(row, s, BBKG.refPeriod, lit(row["period"], datatype=XSD.gYear))

    def derived_regions(self) -> None:
        """Materialise ``bbkg:inRegion`` on organisations through their municipality."""
        region_of = {}
        for row in self.tables["municipalities"]:
            region_of[row["NIS_code"]] = self.tables.place_by_label[("Region", row["region_NL"])]
        derived = iri(DERIVED_GRAPH)
        for row in self.tables["relations"]:
            if row["predicate"] == "locatedIn":
                region = region_of[row["object"]]
                self.add(entity_iri(self.tables, row["subject"]), BBKG.inRegion, entity_iri(self.tables, region), derived)


def superclass_closure(ontology: Iterable[Quad]) -> dict[ox.NamedNode, set[ox.NamedNode]]:
    """Return class -> all its named superclasses (transitively), from ``rdfs:subClassOf``."""
    sub = iri(RDFS.subClassOf)
    direct: dict[ox.NamedNode, set[ox.NamedNode]] = {}
    for q in ontology:
        if q.predicate == sub and isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode):
            direct.setdefault(q.subject, set()).add(q.object)
    closure: dict[ox.NamedNode, set[ox.NamedNode]] = {}
    for cls in direct:
        seen: set[ox.NamedNode] = set()
        todo = list(direct[cls])
        while todo:
            sup = todo.pop()
            if sup not in seen and sup != cls:
                seen.add(sup)
                todo.extend(direct.get(sup, ()))
        closure[cls] = seen
    return closure


def ontology_quads(folder: Path | None = None) -> list[Quad]:
    """Parse ``ontology/bbkg.ttl`` into the ontology named graph."""
    folder = folder or ontology_dir()
    return parse_rdf_file(folder / "bbkg.ttl", iri(ONTOLOGY_GRAPH))


def _state_facts(builder: _Builder) -> None:
    builder.sources()
    builder.places()
    builder.municipalities()
    builder.extra_labels()
    builder.organisations()
    builder.relations()
    builder.attributes()
    builder.partnerships()
    builder.partner_pairs()
    builder.figures()
    builder.derived_regions()


def sourced_facts(tables: Tables) -> list[SourcedFact]:
    """Return every curated fact of checked tables with its row's source and quote (what the evidence
    records must answer)."""
    builder = _Builder(tables)
    _state_facts(builder)
    return builder.sourced


def build_quads(tables: Tables, ontology: Iterable[Quad] = ()) -> list[Quad]:
    """Return the dataset's quads (deduplicated) for checked tables plus the ontology."""
    ontology = list(ontology)
    builder = _Builder(tables, superclass_closure(ontology))
    _state_facts(builder)
    builder.provenance()
    return list(dict.fromkeys([*ontology, *builder.quads]))
