"""Regenerate the generated parts of README.md: the named-query table and the CLI reference.

Usage: python scripts/gen_readme.py [--check]
With --check, exit 1 (and say which part) when README.md is stale instead of writing it.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def query_table() -> str:
    """Return the Markdown table of named queries: name, question, parameters."""
    from bbkg.query.catalogue import catalogue

    lines = ["| query | question | parameters (default) |", "|---|---|---|"]
    for q in catalogue().values():
        params = ", ".join(
            f"`{p.name}`" + (f" ({q.defaults[p.name]})" if p.name in q.defaults else "") for p in q.params
        )
        lines.append(f"| `{q.name}` | {q.summary} | {params or '-'} |")
    return "\n".join(lines)


def cli_reference() -> str:
    """Return every command's --help text, as produced by click."""
    import click

    from bbkg.cli import COMMANDS, main

    parts = []
    ctx = click.Context(main, info_name="bbkg")
    parts.append("```text\n$ bbkg --help\n" + main.get_help(ctx).rstrip() + "\n```")
    for name in sorted(COMMANDS):
        command = main.get_command(ctx, name)
        sub = click.Context(command, info_name=name, parent=ctx)
        parts.append(f"```text\n$ bbkg {name} --help\n" + command.get_help(sub).rstrip() + "\n```")
    return "\n\n".join(parts)


def stats_table() -> str:
    """Return the counts of the shipped graph, its coverage and the stated sector figures beside it."""
    from bbkg.query.stats import graph_stats
    from bbkg.store import open_store

    store = open_store("oxigraph")
    stats = graph_stats(store)
    cov = stats["coverage"]
    unplaced = store.query(
        "PREFIX bbkg: <https://w3id.org/bbkg/ontology#>\n"
        "SELECT ?o WHERE { ?o a bbkg:Organisation ;"
        " bbkg:inCountry <https://w3id.org/bbkg/id/country/belgium> FILTER NOT EXISTS { ?o bbkg:locatedIn ?m } }"
    )
    from bbkg.query.results import labels_for

    names = sorted(labels_for(store, {o.value for (o,) in unplaced.rows}, "en").values())
    stated = store.query(
        "PREFIX bbkg: <https://w3id.org/bbkg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/>\n"
        "SELECT DISTINCT ?area ?value ?qualifier ?period ?title WHERE { ?f bbkg:measure"
        " <https://w3id.org/bbkg/concept/measure/biotech-company-count> ; bbkg:refArea ?area ; bbkg:value ?value ;"
        " bbkg:valueQualifier ?qualifier ; dcterms:source ?src . ?src dcterms:title ?title"
        " OPTIONAL { ?f bbkg:refPeriod ?period } }"
    ).rows
    area_names = labels_for(store, {a.value for a, *_ in stated}, "en")
    claims: dict[str, list[str]] = {}
    for area, value, qualifier, period, title in stated:
        q = qualifier.value.rsplit("/", 1)[-1]
        words = f"{'' if q == 'exact' else q + ' '}{value.value}" + (f" ({period.value})" if period else "")
        claims.setdefault(area_names.get(area.value, area.value), []).append(f"{words}: {title.value}")
    rows = ["| region | Belgian biotech and life-science companies in the graph | what sources state |", "|---|---|---|"]
    for region, count in cov["belgian_biotech_companies_by_region"]:
        rows.append(f"| {region} | {count} | {'; '.join(sorted(claims.get(region, []))) or '-'} |")
    rows.append(f"| Belgium | {cov['belgian_biotech_companies']} | {'; '.join(sorted(claims.get('Belgium', [])))} |")
    entities = ", ".join(f"{n} {k}" for k, n in stats["entities"].items() if n)
    relations = ", ".join(f"{n} {k}" for k, n in stats["relations"].items() if n)
    share = cov["dated_partnerships"] / cov["partnerships"] if cov["partnerships"] else 0
    unlinked = cov["organisations_without_link"]
    gaps = known_gaps_text(unlinked)
    nameless = sum(cov["organisations_without_name"].values())
    return (
        f"The shipped graph: {stats['triples']} triples in {stats['graphs']} named graphs.\n\n"
        f"- entities: {entities};\n- relations: {relations}.\n\n"
        f"Coverage: {cov['belgian_biotech_companies']} Belgian biotech and life-science companies (of "
        f"{cov['belgian_companies']} Belgian companies: the others are partners such as engineering firms); "
        f"{cov['partnerships']} partnerships, "
        f"{cov['dated_partnerships']} of them ({share:.0%}) with a start date; "
        f"{'every organisation has a name that every --lang finds' if nameless == 0 else f'{nameless} organisation names missing for a --lang'}. "
        f"{gaps}\n\n"
        "Belgian biotech and life-science companies (a company with at least one `bbkg:segment`) per region, beside the counts that sources state (those counts differ by source "
        "and year, and count what each source calls a biotech company; the graph counts the companies "
        "it can source one by one):\n\n" + "\n".join(rows) + "\n\n"
        f"Known gaps: {len(names)} Belgian organisations (most of them agencies, funds, associations and "
        "partners outside the sector) have no seat that a source we could check states; `bbkg validate` lists "
        "them as warnings (`organisation-seat-unverified`) rather than placing them by guess."
    )


