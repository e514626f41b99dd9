"""An organisation's timeline, what changed between two dates or two releases, and the pictures of the
network over time (small multiples, images as of a date), on the history fixture."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from datetime import date

import pytest

import history_oracle as oracle
from bbkg.query.time import as_of, between, steps, year
from conftest import HISTORY, run_cli


def _slug(iri: str | None) -> str:
    return (iri or "").rsplit("/", 1)[-1]


def test_timeline_lists_an_organisations_dated_events_in_order(history_trig):
    done = run_cli("timeline", "Bio C", "--data", history_trig, "-f", "json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["label"] == "Bio C"
    got = [e["date"] for e in report["events"]]
    expected = [a["date"] or a["value"] for a in oracle.table("attributes")
                if a["subject"] == "bio-c" and a["property"] in ("foundingDate", "status")]
    expected += [p[c] for p in oracle.table("partnerships") if "bio-c" in p["participants"].split(";")
                 for c in ("start", "end") if p[c]]
    expected += [r["date"] for r in oracle.table("relations") if r["subject"] == "bio-c" and r["date"]]
    assert sorted(got) == sorted(expected) and got == sorted(got, key=lambda d: oracle.span(d)[0])
    events = {(e["date"], e["event"], e["with"]) for e in report["events"]}
    assert {("2005", "spin-off of", "University A"), ("2019", "located in", "Liège"),
            ("2020", "acquired by", "Pharma E"), ("2011", "member of", "Cluster G")} <= events


def test_timeline_reads_both_ways_in_markdown_and_keeps_a_window(history_trig):
    done = run_cli("timeline", "uni-a", "--data", history_trig, "-f", "md", "--lang", "fr")
    assert done.stdout.startswith("## Timeline of University A\n\n| date | event | with | partnership |")
    assert "| 2005 | spin-off créée | Bio C |  |" in done.stdout
    window = json.loads(run_cli("timeline", "uni-a", "--between", "2016", "2020", "--data", history_trig,
                                "-f", "json").stdout)
    assert [e["date"] for e in window["events"]] == ["2018-03-31", "2020-01-01"]
    unknown = run_cli("timeline", "Nobody Ltd", "--data", history_trig)
    assert unknown.returncode == 2 and "no organisation named 'Nobody Ltd'" in unknown.stderr


def _changes(report: dict) -> dict[str, set]:
    return {key: {(_slug(r["iri"]), _slug(r["with"])) for r in rows} for key, rows in report["changes"].items()}


@pytest.mark.parametrize("start, end", [("2015", "2020"), ("2012-03", "2015-06-11"), ("2021", "2022-07-01")])
def test_diff_between_two_dates_lists_what_the_tables_dated_then(start, end, history_trig):
    done = run_cli("diff", "--from", start, "--to", end, "--data", history_trig, "-f", "json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    window = between(start, end)
    got = _changes(report)
    for key, expected in oracle.events(window.first, window.last).items():
        assert got[key] == expected, key
    closed = {(a["subject"], "") for a in oracle.table("attributes") if a["property"] == "dissolutionDate"
              and oracle.touches(a["value"], window.first, window.last)}
    assert got["organisations_closed"] == closed
    before, after = oracle.network(as_of(start).first, as_of(start).last), oracle.network(as_of(end).first,
                                                                                         as_of(end).last)
    summary = {m["measure"]: (m["before"], m["after"]) for m in report["metrics"]["summary"]}
    assert summary["organisations"] == (len(before[0]), len(after[0]))
    assert summary["links"] == (len(before[1]), len(after[1]))


def test_diff_markdown_and_the_last_years_up_to_the_date_of_the_data(history_trig):
    done = run_cli("diff", "--last", "10y", "--data", history_trig, "-f", "md")
    assert done.stdout.startswith("# What changed: 2014-06-30 → 2024-06-30\n")  # the latest source's date
    window = between("2014-06-30", "2024-06-30")
    first_known = [min([oracle.source_date(p["source"])] + ([oracle.span(p["end"])[0]] if p["end"] else []))
                   for p in oracle.table("partnerships") if not p["start"]]
    recorded = sum(1 for day in first_known if window.contains(day))
    for title in ("## New partnerships (4)", "## Ended partnerships (4)", "## Acquisitions (2)",
                  "## Closed organisations (dissolved, bankrupt or merged) (1)", "## Network metrics that moved",
                  f"| Partnerships without a start, first recorded in the window (not listed as new) | {recorded} |"):
        assert title in done.stdout
    bad = run_cli("diff", "--data", history_trig)
    assert bad.returncode == 2 and "give --from DATE (or --last 10y), or two release files" in bad.stderr


def _edit(path, rows_to_add: list[str] = (), drop: tuple[str, ...] = (), replace: dict | None = None) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [line for line in lines if not any(line.startswith(d) for d in drop)]
    lines = [next((new for old, new in (replace or {}).items() if line.startswith(old)), line) for line in lines]
    path.write_text("\n".join(lines + list(rows_to_add)) + "\n", encoding="utf-8")


def test_diff_of_two_releases(tmp_path, history_trig):
    from bbkg.api import build_graph

    tables = tmp_path / "tables"
    shutil.copytree(HISTORY, tables)
    _edit(tables / "partnerships.csv", ["new-deal,licensing,Licence of University A to Bio J,uni-a;bio-j,2024-05,,"
                                        "hist-report,University A licensed to Bio J in May 2024"],
          drop=("fh-news,",), replace={"ab-year,": "ab-year,research-collaboration,University A and Institute B "
                                       "since 2015,uni-a;inst-b,2015,2024,hist-report,University A and Institute "
                                       "B worked together from 2015 to 2024"})
    _edit(tables / "organisations.csv", ["bio-k,Company,Bio K,,BE,hist-report,Bio K was founded in 2024"])
    _edit(tables / "attributes.csv", ["bio-k,foundingDate,2024,,,hist-report,Bio K was founded in 2024",
                                      "bio-d,status,bankrupt,,2024-05,hist-report,Bio D went bankrupt in May 2024"])
    _edit(tables / "relations.csv", [
        "bio-k,locatedIn,44021,,,,hist-report,Bio K was founded in 2024",
        "bio-k,spinOffOf,inst-b,2024,,,hist-report,Bio K was founded in 2024",
        "bio-j,memberOf,cluster-g,2024,,,hist-report,Bio J joined Cluster G in 2024",
        "bio-j,acquiredBy,pharma-e,2024-06,,,hist-report,Pharma E acquired Bio J in June 2024",
    ], drop=("bio-d,memberOf,",), replace={"bio-d,locatedIn,": "bio-d,locatedIn,62063,,,,hist-report,Bio D in Liège"})
    result = build_graph(tables, out_dir=tmp_path / "new")
    assert result.report.conforms, result.report.text()
    done = run_cli("diff", history_trig, tmp_path / "new" / "bbkg.trig", "-f", "json")
    assert done.returncode == 0, done.stderr
    got = _changes(json.loads(done.stdout))
    assert got == {
        "partnerships_started": {("new-deal", "")}, "partnerships_ended": {("ab-year", "")},
        "partnerships_removed": {("fh-news", "")}, "organisations_founded": {("bio-k", "")},
        "organisations_closed": {("bio-d", "bankrupt")}, "organisations_removed": set(),
        "acquisitions": {("bio-j", "pharma-e")}, "moves": {("bio-d", "62063")},
        "spin_offs": {("bio-k", "inst-b")}, "members_joined": {("bio-j", "cluster-g")},
        "members_left": {("bio-d", "cluster-g")},
    }
    text = run_cli("diff", history_trig, tmp_path / "new" / "bbkg.trig", "-f", "md").stdout
    assert "## Relocations (seat since) and new sites (1)" in text and "| Bio D | Liège |" in text


def test_small_multiples_draw_the_network_every_five_years(tmp_path, history_trig):
    png, svg = tmp_path / "evolution.png", tmp_path / "evolution.svg"
    done = run_cli("diagram", "--every", "5y", "-o", png, "-o", svg, "--data", history_trig)
    assert done.returncode == 0, done.stderr
    years = steps(2005, date.fromisoformat("2024-06-30").year, 5)  # first dated link: Bio C's spin-off, 2005
    counts = ", ".join(f"{y}: {len(oracle.network(year(y).first, year(y).last)[1])}" for y in years)
    assert f"({len(years)} pictures; links {counts})" in done.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    titles = [t.text for t in ET.parse(svg).iter("{http://www.w3.org/2000/svg}text") if t.text]
    assert all(any(str(y) in t for t in titles) for y in years)
    for args, message in ((["--every", "5y", "-o", tmp_path / "x.html"], "--every draws small multiples as .png"),
                          (["--every", "0y", "-o", png], "--every: '0y' is not a step in years"),
                          (["--every", "1y", "--between", "1900", "2024", "-o", png], "makes 125 pictures"),
                          (["--every", "5y", "--as-of", "2020", "-o", png], "not --as-of")):
        bad = run_cli("diagram", *args, "--data", history_trig)
        assert bad.returncode == 2 and message in bad.stderr, bad.stderr


def test_static_diagrams_as_of_a_date(tmp_path, history_trig):
    import networkx as nx

    for day in ("2012-05-01", "2022-07-01"):
        out = tmp_path / f"{day}.graphml"
        done = run_cli("diagram", "--as-of", day, "-o", out, "-o", tmp_path / f"{day}.png", "--data", history_trig)
        assert done.returncode == 0, done.stderr
        graph = nx.read_graphml(out)
        nodes, edges = oracle.network(as_of(day).first, as_of(day).last)
        assert set(graph) == nodes and graph.number_of_edges() == len(edges)
