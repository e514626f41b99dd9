"""Time for people to read: the counts of the network as of a date, an organisation's timeline, and what
changed between two dates or two releases, as tables (terminal, Markdown) and JSON.
"""

from __future__ import annotations


def window_tables(stats: dict) -> list[tuple[str, list[str], list[list[object]]]]:
    """Return the counts of :func:`bbkg.query.stats.window_stats` as (title, columns, rows) tables."""
    w = stats["window"]
    span = w["from"] if w["from"] == w["to"] else f"{w['from']} to {w['to']}"
    links = stats["links"]
    return [
        (f"The network as of {w['label']} ({span}; date of the data {stats['data_date'] or 'unknown'})",
         ["what", "count"], [
             ["partnerships active", stats["partnerships"]],
             ["memberships active", links["membership"]],
             ["acquisitions done", links["acquisition"]],
             ["spin-off links", links["spinoff"]],
             ["organisations with an active link", stats["organisations_linked"]],
             ["organisations that existed (founded, or known from a source, by then)", stats["organisations_existing"]],
             ["organisations dissolved before then", stats["organisations_dissolved"]],
         ]),
        ("Active partnerships by kind", ["kind", "count"], [[k, n] for k, n in stats["partnerships_by_kind"].items()]),
        ("Organisations with an active link, by kind", ["kind", "count"],
         [[k, n] for k, n in stats["organisations_by_kind"].items()]),
        ("Organisations with an active link, by region", ["region", "count"],
         [[k, n] for k, n in stats["organisations_by_region"].items()]),
    ]


#: kind of change -> (title, column names: date, the subject, the other party, what)
DIFF_SECTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "partnerships_started": ("New partnerships", ("date", "partnership", "", "kind")),
    "partnerships_ended": ("Ended partnerships", ("date", "partnership", "", "kind")),
    "partnerships_removed": ("Partnerships no longer in the data", ("date", "partnership", "", "")),
    "organisations_founded": ("New organisations (founded)", ("date", "organisation", "", "")),
    "organisations_closed": ("Closed organisations (dissolved, bankrupt or merged)", ("date", "organisation", "", "how")),
    "organisations_removed": ("Organisations no longer in the data", ("date", "organisation", "", "")),
    "acquisitions": ("Acquisitions", ("date", "company", "acquired by", "")),
    "moves": ("Relocations (seat since) and new sites", ("date", "organisation", "place", "what")),
    "spin_offs": ("New spin-offs", ("date", "spin-off", "of", "")),
    "members_joined": ("Members that joined", ("date", "member", "of", "")),
    "members_left": ("Members that left", ("date", "member", "of", "")),
}


def diff_text(report: dict, fmt: str = "md", top: int = 15) -> str:
    """Return a diff report (see ``bbkg diff``) as Markdown (``md``) or terminal text (``table``)."""
    from bbkg.render.tables import render

    def heading(text: str, level: int = 2) -> str:
        return f"{'#' * level} {text}\n\n" if fmt == "md" else f"{text}\n"

    changes = report["changes"]
    parts = [heading(f"What changed: {report['from']} → {report['to']}", 1)]
    counts = [[title, len(changes.get(key, []))] for key, (title, _) in DIFF_SECTIONS.items() if key in changes]
    if report.get("first_recorded") is not None:
        counts.append(["Partnerships without a start, first recorded in the window (not listed as new)",
                       report["first_recorded"]])
    parts.append(heading("Summary") + render(["change", "count"], counts, fmt) + "\n")
    for key, (title, columns) in DIFF_SECTIONS.items():
        rows = changes.get(key)
        if not rows:
            continue
        keep = [i for i, c in enumerate(columns) if c]
        cells = [[r["date"] or "", r["label"], r.get("with_label") or "", r.get("what_label") or ""] for r in rows]
        parts.append(heading(f"{title} ({len(rows)})") + render([columns[i] for i in keep],
                                                                [[c[i] for i in keep] for c in cells], fmt) + "\n")
    parts.append(_metrics_text(report["metrics"], heading, fmt, top))
    return "".join(parts)


def _metrics_text(metrics: dict, heading, fmt: str, top: int) -> str:
    from bbkg.render.tables import render

    out = heading("Network metrics that moved")
    out += render(["measure", "before", "after", "change"],
                  [[m["measure"], m["before"], m["after"], m["change"]] for m in metrics["summary"]], fmt) + "\n"
    if metrics["degree"]:
        out += heading(f"Partners gained or lost (top {top})") + render(
            ["organisation", "partners before", "partners after", "change"],
            [[d["label"], d["before"], d["after"], f"{d['change']:+d}"] for d in metrics["degree"][:top]], fmt) + "\n"
    brokers = metrics["brokers"]
    rows = [["became brokers between regions", ", ".join(brokers["new"]) or "-"],
            ["no longer brokers", ", ".join(brokers["gone"]) or "-"],
            ["communities (Louvain)", f"{metrics['communities']['before']} → {metrics['communities']['after']}"]]
    return out + heading("Brokers and communities") + render(["what", "organisations"], rows, fmt)


#: how an event reads when the organisation of the timeline is its object (a spin-off it seeded, ...)
INVERSE_WORDS: dict[str, dict[str, str]] = {
    "en": {"spinOffOf": "spin-off founded", "acquiredBy": "acquired", "memberOf": "member joined",
           "endDate": "member left", "foundedBy": "set up", "mergedInto": "merged into it",
           "subsidiaryOf": "subsidiary", "partOf": "part"},
    "nl": {"spinOffOf": "spin-off opgericht", "acquiredBy": "overgenomen", "memberOf": "lid toegetreden",
           "endDate": "lid vertrokken", "foundedBy": "opgericht", "mergedInto": "erin gefuseerd",
           "subsidiaryOf": "dochteronderneming", "partOf": "onderdeel"},
    "fr": {"spinOffOf": "spin-off créée", "acquiredBy": "acquise", "memberOf": "membre entré",
           "endDate": "membre sorti", "foundedBy": "créée", "mergedInto": "fusionnée avec elle",
           "subsidiaryOf": "filiale", "partOf": "composante"},
    "de": {"spinOffOf": "Spin-off gegründet", "acquiredBy": "übernommen", "memberOf": "Mitglied beigetreten",
           "endDate": "Mitglied ausgetreten", "foundedBy": "gegründet", "mergedInto": "in sie fusioniert",
           "subsidiaryOf": "Tochtergesellschaft", "partOf": "Teil"},
}


def timeline_rows(rows: list[dict], labels: dict[str, str], lang: str = "en") -> list[dict]:
    """Return the rows of the ``organisation-timeline`` query (plain values) for people: the date as
    precisely as known, the event, the other party and the partnership by their labels in ``lang``."""
    from bbkg.vocab import format_when

    words = INVERSE_WORDS.get(lang, INVERSE_WORDS["en"])
    out = []
    for row in rows:
        event = row["event"]
        local = event.rsplit("#", 1)[-1]
        text = words.get(local, local) if row.get("inverse") else labels.get(event, local)
        out.append({
            "date": format_when(row["date"], row.get("precision")),
            "event": text,
            "with": labels.get(row["with"], row["with"]) if row.get("with") else "",
            "partnership": labels.get(row["partnership"], row["partnership"]) if row.get("partnership") else "",
            "event_iri": event, "with_iri": row.get("with"), "partnership_iri": row.get("partnership"),
            "inverse": bool(row.get("inverse")),
        })
    return out