def known_gaps_text(unlinked: list[str]) -> str:
    """Return the sentence on organisations without a link, with the reasons of graph/known-gaps.csv."""
    import csv

    from bbkg.resources import graph_dir

    if not unlinked:
        return "Every organisation has at least one link (partnership, membership, spin-off, acquisition, ...) to another."
    with (graph_dir() / "known-gaps.csv").open(encoding="utf-8", newline="") as handle:
        reasons = {row["label"]: row["reason"] for row in csv.DictReader(handle)}
    listed = "; ".join(name + ("" if name in reasons else " (no reason recorded)") for name in unlinked)
    return (f"{len(unlinked)} organisations have no link to another organisation, each a known gap whose "
            f"reason (what was searched, why no link could be stated) is in `graph/known-gaps.csv`: {listed}.")


def time_section() -> str:
    """Return docs/time.md and, below it, the shipped graph's network as of a few dates and what changed in
    its last ten years (computed here, so that the figures stay true)."""
    from bbkg.network.evolution import window_diff
    from bbkg.query.stats import window_stats
    from bbkg.query.time import as_of, data_date, years_back
    from bbkg.store import open_store

    store = open_store("oxigraph")
    dated = data_date(store)
    rows = ["| as of | partnerships active | memberships | acquisitions done | spin-off links | organisations with a link |",
            "|---|---|---|---|---|---|"]
    for year in ("2010", "2015", "2020", str(dated.year)):
        w = window_stats(store, as_of(year))
        links = w["links"]
        rows.append(f"| {year} | {w['partnerships']} | {links['membership']} | {links['acquisition']} | "
                    f"{links['spinoff']} | {w['organisations_linked']} |")
    start = years_back(dated, 10).isoformat()
    report = window_diff(store, start, dated.isoformat())
    changes = {key: len(rows) for key, rows in report["changes"].items()}
    summary = {m["measure"]: m for m in report["metrics"]["summary"]}
    gained = ", ".join(f"{d['label']} ({d['change']:+d})" for d in report["metrics"]["degree"][:5])
    figures = (
        f"On the shipped graph (the date of the data: {dated.isoformat()}, the latest date a source carries):\n\n"
        + "\n".join(rows) + "\n\n"
        f"`bbkg diff --last 10y` ({start} to {dated.isoformat()}): {changes['partnerships_started']} new and "
        f"{changes['partnerships_ended']} ended partnerships, {changes['organisations_founded']} organisations "
        f"founded and {changes['organisations_closed']} closed, {changes['acquisitions']} acquisitions, "
        f"{changes['moves']} relocations or new sites, {changes['spin_offs']} new spin-off links, "
        f"{changes['members_joined']} members joined and {changes['members_left']} left; "
        f"{report['first_recorded']} partnerships without a start are first recorded in the window. The network "
        f"grew from {summary['organisations']['before']} to {summary['organisations']['after']} organisations and "
        f"from {summary['links']['before']} to {summary['links']['after']} links; brokers between regions "
        f"{summary['brokers']['before']} to {summary['brokers']['after']}; most partners gained: {gained}."
    )
    return include("time")() + "\n\n" + figures


def include(name: str):
    """Return a function that reads docs/NAME.md (a section written beside the code it documents)."""

    def read() -> str:
        path = ROOT / "docs" / f"{name}.md"
        if not path.exists():
            return f"(docs/{name}.md is not written yet)"
        return path.read_text(encoding="utf-8").strip()

    return read


SECTIONS = {
    "stats": stats_table,
    "queries": query_table,
    "imports": include("imports"),
    "diagrams": include("diagrams"),
    "site": include("site"),
    "triplestore": include("triplestore"),
    "performance": include("performance"),
    "time": time_section,
    "cli": cli_reference,
}


def render(text: str) -> str:
    """Return README text with every generated section replaced by its fresh content."""
    for name, make in SECTIONS.items():
        pattern = re.compile(
            rf"(<!-- BEGIN GENERATED: {name} -->\n)(?:.*?\n)?(<!-- END GENERATED: {name} -->)", re.S
        )
        if not pattern.search(text):
            raise SystemExit(f"README.md has no generated section {name!r}")
        fresh = make()
        text = pattern.sub(lambda m, fresh=fresh: m.group(1) + fresh + "\n" + m.group(2), text)
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if README.md is stale")
    args = parser.parse_args()
    current = README.read_text(encoding="utf-8")
    fresh = render(current)
    if args.check:
        if fresh != current:
            print("README.md is stale: run python scripts/gen_readme.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
