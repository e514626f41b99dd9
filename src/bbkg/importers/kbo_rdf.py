"""KBO rows to RDF: one function per table, each stating only what its rows say, so that an Update
extract can delete a table's facts by key and state them again.

IRIs: an enterprise is ``id/enterprise/<10 digits>`` unless it is a curated organisation (then it keeps
the curated IRI); an establishment is ``id/establishment/<10 digits>``; the nodes a table row makes
(addresses, activities) hang under the entity's number, whatever the entity's IRI.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from bbkg.importers.output import DAY_PRECISION, LABEL, TYPE, GraphWriter, day, node, text
from bbkg.namespaces import BBKG, CONCEPT, DCTERMS, ID, SCHEMA, SKOS

#: KBO denomination language -> language tag (0 = unknown: no tag)
LANGUAGES = {"0": None, "1": "fr", "2": "nl", "3": "de", "4": "en"}
#: KBO code.csv language -> tag
CODE_LANGUAGES = {"NL": "nl", "FR": "fr", "DE": "de", "EN": "en"}
#: TypeOfDenomination -> property
DENOMINATIONS = {"001": BBKG.officialName, "002": BBKG.abbreviation, "003": BBKG.commercialName,
                 "004": BBKG.branchName}
#: code.csv categories stated as SKOS concepts, and the concept path of each
CONCEPT_CATEGORIES = {
    "JuridicalForm": "kbo/juridical-form", "JuridicalSituation": "kbo/juridical-situation",
    "Status": "kbo/status", "ActivityGroup": "kbo/activity-group", "Classification": "kbo/classification",
    "Nace2003": "nace2003", "Nace2008": "nace2008", "Nace2025": "nace2025",
}
#: the predicates each table states on its entity (an Update deletes these by key)
TABLE_PREDICATES = {
    "enterprise": (str(DCTERMS.source), BBKG.kboNumber, BBKG.juridicalForm, BBKG.juridicalSituation, BBKG.kboStatus,
                   BBKG.foundingDate, BBKG.foundingDatePrecision),
    "denomination": (BBKG.officialName, BBKG.abbreviation, BBKG.commercialName, BBKG.branchName,
                     str(SKOS.prefLabel), str(SKOS.altLabel), "http://www.w3.org/2000/01/rdf-schema#label"),
    "address": (BBKG.registeredSeat, BBKG.address, BBKG.locatedIn, BBKG.inRegion),
    "activity": (BBKG.activity, BBKG.naceActivity),
    "establishment": (BBKG.establishmentNumber, BBKG.establishmentOf, BBKG.startDate, BBKG.startDatePrecision),
}


def digits(number: str) -> str:
    """An enterprise or establishment number without its dots: ``0200.065.765`` -> ``0200065765``."""
    return number.replace(".", "").strip()


def concept(category: str, code: str) -> ox.NamedNode:
    """The SKOS concept of a KBO code (NACE codes by version: ``concept/nace2008/72110``)."""
    return node(CONCEPT[f"{CONCEPT_CATEGORIES[category]}/{code}"])


def owned_node(number: str, kind: str, *parts: str) -> ox.NamedNode:
    """A node made by one row of an entity: ``id/enterprise/0200065765/activity/003-2008-72110-MAIN``."""
    base = "establishment" if is_establishment(number) else "enterprise"
    return node(ID[f"{base}/{digits(number)}/{kind}" + ("/" + "-".join(parts) if parts else "")])


def is_establishment(number: str) -> bool:
    """Whether a KBO entity number is an establishment's (``2.000.000.339``) rather than an enterprise's."""
    return number[:1] in "23456789" and number.count(".") == 3


@dataclass
class Context:
    """What the row functions need: where to write, who is who, which types a class brings."""

    out: GraphWriter
    #: entity number (with dots) -> its IRI
    iris: dict[str, ox.NamedNode] = field(default_factory=dict)
    #: entity numbers that are curated organisations (their names are not made preferred labels)
    curated: set[str] = field(default_factory=set)
    #: class -> its superclasses (the imported graph states them, as build does in its derived graph)
    closure: dict[ox.NamedNode, set[ox.NamedNode]] = field(default_factory=dict)
    #: municipality NIS -> region place IRI
    region_of: dict[str, ox.NamedNode] = field(default_factory=dict)
    country: ox.NamedNode | None = None
    #: the import's source record, which every enterprise names as its dcterms:source
    source: ox.NamedNode | None = None

    def typed(self, s: ox.NamedNode, cls: object) -> None:
        """State a type and its superclasses."""
        cls_node = node(cls)
        self.out.add(s, TYPE, cls_node)
        for sup in sorted(self.closure.get(cls_node, ()), key=str):
            self.out.add(s, TYPE, sup)


def code_concepts(out: GraphWriter, codes: dict[tuple[str, str], dict[str, str]], used: set[ox.NamedNode]) -> None:
    """State the codes the graph uses as SKOS concepts with their NL/FR/DE labels from code.csv."""
    schemes: set[str] = set()
    for (category, code), labels in sorted(codes.items()):
        if category not in CONCEPT_CATEGORIES or concept(category, code) not in used:
            continue
        c = concept(category, code)
        schemes.add(category)
        out.add(c, TYPE, node(SKOS.Concept))
        out.add(c, node(SKOS.inScheme), node(CONCEPT[CONCEPT_CATEGORIES[category]]))
        out.add(c, node(SKOS.notation), text(code))
        for lang, label in sorted(labels.items()):
            out.add(c, node(SKOS.prefLabel), text(label, lang))
    for category in sorted(schemes):
        scheme = node(CONCEPT[CONCEPT_CATEGORIES[category]])
        out.add(scheme, TYPE, node(SKOS.ConceptScheme))
        out.add(scheme, LABEL, text(f"KBO code list: {category}"))


def enterprise(ctx: Context, row: dict[str, str], start: str | None) -> None:
    """An enterprise row: kind, number, juridical form and situation, status, start date."""
    number = row["EnterpriseNumber"]
    s = ctx.iris[number]
    if number not in ctx.curated:
        ctx.typed(s, BBKG.Company)
        if ctx.country is not None:
            ctx.out.add(s, node(BBKG.inCountry), ctx.country)
    ctx.out.add(s, node(BBKG.kboNumber), text(number))
    if ctx.source is not None:
        ctx.out.add(s, node(DCTERMS.source), ctx.source)
    ctx.out.add(s, node(BBKG.kboStatus), concept("Status", row["Status"]))
    ctx.out.add(s, node(BBKG.juridicalSituation), concept("JuridicalSituation", row["JuridicalSituation"]))
    if row["JuridicalForm"]:
        ctx.out.add(s, node(BBKG.juridicalForm), concept("JuridicalForm", row["JuridicalForm"]))
    if start:
        ctx.out.add(s, node(BBKG.foundingDate), day(start))
        ctx.out.add(s, node(BBKG.foundingDatePrecision), DAY_PRECISION)


def denomination(ctx: Context, row: dict[str, str], main: bool = False) -> None:
    """A name: by type (official, abbreviation, commercial, branch) and language. The ``main`` name is
    also the preferred label without a language tag, as a curated official name is (found for every
    ``--lang``)."""
    number = row["EntityNumber"]
    s = ctx.iris[number]
    name = row["Denomination"].strip()
    lang = LANGUAGES[row["Language"]]
    ctx.out.add(s, node(DENOMINATIONS[row["TypeOfDenomination"]]), text(name, lang))
    preferred = row["TypeOfDenomination"] == "001" and number not in ctx.curated
    if main and number not in ctx.curated and (lang or not preferred):
        ctx.out.label(s, name, None)
    ctx.out.label(s, name, lang, pref=preferred)


def main_name(rows: list[dict[str, str]]) -> dict[str, str] | None:
    """The name that stands for the entity in every language: an official one if any (by language code,
    then name), else a commercial, abbreviated or branch name."""
    official = [r for r in rows if r["TypeOfDenomination"] == "001"] or rows  # else a commercial name, ...
    return min(official, key=lambda r: (r["TypeOfDenomination"], r["Language"], r["Denomination"]), default=None)


def address(ctx: Context, row: dict[str, str], municipality: str | None) -> None:
    """An address: a node with its parts; a Belgian seat or establishment placed in its municipality."""
    number = row["EntityNumber"]
    s = ctx.iris[number]
    a = owned_node(number, "address", row["TypeOfAddress"])
    seat = row["TypeOfAddress"] == "REGO"
    ctx.out.add(s, node(BBKG.registeredSeat if seat else BBKG.address), a)
    ctx.out.add(a, TYPE, node(BBKG.Address))
    ctx.out.add(a, node(BBKG.addressType), concept_address(row["TypeOfAddress"]))
    for column, prop in (("Zipcode", SCHEMA.postalCode), ("ExtraAddressInfo", SCHEMA.description)):
        if row[column]:
            ctx.out.add(a, node(prop), text(row[column]))
    for lang in ("NL", "FR"):
        if row[f"Municipality{lang}"]:
            ctx.out.add(a, node(SCHEMA.addressLocality), text(row[f"Municipality{lang}"], lang.lower()))
        street = " ".join(p for p in (row[f"Street{lang}"], row["HouseNumber"]) if p)
        if row[f"Street{lang}"]:
            box = f" box {row['Box']}" if row["Box"] else ""
            ctx.out.add(a, node(SCHEMA.streetAddress), text(street + box, lang.lower()))
        if row[f"Country{lang}"]:
            ctx.out.add(a, node(SCHEMA.addressCountry), text(row[f"Country{lang}"], lang.lower()))
    if row["DateStrikingOff"]:
        ctx.out.add(a, node(BBKG.struckOff), day(row["DateStrikingOff"]))
        return
    if municipality is None:
        return
    place = node(ID[f"municipality/{municipality}"])
    ctx.out.add(a, node(BBKG.inMunicipality), place)
    if (seat and number not in ctx.curated) or is_establishment(number):
        ctx.out.add(s, node(BBKG.locatedIn), place)
        if municipality in ctx.region_of:
            ctx.out.add(s, node(BBKG.inRegion), ctx.region_of[municipality])


def concept_address(code: str) -> ox.NamedNode:
    """The concept of an address type (REGO, BAET, ABBR, OBAD)."""
    return node(CONCEPT[f"kbo/address-type/{code}"])


def activity(ctx: Context, row: dict[str, str]) -> None:
    """An activity: its NACE code (by version), group and classification."""
    number = row["EntityNumber"]
    s = ctx.iris[number]
    version, code = row["NaceVersion"], row["NaceCode"]
    a = owned_node(number, "activity", row["ActivityGroup"], version, code, row["Classification"])
    nace = concept(f"Nace{version}", code)
    ctx.out.add(s, node(BBKG.activity), a)
    ctx.out.add(s, node(BBKG.naceActivity), nace)
    ctx.out.add(a, TYPE, node(BBKG.Activity))
    ctx.out.add(a, node(BBKG.naceCode), nace)
    ctx.out.add(a, node(BBKG.activityGroup), concept("ActivityGroup", row["ActivityGroup"]))
    ctx.out.add(a, node(BBKG.classification), concept("Classification", row["Classification"]))


def establishment(ctx: Context, row: dict[str, str], start: str | None) -> None:
    """An establishment (a site of an enterprise): number, enterprise, start date."""
    number = row["EstablishmentNumber"]
    s = ctx.iris[number]
    ctx.out.add(s, TYPE, node(BBKG.Establishment))
    ctx.out.add(s, node(BBKG.establishmentNumber), text(number))
    ctx.out.add(s, node(BBKG.establishmentOf), ctx.iris[row["EnterpriseNumber"]])
    if start:
        ctx.out.add(s, node(BBKG.startDate), day(start))
        ctx.out.add(s, node(BBKG.startDatePrecision), DAY_PRECISION)
