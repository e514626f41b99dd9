"""What a page shows about its entity: every fact with its sources and quotes, what points to it, and for an
organisation its partners and its timeline. Values are plain data for the templates; every text is escaped
by Jinja when the page is written, and only http(s) IRIs become links out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape as esc

import pyoxigraph as ox
from markupsafe import Markup

from bbkg.namespaces import BBKG, DCTERMS, RDF, SCHEMA
from bbkg.site.model import SiteGraph, fact_key
from bbkg.site.paths import html_file, page_folder, relative
from bbkg.site.rdf import compact
from bbkg.vocab import format_when

#: facts the build derives (no source of their own: they follow from sourced facts)
DERIVED = {RDF.type, BBKG.partnerOf, BBKG.participatesIn, BBKG.inRegion, BBKG.inCountry}
#: how many entries a list of what points here shows at most
LIST_LIMIT = 5000


@dataclass
class Value:
    """One value of a fact, ready to show: text, its link (relative page or http(s) IRI), its language."""

    text: str
    href: str | None = None
    lang: str = ""
    note: str = ""
    key: str = ""  # the IRI, or the literal's lexical form (for machines reading the page: data-key)


@dataclass
class Source:
    """A source of a fact: its title, its page, its URL and the quote."""

    title: str
    href: str | None
    url: str | None
    quote: str
    iri: str = ""


@dataclass
class Fact:
    """A property with its values, each with its sources."""

    property: Value
    values: list[tuple[Value, list[Source]]] = field(default_factory=list)
    derived: bool = False


class Linker:
    """Turns IRIs and literals into :class:`Value` for a page in a folder and a language."""

    def __init__(self, graph: SiteGraph, folder: str, lang: str, langs: dict[str, tuple[str, ...]]) -> None:
        self.graph, self.folder, self.lang, self.langs = graph, folder, lang, langs

    def href(self, iri: str) -> str | None:
        """Return the relative link to the page of ``iri`` in this language (else English), or None."""
        langs = self.langs.get(iri)
        target = page_folder(iri) if langs else None
        if target is None:
            return None
        return relative(self.folder, target, html_file(self.lang if self.lang in langs else "en"))

    def iri(self, iri: str) -> Value:
        """Return an IRI as its label, linked to its page (or, for an http(s) IRI elsewhere, to itself)."""
        text = self.graph.label(iri, self.lang) or compact(iri, set())
        href = self.href(iri)
        if href is None and iri.lower().startswith(("http://", "https://")) and not iri.startswith(
                "https://w3id.org/bbkg/"):
            href = iri
        return Value(text, href, note=iri, key=iri)

    def term(self, term) -> Value:
        """Return any RDF term as a :class:`Value`."""
        if isinstance(term, ox.NamedNode):
            return self.iri(term.value)
        if isinstance(term, ox.BlankNode):
            return Value(f"_:{term.value}")
        datatype = "" if term.language or term.datatype.value.endswith("#string") else compact(term.datatype.value, set())
        return Value(term.value, lang=term.language or "", note=datatype, key=term.value)

    def source(self, iri: str, quote: str) -> Source:
        """Return a source record as :class:`Source`."""
        url = self.graph.first(iri, SCHEMA.url)
        safe = url if url and url.lower().startswith(("http://", "https://")) else None
        title = self.graph.first(iri, DCTERMS.title) or self.graph.label(iri, self.lang) or compact(iri, set())
        return Source(title, self.href(iri), safe, quote, iri)


def _html(value: Value) -> str:
    """A value as HTML text (every piece escaped with the standard library's ``html.escape``)."""
    lang = f' lang="{esc(value.lang)}"' if value.lang else ""
    text = esc(value.text)
    out = f'<a href="{esc(value.href)}"{lang}>{text}</a>' if value.href else f"<span{lang}>{text}</span>"
    if value.lang:
        out += f' <small class="tag">@{esc(value.lang)}</small>'
    elif value.note and not value.href:
        out += f' <small class="tag">{esc(value.note)}</small>'
    return out


def show(value: Value) -> Markup:
    """Return a value as HTML: its text escaped, a link when it has one, its language tag or datatype beside it."""
    return Markup(_html(value))


def show_items(values: list[Value]) -> Markup:
    """Return the values as ``<li>`` items (written in Python: lists run to thousands of entries)."""
    return Markup("".join(f"<li>{_html(v)}</li>" for v in values))


def _source_html(source: Source) -> str:
    title = f'<a href="{esc(source.href)}">{esc(source.title)}</a>' if source.href else esc(source.title)
    out = f' <a class="out" href="{esc(source.url)}" rel="noopener noreferrer">↗</a>' if source.url else ""
    return (f'<div class="source" data-source="{esc(source.iri)}">{title}{out}'
            f"<blockquote>{esc(source.quote)}</blockquote></div>")


def fact_rows(facts_: list[Fact], derived_note: str) -> Markup:
    """Return the rows of the facts table: property, value, and each source with its quote."""
    rows = []
    for fact in facts_:
        css = ' class="derived"' if fact.derived else ""
        for i, (value, sources) in enumerate(fact.values):
            head = f'<th scope="row" rowspan="{len(fact.values)}">{_html(fact.property)}</th>' if i == 0 else ""
            cited = "".join(_source_html(s) for s in sources) or (
                f"<small>{esc(derived_note)}</small>" if fact.derived else "")
            rows.append(f'<tr data-property="{esc(fact.property.key)}" data-value="{esc(value.key)}"{css}>'
                        f"{head}<td>{_html(value)}</td><td>{cited}</td></tr>")
    return Markup("\n".join(rows))


def facts(link: Linker, iri: str) -> list[Fact]:
    """Return every fact stated about ``iri``, grouped by property, each value with its sources."""
    graph = link.graph
    grouped: dict[str, Fact] = {}
    for predicate, obj in graph.out.get(iri, ()):
        fact = grouped.get(predicate)
        if fact is None:
            fact = grouped[predicate] = Fact(link.iri(predicate), derived=predicate in DERIVED)
        sources = [link.source(e.source, e.quote) for e in graph.evidence.get(fact_key(iri, predicate, obj), ())]
        fact.values.append((link.term(obj), sources))
    ordered = sorted(grouped.items(), key=lambda item: (item[0] != RDF.type, item[1].derived, item[1].property.text))
    for _, fact in ordered:
        fact.values.sort(key=lambda pair: pair[0].text.casefold())
    return [fact for _, fact in ordered]


def pointing_here(link: Linker, iri: str) -> list[tuple[Value, list[Value], int]]:
    """Return what points to ``iri``, by property: (property, the entities with a page, how many more)."""
    graph = link.graph
    grouped: dict[str, list[str]] = {}
    for subject, predicate in graph.into.get(iri, ()):
        if subject not in link.langs:
            continue
        grouped.setdefault(predicate, []).append(subject)
    out = []
    for predicate in sorted(grouped, key=lambda p: (p != RDF.type, link.iri(p).text)):
        subjects = sorted(set(grouped[predicate]), key=lambda s: (graph.label(s, link.lang) or s).casefold())
        shown = [link.iri(s) for s in subjects[:LIST_LIMIT]]
        out.append((link.iri(predicate), shown, len(subjects) - len(shown)))
    return out


def partnerships(link: Linker, org: str) -> list[dict]:
    """Return the partnerships of an organisation: label, kind, dates and the other participants."""
    graph = link.graph
    out = []
    for p in graph.subjects(BBKG.hasParticipant, org):
        kind = graph.first(p, BBKG.partnershipKind)
        out.append({
            "partnership": link.iri(p), "kind": link.iri(kind) if kind else None, "when": _span(graph, p),
            "others": [link.iri(o.value) for o in graph.values(p, BBKG.hasParticipant) if o.value != org],
        })
    return sorted(out, key=lambda item: (item["when"] or "9999", item["partnership"].text))


def _when(graph: SiteGraph, iri: str, date: str, precision: str) -> str | None:
    value = graph.first(iri, date)
    return format_when(value, graph.first(iri, precision)) if value else None


def _span(graph: SiteGraph, iri: str) -> str | None:
    start = _when(graph, iri, BBKG.startDate, BBKG.startDatePrecision)
    end = _when(graph, iri, BBKG.endDate, BBKG.endDatePrecision)
    return f"{start or '?'} – {end}" if end else start


def timeline(link: Linker, org: str) -> list[tuple[str, Value, str]]:
    """Return the dated events of an organisation, in order: (when, what, property label)."""
    graph = link.graph
    events = []
    for date, precision in ((BBKG.foundingDate, BBKG.foundingDatePrecision), (BBKG.statusDate, BBKG.statusDatePrecision),
                            (BBKG.dissolutionDate, BBKG.dissolutionDatePrecision)):
        when = _when(graph, org, date, precision)
        if when:
            status = graph.first(org, BBKG.status) if date == BBKG.statusDate else None
            events.append((when, link.iri(status) if status else link.iri(date), link.iri(date).text))
    for p in graph.subjects(BBKG.hasParticipant, org):
        when = _span(graph, p)
        if when:
            events.append((when, link.iri(p), link.iri(BBKG.Partnership).text))
    for prop in (BBKG.acquiredOrganisation, BBKG.acquiringOrganisation, BBKG.member):
        for record in graph.subjects(prop, org):
            when = _when(graph, record, BBKG.date, BBKG.datePrecision) or _span(graph, record)
            if not when:
                continue
            other = next((o.value for p, o in graph.out.get(record, ()) if isinstance(o, ox.NamedNode)
                          and o.value != org and p in (BBKG.acquiredOrganisation, BBKG.acquiringOrganisation,
                                                       BBKG.organisation)), None)
            events.append((when, link.iri(other) if other else link.iri(record), link.iri(prop).text))
    return sorted(events, key=lambda e: (e[0], e[1].text))
