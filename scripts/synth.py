#!/usr/bin/env python3
"""Generate a synthetic scale-up of the bbkg graph, in bbkg's own model, as N-Quads.

    python scripts/synth.py --organisations 100000 --seed 1 --out /tmp/synth-100k.nq

The graph is what ``bbkg build`` would compile from curated tables of that size: the real
places, the real 581 municipalities (``graph/municipalities.csv``) and their labels, plus
synthetic organisations (kinds in realistic proportions, names in English, Dutch and French),
n-ary partnerships with heavy-tailed degrees, spin-offs, memberships, acquisitions with dates,
sector figures and synthetic sources. The quads come from bbkg's own builder (``bbkg.build``),
so IRIs, named graphs, ``dcterms:source`` and the evidence records are those of a real
build; they are streamed to the file instead of being kept in memory.

The entities that the named queries name in their ``defaults`` (``#+ defaults:`` in
``queries/*.rq``: organisations such as VIB, a partnership slug, regions, a city) exist in the
synthetic graph too, as hubs, so every named query runs with its default parameters.

Same organisations, seed and tables: same bytes.
"""

from __future__ import annotations

import argparse
import bisect
import random
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from itertools import accumulate
from pathlib import Path

import pyoxigraph as ox

from bbkg.build import _Builder, build_quads, ontology_quads, superclass_closure
from bbkg.namespaces import DERIVED_GRAPH
from bbkg.query.catalogue import PARAM_CLASSES, catalogue
from bbkg.query.params import fold
from bbkg.rdfio import sorted_quads
from bbkg.resources import graph_dir
from bbkg.tables.model import Row, Tables
from bbkg.tables.reader import read_table

#: the builder's steps, in the order ``bbkg.build.build_quads`` runs them
BUILD_STEPS = (
    "sources", "places", "municipalities", "extra_labels", "organisations", "relations",
    "attributes", "partnerships", "partner_pairs", "figures", "derived_regions", "provenance",
)
#: organisation kinds and their share of the organisations (Belgian biotech: mostly companies)
KIND_SHARES = {
    "Company": 0.78,
    "Investor": 0.06,
    "ResearchInstitute": 0.04,
    "GovernmentAgency": 0.03,
    "IndustryAssociation": 0.03,
    "University": 0.02,
    "Cluster": 0.02,
    "SciencePark": 0.02,
}
#: how strongly each kind attracts partners and members (multiplies a heavy-tailed weight)
KIND_PULL = {
    "Company": 1.0, "Investor": 2.0, "ResearchInstitute": 8.0, "GovernmentAgency": 6.0,
    "IndustryAssociation": 10.0, "University": 12.0, "Cluster": 12.0, "SciencePark": 4.0,
}
PUBLIC_KINDS = ("ResearchInstitute", "GovernmentAgency", "IndustryAssociation", "University", "Cluster", "SciencePark")
PARTNERSHIP_KIND_SHARES = {
    "research-collaboration": 35, "funding": 15, "technology-transfer": 15, "economic-development": 12,
    "infrastructure": 10, "investment-promotion": 8, "sector-representation": 5,
}
#: participants per partnership: mostly pairs, a heavy tail of consortia
PARTNERSHIP_SIZES = {2: 52, 3: 20, 4: 10, 5: 6, 6: 4, 8: 4, 10: 2, 15: 1.5, 20: 0.5}
PARTNERSHIPS_PER_ORGANISATION = 0.12
SOURCES_PER_ORGANISATION = 1 / 250

ROOTS = ("Ar", "Bio", "Cel", "Dyn", "Ex", "Gen", "Hel", "Im", "Kin", "Lum", "My", "Ne", "Onc", "Pro", "Quan",
         "Rhe", "Syn", "Ther", "Ur", "Vir", "Xen", "Zy", "Al", "Or", "El", "Cyt", "Pep", "Arg", "Abl", "Gal",
         "Mer", "Tig", "Van", "Sol", "Nov", "Ix", "Ad", "Ber", "Cor", "Dal")
MIDDLES = ("a", "o", "i", "e", "ar", "en", "ix", "on", "us", "yn", "is", "ea", "ior", "ara", "ov", "ex", "ir",
           "an", "el", "um")
ENDINGS = ("gen", "tis", "cor", "nova", "lab", "med", "vax", "gene", "cyte", "bio", "ome", "ics", "tec", "zyme",
           "cell", "vita", "sense", "path", "form", "logic", "x", "ia", "is", "on")
