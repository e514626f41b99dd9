"""Query answers and statistics for people: IRIs replaced by their labels in a language.
"""

from __future__ import annotations

import pyoxigraph as ox

from bbkg.errors import UsageError

from bbkg.query.results import labels_for, sparql_csv, sparql_json, to_python
from bbkg.render.tables import render
from bbkg.store import QueryResult, Store


def display_rows(result: QueryResult, store: Store | None, lang: str) -> list[list[object]]:
    """Return rows for people: IRIs replaced by their label in ``lang`` (falling back to English)."""
    return label_rows(result.rows, store, lang)


#: the most labels a long answer keeps between its batches (then it starts a new cache)
CACHED_LABELS = 200_000


def label_rows(rows, store: Store | None, lang: str, cache: dict[str, str] | None = None) -> list[list[object]]:
    """Return these rows (tuples of terms) with IRIs replaced by their labels (one query for all) and
    literals by plain Python values. With ``cache`` (a dict kept between the batches of one answer),
    only IRIs not seen in an earlier batch are looked up."""
    iris = {t.value for row in rows for t in row if isinstance(t, ox.NamedNode)}
    if store is None:
        labels: dict[str, str] = {}
    elif cache is None:
        labels = labels_for(store, iris, lang)
    else:
        missing = iris.difference(cache)
        if len(cache) + len(missing) > CACHED_LABELS:
            cache.clear()
            missing = iris
        found = labels_for(store, missing, lang)
        cache.update({iri: found.get(iri, iri) for iri in missing})
        labels = cache
    return [[labels.get(t.value, t.value) if isinstance(t, ox.NamedNode) else to_python(t) for t in row]
            for row in rows]


def format_result(result: QueryResult, fmt: str, store: Store | None = None, lang: str = "en") -> str:
    """Return a result as text: table/md (labelled), csv/tsv/json (SPARQL 1.1 formats), Turtle for graphs."""
    if result.kind == "ask":
        if fmt == "json":
            return sparql_json(result)
        return ("true" if result.boolean else "false") + "\n"
    if result.kind == "graph":
        from bbkg.namespaces import PREFIXES

        triples = sorted(set(result.triples), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
        if fmt == "json":  # a graph as JSON: JSON-LD
            return ox.serialize(triples, format=ox.RdfFormat.JSON_LD).decode() + "\n"
        if fmt in ("csv", "tsv", "md"):
            raise UsageError(f"a CONSTRUCT or DESCRIBE query answers a graph, which has no {fmt} form; "
                             "use the table format (Turtle) or json (JSON-LD)", parameter="format", value=fmt,
                             candidates=["table", "json"])
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES).decode()
    if fmt == "json":
        return sparql_json(result)
    if fmt == "csv":
        return sparql_csv(result)
    if fmt == "tsv":
        return sparql_csv(result, "\t")
    return render(result.variables, display_rows(result, store, lang), fmt)


def stats_tables(stats: dict) -> list[tuple[str, list[str], list[list[object]]]]:
    """Return the stats as (title, columns, rows) tables for rendering."""
    return [
        ("Totals", ["what", "count"], [["triples", stats["triples"]], ["named graphs", stats["graphs"]]]),
        ("Entities", ["class", "count"], [[k, v] for k, v in stats["entities"].items()]),
        ("Relations", ["predicate", "count"], [[k, v] for k, v in stats["relations"].items()]),
        (
            "Organisations by region",
            ["region", "kind", "count"],
            [[r["region"], r["kind"], r["count"]] for r in stats["organisations_by_region"]],
        ),
        ("Coverage", ["what", "count"], _coverage_rows(stats["coverage"])),
    ]


def _coverage_rows(cov: dict) -> list[list[object]]:
    rows: list[list[object]] = [["Belgian companies", cov["belgian_companies"]],
                                 ["Belgian biotech and life-science companies (with a segment or a biotech NACE activity)", cov["belgian_biotech_companies"]]]
    rows += [[f"  of them in {region}", n] for region, n in cov["belgian_biotech_companies_by_region"]]
    share = cov["dated_partnerships"] / cov["partnerships"] if cov["partnerships"] else 0
    rows += [
        ["partnerships", cov["partnerships"]],
        [f"partnerships with a start date ({share:.0%})", cov["dated_partnerships"]],
        ["organisations without any link", len(cov["organisations_without_link"])],
    ]
    rows += [[f"organisations with no name for --lang {code}", n] for code, n in cov["organisations_without_name"].items()]
    return rows
