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
    from bbkg.queries import catalogue

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
    """Return the counts of entities and relations in the shipped graph."""
    from bbkg.stats import graph_stats
    from bbkg.store import open_store

    store = open_store("oxigraph")
    stats = graph_stats(store)
    unplaced = store.query(
        "PREFIX bbkg: <https://w3id.org/bbkg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?o ?name WHERE { ?o a/rdfs:subClassOf bbkg:Organisation ;"
        " bbkg:inCountry <https://w3id.org/bbkg/id/country/belgium> ; skos:prefLabel ?name ."
        " FILTER NOT EXISTS { ?o bbkg:locatedIn ?m } }"
    )
    best: dict[str, tuple[int, str]] = {}
    for org, name in unplaced.rows:
        rank = (0 if name.language == "en" else 1, name.value)
        best[org.value] = min(best.get(org.value, rank), rank)
    names = sorted(name for _, name in best.values())
    entities = ", ".join(f"{n} {k}" for k, n in stats["entities"].items() if n)
    relations = ", ".join(f"{n} {k}" for k, n in stats["relations"].items() if n)
    return (
        f"The shipped graph: {stats['triples']} triples in {stats['graphs']} named graphs.\n\n"
        f"- entities: {entities};\n- relations: {relations}.\n\n"
        f"Known gaps: {len(names)} Belgian organisations whose seat no source we could check states "
        f"({'; '.join(names)}). `bbkg validate` lists them as warnings (`organisation-seat-unverified`) "
        "rather than placing them by guess."
    )


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
    "diagrams": include("diagrams"),
    "triplestore": include("triplestore"),
    "performance": include("performance"),
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