COMPANY_WORDS = ("Therapeutics", "Biosciences", "Pharma", "Genomics", "Diagnostics", "Biotech", "Biologics",
                 "Medical", "Labs", "Vaccines", "Biosystems", "Analytics", "Cell Therapies", "Agritech", "Enzymes",
                 "Bioprocessing")
LEGAL_FORMS = {"en": ("", "", "Ltd"), "nl": ("NV", "BV", ""), "fr": ("SA", "SRL", "")}
INVESTOR_WORDS = ("Ventures", "Capital", "Partners", "Invest", "Fund", "Life Science Fund")
FIELDS = (("Biotechnology", "Biotechnologie", "biotechnologie"),
          ("Molecular Medicine", "Moleculaire Geneeskunde", "médecine moléculaire"),
          ("Plant Biology", "Plantenbiologie", "biologie végétale"),
          ("Immunology", "Immunologie", "immunologie"),
          ("Genomics", "Genomica", "génomique"),
          ("Neuroscience", "Neurowetenschappen", "neurosciences"),
          ("Structural Biology", "Structurele Biologie", "biologie structurale"))
#: kind -> (English, Dutch, French) name patterns; {s} is a made-up stem, {en}/{nl}/{fr} a field
PUBLIC_NAMES = {
    "ResearchInstitute": ("{s} Institute for {en}", "{s} Instituut voor {nl}", "Institut {s} de {fr}"),
    "University": ("{s} University", "Universiteit {s}", "Université {s}"),
    "GovernmentAgency": ("{s} Agency for Innovation", "{s} Agentschap voor Innovatie", "Agence {s} pour l'innovation"),
    "IndustryAssociation": ("{s} Bioindustry Association", "{s} Vereniging voor Bio-industrie",
                            "Association {s} des bio-industries"),
    "Cluster": ("{s} Life Sciences Cluster", "{s} Cluster Levenswetenschappen", "Pôle {s} des sciences du vivant"),
    "SciencePark": ("{s} Science Park", "{s} Wetenschapspark", "Parc scientifique {s}"),
}
#: for a default-named organisation missing from organisations.csv: its kind by parameter name
DEFAULT_KIND_BY_PARAM = {"association": "IndustryAssociation", "university": "University"}
#: language of a single-language name, by region (Dutch label of the region in places.csv)
NAME_LANGS = {"Vlaams Gewest": (("en", 0.5), ("nl", 0.5)),
              "Waals Gewest": (("en", 0.5), ("fr", 0.5)),
              "Brussels Hoofdstedelijk Gewest": (("en", 0.6), ("fr", 0.25), ("nl", 0.15))}
FIGURE_MEASURES = (("share-of-european-biotech-companies", "percent", "Share of Europe's biotech companies"),
                   ("biotech-employee-count", "person", "Biotech employees"),
                   ("share-of-european-biotech-turnover", "percent", "Share of Europe's biotech turnover"))


