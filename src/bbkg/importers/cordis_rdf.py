"""CORDIS rows to RDF, in the curated graph's model: a project is a ``bbkg:Partnership`` of kind
EU research project, each participation a ``bbkg:Participation`` node between the project and the
organisation, and the links the queries use (``bbkg:participatesIn``, ``bbkg:partnerOf`` between every two
participants) stated in the same graph, as the build does in its derived graph, with the pair counts
the query partner-pairs reads (``bbkg.build.pairs``).

IRIs: a project is ``id/partnership/cordis-<id>``, a participation
``id/partnership/cordis-<id>/participation/<PIC>-<role>``; an organisation is the curated one when the
resolver says so, else ``id/enterprise/<10 digits>`` when a Belgian VAT number gives its KBO number (the
IRI the KBO importer mints, so that both imports make one node), else ``id/pic/<PIC>``. A country is
``id/country/<iso code>`` (Belgium: the curated ``id/country/belgium``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import pyoxigraph as ox

from bbkg.build.pairs import pair_quads
from bbkg.importers.cordis import Organisation, Participation, Project
from bbkg.importers.kbo_rdf import Context
from bbkg.importers.output import BATCH, DAY_PRECISION, LABEL, PREF, TYPE, day, node, text
from bbkg.namespaces import BBKG, CONCEPT, DCTERMS, ID, SCHEMA, SKOS, XSD

EU_PROJECT = node(CONCEPT["partnership-kind/eu-research-project"])
PARTNERSHIP, PARTICIPATION = node(BBKG.Partnership), node(BBKG.Participation)
KIND, TITLE, IDENTIFIER, URL = node(BBKG.partnershipKind), node(DCTERMS.title), node(DCTERMS.identifier), node(SCHEMA.url)
PROGRAMME, SCHEME, STATUS = node(BBKG.frameworkProgramme), node(BBKG.fundingScheme), node(BBKG.projectStatus)
TOTAL_COST, EC_MAX = node(BBKG.totalCost), node(BBKG.ecMaxContribution)
EC, NET_EC, ENDED = node(BBKG.ecContribution), node(BBKG.netEcContribution), node(BBKG.participationEnded)
PARTICIPATION_IN, PARTICIPANT, ROLE = node(BBKG.participationIn), node(BBKG.participant), node(BBKG.participationRole)
ROLES = {role: node(CONCEPT[f"participation-role/{role}"]) for role in ("coordinator", "participant", "partner",
                                                                         "third-party")}
DECIMAL, BOOLEAN = node(XSD.decimal), node(XSD.boolean)
SOURCE = node(DCTERMS.source)
HAS_PARTICIPANT = node(BBKG.hasParticipant)
PARTICIPATES_IN = node(BBKG.participatesIn)
PARTNER_OF = node(BBKG.partnerOf)
ALT = node(SKOS.altLabel)


@cache
def _predicate(iri: str) -> ox.NamedNode:
    return node(iri)


def decimal_literal(value: str) -> ox.Literal:
    """An xsd:decimal literal."""
    return ox.Literal(value, datatype=DECIMAL)


def boolean_literal(value: bool) -> ox.Literal:
    """An xsd:boolean literal."""
    return ox.Literal("true" if value else "false", datatype=BOOLEAN)


def project_iri(pid: str) -> ox.NamedNode:
    """The partnership of a CORDIS project."""
    return node(ID[f"partnership/cordis-{pid}"])


def own_iri(org: Organisation) -> ox.NamedNode:
    """The IRI bbkg mints for a CORDIS organisation that is not a curated one."""
    if org.kbo:
        from bbkg.importers.kbo import own_iri as enterprise_iri

        return enterprise_iri(org.kbo)
    return node(ID[f"pic/{org.pic}"])


@dataclass
class Writer:
    """Where the statements go, who is who, and what the graph has used so far."""

    ctx: Context
    source: ox.NamedNode
    #: PIC -> organisation IRI, and the PICs that are curated organisations
    iris: dict[str, ox.NamedNode] = field(default_factory=dict)
    curated: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    #: roles other than the four the ontology declares, stated as concepts of the import
    other_roles: set[str] = field(default_factory=set)
    #: participation IRIs made so far (a PIC with the same role twice in a project gets a second one)
    participations: set[str] = field(default_factory=set)

    def add(self, s: ox.NamedNode, p: object, o: ox.NamedNode | ox.Literal) -> None:
        """One statement (straight into the writer's batch: no concept of this import needs tracking)."""
        out = self.ctx.out
        out.batch.append(ox.Quad(s, p if isinstance(p, ox.NamedNode) else _predicate(p), o, out.graph))
        if len(out.batch) >= BATCH:
            out.flush()

    def country(self, code: str) -> ox.NamedNode:
        """The IRI of a country (Belgium's is the curated place)."""
        if code == "BE" and self.ctx.country is not None:
            return self.ctx.country
        self.countries.add(code)
        return node(ID[f"country/{code.lower()}"])


def project(w: Writer, p: Project, members: list[ox.NamedNode]) -> None:
    """A project: kind, names, programme, funding scheme, dates, cost and EC contribution, participants."""
    s = project_iri(p.id)
    # a project of one organisation (an individual grant) is recorded, but is no partnership
    w.add(s, TYPE, PARTNERSHIP if len(set(members)) >= 2 else node(BBKG.SingleParticipantProject))
    w.add(s, KIND, EU_PROJECT)
    w.add(s, SOURCE, w.source)
    label = text(p.acronym or p.title or p.id)
    w.add(s, PREF, label)
    w.add(s, LABEL, label)
    if p.title:
        w.add(s, TITLE, text(p.title))
    w.add(s, IDENTIFIER, text(p.id))
    w.add(s, URL, node(f"https://cordis.europa.eu/project/id/{p.id}"))
    for prop, value in ((PROGRAMME, p.programme), (SCHEME, p.scheme), (STATUS, p.status)):
        if value:
            w.add(s, prop, text(value))
    for prop, value in (("startDate", p.start), ("endDate", p.end)):
        if value:
            w.add(s, BBKG[prop], day(value))
            w.add(s, BBKG[prop + "Precision"], DAY_PRECISION)
    for prop, value in ((TOTAL_COST, p.cost), (EC_MAX, p.ec_max)):
        if value is not None:
            w.add(s, prop, decimal_literal(value))
    for org in members:
        w.add(s, HAS_PARTICIPANT, org)
        w.add(org, PARTICIPATES_IN, s)


def organisation(w: Writer, org: Organisation) -> int:
    """An organisation: identifiers and names; for one that is not curated also its kind (and superclasses),
    country, municipality and region, NUTS code, SME flag, position and website. Returns 1 when its web
    address was no IRI and was left out."""
    s = w.iris[org.pic]
    curated = org.pic in w.curated
    w.add(s, BBKG.picNumber, text(org.pic))
    if org.vat:
        w.add(s, BBKG.vatNumber, text(org.vat))
    if org.kbo:
        w.add(s, BBKG.kboNumber, text(org.kbo))
    w.add(s, SOURCE, w.source)
    if curated:
        w.add(s, ALT, text(org.name))
    else:
        w.ctx.typed(s, BBKG[org.kind])
        w.add(s, PREF, text(org.name))
        w.add(s, LABEL, text(org.name))
    if org.short and org.short != org.name:
        w.add(s, ALT, text(org.short))
    return 0 if curated else _place(w, s, org)


def _place(w: Writer, s: ox.NamedNode, org: Organisation) -> int:
    if org.country:
        w.add(s, BBKG.inCountry, w.country(org.country))
    if org.nis:
        w.add(s, BBKG.locatedIn, node(ID[f"municipality/{org.nis}"]))
        if org.nis in w.ctx.region_of:
            w.add(s, BBKG.inRegion, w.ctx.region_of[org.nis])
    if org.nuts:
        w.add(s, BBKG.addressNutsCode, text(org.nuts))
    if org.sme is not None:
        w.add(s, BBKG.sme, boolean_literal(org.sme))
    if org.point:
        w.add(s, SCHEMA.latitude, decimal_literal(org.point[0]))
        w.add(s, SCHEMA.longitude, decimal_literal(org.point[1]))
    if org.url:
        url = org.url if "://" in org.url else "http://" + org.url
        try:
            w.add(s, BBKG.website, ox.NamedNode(url))
        except ValueError:
            return 1
    return 0


def participation(w: Writer, t: Participation) -> None:
    """A participation: the project, the organisation, its role and money."""
    base = f"partnership/cordis-{t.project}/participation/{t.pic}-{t.role}"
    key, n = base, 1
    while key in w.participations:
        n += 1
        key = f"{base}-{n}"
    w.participations.add(key)
    s = node(ID[key])
    project_node = project_iri(t.project)
    w.add(s, TYPE, PARTICIPATION)
    w.add(s, PARTICIPATION_IN, project_node)
    w.add(s, PARTICIPANT, w.iris[t.pic])
    w.add(s, ROLE, role_node(w, t.role))
    for prop, value in ((EC, t.ec), (NET_EC, t.net), (TOTAL_COST, t.cost)):
        if value is not None:
            w.add(s, prop, decimal_literal(value))
    if t.ended:
        w.add(s, ENDED, boolean_literal(True))


def partner_links(w: Writer, members: list[list[ox.NamedNode]]) -> int:
    """``bbkg:partnerOf`` both ways between every two organisations of a project, each pair stated once;
    returns how many (ordered) links were stated."""
    index: dict[ox.NamedNode, int] = {}
    orgs: list[ox.NamedNode] = []
    teams: list[list[int]] = []
    for team in members:
        ids = []
        for org in team:
            if org not in index:
                index[org] = len(orgs)
                orgs.append(org)
            ids.append(index[org])
        teams.append(ids)
    teams_of: list[list[int]] = [[] for _ in orgs]
    for t, ids in enumerate(teams):
        if len(ids) > 1:
            for i in ids:
                teams_of[i].append(t)
    out, count = w.ctx.out, 0
    for i, mine in enumerate(teams_of):
        partners: set[int] = set()
        for t in mine:
            partners.update(teams[t])
        partners.discard(i)
        me = orgs[i]
        out.batch.extend(ox.Quad(me, PARTNER_OF, orgs[j], out.graph) for j in sorted(partners))
        count += len(partners)
        if len(out.batch) >= BATCH:
            out.flush()
    return count


def partner_pairs(w: Writer, projects: list[str], members: list[list[ox.NamedNode]], scope: str) -> None:
    """The pair counts of the projects (``bbkg.build.pairs``), in the import's graph, under ``scope`` (one per
    graph: the counts of two imports add up in their union)."""
    out = w.ctx.out
    teams = ((project_iri(pid), team) for pid, team in zip(projects, members))
    for q in pair_quads(teams, out.graph, scope):
        out.batch.append(q)
        if len(out.batch) >= BATCH:
            out.flush()


def role_node(w: Writer, key: str) -> ox.NamedNode:
    """The concept of a role; one the ontology does not declare is remembered, to be stated by the import."""
    if key not in ROLES:
        w.other_roles.add(key)
    return node(CONCEPT[f"participation-role/{key}"])


def role_nodes(w: Writer) -> None:
    """The roles the ontology does not declare, as concepts of the participation-role scheme."""
    for key in sorted(w.other_roles):
        s = node(CONCEPT[f"participation-role/{key}"])
        w.add(s, TYPE, node(SKOS.Concept))
        w.add(s, node(SKOS.inScheme), node(CONCEPT["participation-role"]))
        w.add(s, node(SKOS.notation), text(key))
        w.add(s, PREF, text(key.replace("-", " "), "en"))


def country_nodes(w: Writer) -> None:
    """The countries used (other than Belgium): ISO code and names in English, Dutch, French and German
    (pycountry's ISO 3166-1 names and their translations)."""
    import gettext

    import pycountry

    translations = {lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
                    for lang in ("nl", "fr", "de")}
    for code in sorted(w.countries):
        s = node(ID[f"country/{code.lower()}"])
        w.ctx.typed(s, BBKG.Country)
        w.add(s, SKOS.notation, text(code))
        found = pycountry.countries.get(alpha_2=code)
        if found is None:
            continue
        w.add(s, PREF, text(found.name, "en"))
        for lang, tr in translations.items():
            w.add(s, PREF, text(tr.gettext(found.name), lang))
