"""The metrics report as a table, Markdown, CSV (one row per organisation) or JSON.
"""

from __future__ import annotations

import json

ORG_COLUMNS = ("label", "kind", "region", "degree", "links", "degree_centrality", "betweenness", "community",
               "cross_region_partners", "iri")


def report_csv(report: dict) -> str:
    """Return one CSV row per organisation."""
    from bbkg.render.tables import render

    return render(list(ORG_COLUMNS), [[o[c] for c in ORG_COLUMNS] for o in report["organisations"]], "csv")


def report_json(report: dict) -> str:
    """Return the whole report as JSON."""
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def report_table(report: dict, top: int = 15, fmt: str = "table") -> str:
    """Return the report as text (``table``) or Markdown (``md``): summary, rankings, communities vs regions."""
    from bbkg.render.tables import render

    def section(title: str, columns: list[str], rows: list[list[object]]) -> str:
        heading = f"{title}\n" if fmt == "table" else f"## {title}\n\n"
        return heading + render(columns, rows, fmt) + "\n"

    s = report["summary"]
    orgs = report["organisations"]
    by_betweenness = sorted(orgs, key=lambda o: (-o["betweenness"], o["label"]))[:top]
    cr = report["community_region"]
    return "".join([
        section("Summary", ["measure", "value"], [[k, "" if v is None else v] for k, v in s.items()]),
        section("Most connected organisations (degree = distinct partners)",
                ["label", "kind", "region", "degree", "betweenness", "community"],
                [[o["label"], o["kind"], o["region"], o["degree"], f"{o['betweenness']:.4f}", o["community"]]
                 for o in orgs[:top]]),
        section("Bridges (highest betweenness)", ["label", "region", "betweenness", "degree"],
                [[o["label"], o["region"], f"{o['betweenness']:.4f}", o["degree"]] for o in by_betweenness]),
        section("Brokers (partners in other regions)",
                ["label", "region", "other regions", "cross-region partners", "partners"],
                [[b["label"], b["region"], ", ".join(b["regions"]), b["cross_region_partners"], b["partners"]]
                 for b in report["brokers"][:top]]),
        section(f"Communities vs regions (organisations per community and region; "
                f"NMI {s['nmi_communities_regions']}, ARI {s['ari_communities_regions']})",
                ["community", "size", *cr["regions"]],
                [[i, sum(row), *row] for i, row in enumerate(cr["table"])][:top]),
    ])