def slugify(text: str) -> str:
    """Return an IRI-safe slug: ASCII lowercase letters and digits joined by '-'."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


class LazyRows:
    """A table whose rows are made on every iteration (the builder reads some tables twice)."""

    def __init__(self, table: str, make: Callable[[], Iterator[dict[str, str]]]) -> None:
        self.table, self.make = table, make

    def __iter__(self) -> Iterator[Row]:
        for line, cells in enumerate(self.make(), start=2):
            yield Row(self.table, f"synthetic/{self.table}.csv", line, cells)


class Weighted:
    """Draw items with probability proportional to their weights (cumulative table + bisect)."""

    def __init__(self, items: list, weights: list[float]) -> None:
        self.items = items
        self.cumulative = list(accumulate(weights))
        self.total = self.cumulative[-1] if self.cumulative else 0.0

    def __bool__(self) -> bool:
        return bool(self.items)

    def draw(self, rng: random.Random):
        """Return one item."""
        return self.items[bisect.bisect_right(self.cumulative, rng.random() * self.total)]

    def distinct(self, rng: random.Random, k: int, exclude: object = None) -> list:
        """Return up to ``k`` different items (fewer when there are not enough)."""
        chosen: dict = {}
        for _ in range(k * 20):
            if len(chosen) == k:
                break
            item = self.draw(rng)
            if item != exclude:
                chosen[item] = None
        return list(chosen)


def pick(rng: random.Random, shares: dict) -> object:
    """Draw a key of ``shares`` with probability proportional to its value."""
    keys = list(shares)
    return rng.choices(keys, weights=[shares[k] for k in keys])[0]


class Synthesis:
    """The synthetic tables for ``organisations`` organisations, drawn from one seed."""

    def __init__(self, organisations: int, seed: int, tables: Path | None = None) -> None:
        self.n = organisations
        self.rng = random.Random(seed)
        self.folder = Path(tables) if tables else graph_dir()
        self.taken: set[str] = set()  # folded labels in use (every label is unique)
        self.ids: set[str] = set()
        self._read_real_tables()
        self._defaults()
        self._sources()
        self._organisations()
        self._partnerships()
        self._relations()
        self._attributes()
        self._figures()

    # ---------------------------------------------------------------- real tables

    def _read(self, name: str) -> list[Row]:
        problems: list = []
        rows = read_table(name, self.folder / f"{name}.csv", problems)
        if problems and name in ("places", "municipalities", "sources"):
            raise SystemExit(f"synth.py: cannot read {self.folder / name}.csv: {problems[0]}")
        return rows

    def _read_real_tables(self) -> None:
        self.places = self._read("places")
        self.municipalities = self._read("municipalities")
        self.real_sources = {row["id"]: row for row in self._read("sources")}
        self.real_orgs = self._read("organisations") if (self.folder / "organisations.csv").exists() else []
        self.real_relations = self._read("relations") if (self.folder / "relations.csv").exists() else []
        self.region_of_label = {row["label_nl"]: row["id"] for row in self.places if row["kind"] == "Region"}
        self.region_of_muni = {row["NIS_code"]: self.region_of_label[row["region_NL"]] for row in self.municipalities}
        self.regions = [row["id"] for row in self.places if row["kind"] == "Region"]
        self.region_label_nl = {row["id"]: row["label_nl"] for row in self.places if row["kind"] == "Region"}
        self.muni_names: dict[str, set[str]] = {
            row["NIS_code"]: {fold(row["municipality_NL"]), fold(row["municipality_FR"])} for row in self.municipalities
        }
        place_index = {row["id"]: "place:" + row["kind"] for row in self.places}
        place_index.update({row["NIS_code"]: "muni" for row in self.municipalities})
        labels = self._read("labels") if (self.folder / "labels.csv").exists() else []
        self.place_labels = [
            row.cells for row in labels if row["entity"] in place_index and row["source"] in self.real_sources
        ]
        for cells in self.place_labels:
            if cells["entity"] in self.muni_names:
                self.muni_names[cells["entity"]].add(fold(cells["label"]))
        self.place_index = place_index
        self.taken.update(name for names in self.muni_names.values() for name in names)
        # organisations cluster where people live, more than proportionally in the cities
        self.muni_draw = Weighted([row["NIS_code"] for row in self.municipalities],
                                  [int(row["inhabitants"]) ** 1.2 for row in self.municipalities])

    # ---------------------------------------------------------------- defaults of the named queries

    def _defaults(self) -> None:
        """Collect the entities the named queries use as defaults, so that they exist here too."""
        self.default_orgs: dict[str, str] = {}  # value -> parameter name
        self.default_partnerships: list[str] = []
        for query in catalogue().values():
            for name, value in sorted(query.defaults.items()):
                cls = PARAM_CLASSES.get(name)
                if cls == "Organisation":
                    self.default_orgs.setdefault(value, name)
                elif cls == "Partnership":
                    self.default_partnerships.append(slugify(value))
        self.taken.update(fold(v) for v in self.default_orgs)

    # ---------------------------------------------------------------- sources

    def _sources(self) -> None:
        rng = self.rng
        needed = {"statbel-municipalities-2020"} | {row["source"] for row in self.places}
        needed |= {cells["source"] for cells in self.place_labels}
        self.source_rows = [self.real_sources[s].cells for s in sorted(needed) if s in self.real_sources]
        if "statbel-municipalities-2020" not in self.real_sources:
            self.source_rows.append({"id": "statbel-municipalities-2020", "title": "Belgian municipalities 2020",
                                     "url": "https://statbel.fgov.be/", "publisher": "Statbel", "accessed": "",
                                     "note": ""})
        kinds = ("company register extract", "press release", "annual report", "project database export",
                 "cluster member list", "news article")
        self.synthetic_sources = []
        for i in range(1, max(4, round(self.n * SOURCES_PER_ORGANISATION)) + 1):
            sid = f"synthetic-source-{i:04d}"
            self.synthetic_sources.append(sid)
            self.source_rows.append({
                "id": sid, "title": f"Synthetic {kinds[i % len(kinds)]} {i}",
                "url": f"https://example.org/bbkg-synthetic/source/{i}", "publisher": "bbkg synthetic data",
                "accessed": f"20{rng.randint(18, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "note": "",
            })
        # a few big sources (a register, a project database) state most facts
        self.source_draw = Weighted(self.synthetic_sources,
                                    [1 / (rank + 1) for rank in range(len(self.synthetic_sources))])

    # ---------------------------------------------------------------- organisations

    def _stem(self) -> str:
        rng = self.rng
        return rng.choice(ROOTS) + rng.choice(MIDDLES) + rng.choice(ENDINGS)

    def _unique(self, make: Callable[[], list[str]]) -> list[str]:
        """Call ``make`` until none of the names it returns is taken; take them."""
        for attempt in range(1000):
            names = make()
            if attempt > 50:
                names = [f"{n} {attempt}" for n in names]
            folded = [fold(n) for n in names]
            if not any(f in self.taken for f in folded) and len(set(folded)) == len(folded):
                self.taken.update(folded)
                return names
        raise RuntimeError("cannot find a unique name")

    def _new_id(self, label: str) -> str:
        base = slugify(label)
        slug, i = base, 1
        while slug in self.ids:
            i += 1
            slug = f"{base}-{i}"
        self.ids.add(slug)
        return slug

    def _organisations(self) -> None:
        rng = self.rng
        #: one record per organisation: id, kind, {lang: label}, abbreviation, municipality, weight
        self.orgs: list[dict] = []
        real = {}
        for row in self.real_orgs:
            for key in (row["id"], row["label"], row["abbreviation"]):
                if key:
                    real.setdefault(fold(key), row)
        real_location = {row["subject"]: row["object"] for row in self.real_relations
                         if row["predicate"] == "locatedIn" and row["object"] in self.region_of_muni}
        for value, param in self.default_orgs.items():
            row = real.get(fold(value))
            if row is not None:
                kind, label, lang, abbreviation, oid = row["kind"], row["label"], row["lang"], row["abbreviation"], row["id"]
            else:
                kind, label, lang, abbreviation, oid = (DEFAULT_KIND_BY_PARAM.get(param, "ResearchInstitute"), value,
                                                        "en", "", slugify(value))
            if oid in self.ids:
                continue
            self.ids.add(oid)
            self.taken.update({fold(label), fold(abbreviation)} - {""})
            muni = real_location.get(oid) or self.muni_draw.draw(rng)
            self.orgs.append({"id": oid, "kind": kind, "labels": {lang: label}, "abbreviation": abbreviation,
                              "muni": muni, "weight": 0.0, "named": True})
        kinds = list(KIND_SHARES)
        for _ in range(max(0, self.n - len(self.orgs))):
            kind = rng.choices(kinds, weights=[KIND_SHARES[k] for k in kinds])[0]
            muni = self.muni_draw.draw(rng)
            labels = self._names(kind, muni)
            self.orgs.append({"id": self._new_id(labels.get("en") or next(iter(labels.values()))), "kind": kind,
                              "labels": labels, "abbreviation": "", "muni": muni,
                              "weight": rng.paretovariate(1.2) * KIND_PULL[kind], "named": False})
        top = max((o["weight"] for o in self.orgs), default=1.0) or 1.0
        for org in self.orgs:
            if org["named"]:  # the organisations the queries name by default are hubs
                org["weight"] = top / 2
        self.org_source = [self.source_draw.draw(rng) for _ in self.orgs]

    def _names(self, kind: str, muni: str) -> dict[str, str]:
        rng = self.rng
        if kind in PUBLIC_NAMES:
            en, nl, fr = PUBLIC_NAMES[kind]
            field = rng.choice(FIELDS)
            stem_of = self._stem

            def make() -> list[str]:
                stem = stem_of()
                return [p.format(s=stem, en=field[0], nl=field[1], fr=field[2]) for p in (en, nl, fr)]

            return dict(zip(("en", "nl", "fr"), self._unique(make)))
        langs = NAME_LANGS.get(self.region_label_nl.get(self.region_of_muni[muni], ""), (("en", 1.0),))
        lang = rng.choices([lang for lang, _ in langs], weights=[w for _, w in langs])[0]

        def make_one() -> list[str]:
            words = INVESTOR_WORDS if kind == "Investor" else COMPANY_WORDS
            form = rng.choice(LEGAL_FORMS[lang]) if kind == "Company" else ""
            return [" ".join(w for w in (self._stem(), rng.choice(words), form) if w)]

        return {lang: self._unique(make_one)[0]}

    # ---------------------------------------------------------------- partnerships

    def _partnerships(self) -> None:
        rng = self.rng
        index = list(range(len(self.orgs)))
        draw = Weighted(index, [o["weight"] for o in self.orgs])
        sizes = list(PARTNERSHIP_SIZES)
        #: id, kind, label, participant indexes, start, end, source
        self.partnerships: list[tuple] = []
        for slug in self.default_partnerships:
            public = [i for i in index if self.orgs[i]["kind"] in ("GovernmentAgency", "Investor")]
            walloon = [i for i in public if self.region_label_nl.get(self.region_of_muni[self.orgs[i]["muni"]]) == "Waals Gewest"]
            walloon = (walloon + public + index)[:4]
            if slug not in self.ids and len(walloon) >= 2:
                self.ids.add(slug)
                self.partnerships.append((slug, "investment-promotion", slug.replace("-", " ").capitalize(),
                                          sorted(walloon), "", "", self.synthetic_sources[0]))
        if len(self.orgs) < 2:
            return
        for number in range(1, round(self.n * PARTNERSHIPS_PER_ORGANISATION) + 1):
            size = min(rng.choices(sizes, weights=[PARTNERSHIP_SIZES[s] for s in sizes])[0], len(self.orgs))
            members = sorted(draw.distinct(rng, size))
            if len(members) < 2:
                continue
            kind = pick(rng, PARTNERSHIP_KIND_SHARES)
            acronym = "".join(rng.choice(ROOTS) for _ in range(2)).upper()
            pid = f"{acronym.lower()}-{number}"
            self.ids.add(pid)
            start = str(rng.randint(1995, 2024)) if rng.random() < 0.6 else ""
            end = str(int(start) + rng.randint(1, 6)) if start and rng.random() < 0.4 else ""
            label = f"{acronym} {number}: {kind.replace('-', ' ')}"
            self.partnerships.append((pid, kind, label, members, start, end, self.source_draw.draw(rng)))

    # ---------------------------------------------------------------- relations and attributes

    def _relations(self) -> None:
        rng = self.rng
        orgs = self.orgs
        by_kind: dict[str, list[int]] = {}
        for i, org in enumerate(orgs):
            by_kind.setdefault(org["kind"], []).append(i)

        def pool(*kinds: str) -> Weighted:
            items = sorted(i for k in kinds for i in by_kind.get(k, []))
            return Weighted(items, [orgs[i]["weight"] for i in items])

        parents = pool("University", "ResearchInstitute")
        groups = pool("IndustryAssociation", "Cluster")
        universities = pool("University")
        companies = pool("Company")
        buyers = pool("Company", "Investor")
        #: subject index, predicate, object (index or NIS/region id), date
        rel: list[tuple] = []
        self.founded: dict[int, int] = {}
        for i, org in enumerate(orgs):
            rel.append((i, "locatedIn", org["muni"], ""))
            kind = org["kind"]
            if kind in ("Company", "Investor"):
                if rng.random() < 0.03:
                    site = self.muni_draw.draw(rng)
                    if site != org["muni"]:
                        rel.append((i, "hasSiteIn", site, ""))
                if groups and rng.random() < 0.25:
                    for group in groups.distinct(rng, 2 if rng.random() < 0.2 else 1, exclude=i):
                        rel.append((i, "memberOf", group, ""))
            if kind == "Company" and parents and rng.random() < 0.12:
                rel.append((i, "spinOffOf", parents.draw(rng), ""))
            if kind == "ResearchInstitute" and universities and rng.random() < 0.05:
                rel.append((i, "partOf", universities.draw(rng), ""))
            if kind == "Company" and companies and rng.random() < 0.01:
                owner = companies.draw(rng)
                if owner != i:
                    rel.append((i, "subsidiaryOf", owner, ""))
        # founding years first: an acquisition never comes before the founding (a check enforces it)
        for i, org in enumerate(orgs):
            if rng.random() < 0.4 or org["named"]:
                if org["kind"] == "University":
                    self.founded[i] = rng.randint(1425, 1990)
                else:
                    self.founded[i] = min(2024, 1970 + int(rng.betavariate(3, 1.5) * 55))
        for i, org in enumerate(orgs):
            if org["kind"] == "Company" and buyers and rng.random() < 0.02:
                buyer = buyers.draw(rng)
                if buyer != i:
                    year = rng.randint(max(2000, self.founded.get(i, 1990)), 2025)
                    date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if rng.random() < 0.5 else str(year)
                    rel.append((i, "acquiredBy", buyer, date))
        if companies and not any(r[1] == "acquiredBy" for r in rel):  # small graphs too have one
            i = companies.items[0]
            buyer = next((b for b in buyers.items if b != i), None)
            if buyer is not None:
                rel.append((i, "acquiredBy", buyer, str(max(2000, self.founded.get(i, 1990)) + 1)))
        # named spin-offs and members for the default organisations, so their queries have rows
        for i, org in enumerate(orgs):
            if org["named"] and org["kind"] in ("University", "ResearchInstitute"):
                kids = companies.distinct(rng, min(25, max(2, self.n // 2000)))
                rel.extend((c, "spinOffOf", i, "") for c in kids)
            if org["named"] and org["kind"] in ("IndustryAssociation", "Cluster"):
                members = buyers.distinct(rng, min(200, max(3, self.n // 500)), exclude=i)
                rel.extend((m, "memberOf", i, "") for m in members)
        # the main research drivers of each region and its biotech centres
        located: dict[str, Counter] = {r: Counter() for r in self.regions}
        for org in orgs:
            located[self.region_of_muni[org["muni"]]][org["muni"]] += 1
        for region in self.regions:
            research = sorted((i for i in parents.items if self.region_of_muni[orgs[i]["muni"]] == region),
                              key=lambda i: (-orgs[i]["weight"], orgs[i]["id"]))
            rel.extend((i, "mainResearchDriverIn", region, "") for i in research[:3])
            for muni, _ in sorted(located[region].items(), key=lambda kv: (-kv[1], kv[0]))[:3]:
                rel.append((muni, "biotechCentreOf", region, ""))
        self.relations = list(dict.fromkeys(rel))
        self.relation_source = [self.source_draw.draw(rng) for _ in self.relations]

    def _attributes(self) -> None:
        rng = self.rng
        #: subject index, property, value
        self.attributes: list[tuple[int, str, str]] = []
        for i, org in enumerate(self.orgs):
            if i in self.founded:
                self.attributes.append((i, "foundingDate", str(self.founded[i])))
            if org["kind"] == "Company" and rng.random() < 0.3:
                number = 400_000_000 + i * 7
                digits = f"{number:010d}"
                self.attributes.append((i, "kboNumber", f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"))
            if rng.random() < 0.08:
                self.attributes.append((i, "website", f"https://www.{org['id']}.example.org/"))
        self.attribute_source = [self.source_draw.draw(rng) for _ in self.attributes]

    def _figures(self) -> None:
        rng = self.rng
        companies = Counter(self.region_of_muni[o["muni"]] for o in self.orgs if o["kind"] == "Company")
        country = next((row["id"] for row in self.places if row["kind"] == "Country"), None)
        self.figures = []
        areas = [(r, companies[r]) for r in self.regions]
        if country:
            areas.append((country, sum(companies.values())))
        for area, count in areas:
            self.figures.append((f"synthetic-{area}-biotech-company-count", "biotech-company-count", str(count),
                                 "count", "exact", area, "2024", "Biotechnology companies"))
            for measure, unit, label in FIGURE_MEASURES:
                # written as a store writes it back ("18", not "18.0"), so that loading is a round trip
                value = f"{rng.uniform(0.5, 20):.1f}".removesuffix(".0") if unit == "percent" else str(rng.randint(1000, 40000))
                self.figures.append((f"synthetic-{area}-{measure}", measure, value, unit,
                                     rng.choice(("exact", "over", "approximately", "almost")), area,
                                     str(rng.randint(2015, 2024)), label))
        self.figure_source = [self.source_draw.draw(rng) for _ in self.figures]

    # ---------------------------------------------------------------- the tables

    def _ref(self, value: object) -> str:
        return self.orgs[value]["id"] if isinstance(value, int) else str(value)

    def _name(self, i: int) -> str:
        labels = self.orgs[i]["labels"]
        return labels.get("en") or next(iter(labels.values()))

    def tables(self) -> Tables:
        """Return the synthetic tables (rows made on demand) with their entity index."""
        orgs, ref = self.orgs, self._ref
        muni_nl = {row["NIS_code"]: row["municipality_NL"] for row in self.municipalities}

        def organisations() -> Iterator[dict[str, str]]:
            for i, org in enumerate(orgs):
                label = next(iter(org["labels"].values()))
                yield {"id": org["id"], "kind": org["kind"], "label": label,
                       "abbreviation": org["abbreviation"], "country": "BE", "source": self.org_source[i],
                       "evidence": f"{label}, {org['kind']}, {muni_nl[org['muni']]}"}

        def labels() -> Iterator[dict[str, str]]:
            yield from self.place_labels
            for i, org in enumerate(orgs):
                for lang, label in list(org["labels"].items())[1:]:
                    yield {"entity": org["id"], "lang": lang, "label": label, "kind": "pref",
                           "source": self.org_source[i], "evidence": label}

        def relations() -> Iterator[dict[str, str]]:
            for (s, pred, o, date), source in zip(self.relations, self.relation_source):
                subject, obj = ref(s), ref(o)
                quote = f"{self._name(s) if isinstance(s, int) else subject} {pred} {self._name(o) if isinstance(o, int) else obj}"
                yield {"subject": subject, "predicate": pred, "object": obj, "date": date, "end": "", "note": "",
                       "source": source, "evidence": quote + (f" ({date})" if date else "")}

        def attributes() -> Iterator[dict[str, str]]:
            for (s, prop, value), source in zip(self.attributes, self.attribute_source):
                yield {"subject": ref(s), "property": prop, "value": value, "lang": "", "date": "", "source": source,
                       "evidence": f"{self._name(s)}: {value}"}

        def partnerships() -> Iterator[dict[str, str]]:
            for pid, kind, label, members, start, end, source in self.partnerships:
                yield {"id": pid, "kind": kind, "label": label, "participants": ";".join(ref(m) for m in members),
                       "start": start, "end": end, "source": source,
                       "evidence": label + ": " + ", ".join(self._name(m) for m in members[:4])}

        def figures() -> Iterator[dict[str, str]]:
            for (fid, measure, value, unit, qualifier, area, period, label), source in zip(self.figures,
                                                                                           self.figure_source):
                yield {"id": fid, "measure": measure, "value": value, "unit": unit, "qualifier": qualifier,
                       "area": area, "period": period, "label": label, "source": source,
                       "evidence": f"{label}: {value} {unit} ({period})"}

        tables = Tables(folder=self.folder)
        tables.rows = {
            "sources": LazyRows("sources", lambda: iter(self.source_rows)),
            "places": self.places,
            "municipalities": [Row(r.table, r.path, r.line, dict(r.cells)) for r in self.municipalities],
            "labels": LazyRows("labels", labels),
            "organisations": LazyRows("organisations", organisations),
            "relations": LazyRows("relations", relations),
            "attributes": LazyRows("attributes", attributes),
            "partnerships": LazyRows("partnerships", partnerships),
            "figures": LazyRows("figures", figures),
        }
        index = dict(self.place_index)
        index.update({org["id"]: "org" for org in orgs})
        index.update({p[0]: "partnership" for p in self.partnerships})
        index.update({f[0]: "figure" for f in self.figures})
        tables.index = index
        tables.place_by_label = {(row["kind"], row["label_nl"]): row["id"] for row in self.places}
        return tables


class StreamingBuilder(_Builder):
    """bbkg's builder, writing N-Quads as it goes instead of keeping every quad in a list."""

    BATCH = 50_000

    def __init__(self, tables: Tables, out) -> None:
        super().__init__(tables)
        self.out = out
        self.written = 0
        self.derived = ox.NamedNode(str(DERIVED_GRAPH))
        self.seen_derived: set[ox.Quad] = set()  # derived edges repeat (two partners in two partnerships)

    def add(self, s, p, o, graph) -> None:
        """Queue one quad; write a batch when it is full."""
        if graph == self.derived:
            quad = ox.Quad(s, p if isinstance(p, ox.NamedNode) else ox.NamedNode(str(p)), o, graph)
            if quad in self.seen_derived:
                return
            self.seen_derived.add(quad)
        super().add(s, p, o, graph)
        if len(self.quads) >= self.BATCH:
            self.flush()

    def extend(self, quads) -> None:
        """Write quads made elsewhere (the ontology)."""
        self.quads.extend(quads)
        self.flush()

    def flush(self) -> None:
        """Write the queued quads."""
        if self.quads:
            self.out.write(ox.serialize(self.quads, format=ox.RdfFormat.N_QUADS))
            self.written += len(self.quads)
            self.quads.clear()


def write_synthetic(organisations: int, seed: int, out: Path, tables: Path | None = None) -> dict:
    """Write the synthetic graph to ``out`` (N-Quads, through a temporary file); return counts."""
    synthesis = Synthesis(organisations, seed, tables)
    tmp = out.with_name(f".{out.name}.tmp")
    out.parent.mkdir(parents=True, exist_ok=True)
    with tmp.open("wb") as handle:
        ontology = ontology_quads()
        builder = StreamingBuilder(synthesis.tables(), handle)
        builder.closure = superclass_closure(ontology)
        builder.extend(sorted_quads(ontology))  # blank nodes labelled canonically: same bytes
        for step in BUILD_STEPS:
            getattr(builder, step)()
        builder.flush()
    tmp.replace(out)
    return {"organisations": len(synthesis.orgs), "partnerships": len(synthesis.partnerships),
            "relations": len(synthesis.relations), "quads": builder.written}


def synthetic_quads(organisations: int, seed: int, tables: Path | None = None) -> list[ox.Quad]:
    """Return the synthetic graph as the real ``bbkg.build.build_quads`` makes it (in memory; for tests)."""
    return build_quads(Synthesis(organisations, seed, tables).tables(), ontology_quads())


#: relation predicate -> edge kind of bbkg's network (bbkg.network.graph.EDGE_KINDS)
NETWORK_EDGES = {"spinOffOf": "spinoff", "memberOf": "membership", "acquiredBy": "acquisition"}


def synthetic_network(organisations: int, seed: int = 1, tables: Path | None = None):
    """Return the partnership network of the synthetic graph as ``bbkg.network`` builds it (networkx), without
    the RDF round trip: organisations with their label, kind, city and region; a partnership edge between every
    pair of participants of a partnership; spin-offs, memberships and acquisitions. For tests and benchmarks of
    the renderers at 100,000 organisations."""
    import networkx as nx

    synthesis = Synthesis(organisations, seed, tables)
    region_labels = {row["id"]: row["label_en"] for row in synthesis.places if row["kind"] == "Region"}
    city_labels = {row["NIS_code"]: row["municipality_NL"] for row in synthesis.municipalities}
    graph = nx.MultiDiGraph(lang="en")
    iri = [f"https://w3id.org/bbkg/id/org/{org['id']}" for org in synthesis.orgs]
    for i, org in enumerate(synthesis.orgs):
        region = synthesis.region_of_muni.get(org["muni"], "")
        labels = org["labels"]
        graph.add_node(iri[i], iri=iri[i], kind=org["kind"], kind_label=org["kind"],
                       label=labels.get("en") or labels.get("") or next(iter(labels.values())),
                       city=city_labels.get(org["muni"], ""), region=region_labels.get(region, ""),
                       region_iri=f"https://w3id.org/bbkg/id/region/{region}" if region else "")
    for pid, _kind, label, members, *_ in synthesis.partnerships:
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                graph.add_edge(iri[members[a]], iri[members[b]], kind="partnership", kind_label="partner of",
                               partnership_label=label)
    for subject, predicate, obj, _ in synthesis.relations:
        if predicate in NETWORK_EDGES and isinstance(obj, int):
            graph.add_edge(iri[subject], iri[obj], kind=NETWORK_EDGES[predicate], kind_label=NETWORK_EDGES[predicate])
    return graph


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organisations", "-n", type=int, required=True, help="number of organisations")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", type=Path, required=True, help="N-Quads file to write (.nq)")
    parser.add_argument("--tables", type=Path, default=None,
                        help="folder with places.csv, municipalities.csv, sources.csv (default graph/)")
    args = parser.parse_args(argv)
    if args.organisations < 1:
        parser.error("--organisations must be at least 1")
    if args.out.suffix != ".nq":
        parser.error("--out must end in .nq (N-Quads)")
    started = time.perf_counter()
    counts = write_synthetic(args.organisations, args.seed, args.out, args.tables)
    print(f"wrote {args.out}: {counts['quads']} quads, {counts['organisations']} organisations, "
          f"{counts['partnerships']} partnerships, {counts['relations']} relations "
          f"in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
