"""The network as of a date: what was active in a window, computed independently from the history
fixture's tables, is what bbkg's SPARQL finds on every engine and on a real Oxigraph server; year-only
dates against day dates on both sides of a boundary; the time options of query, stats and metrics."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

import history_oracle as oracle
from bbkg.network.graph import partnership_network
from bbkg.network.history import network_as_of, snapshots
from bbkg.query.activity import active_links, active_partnerships
from bbkg.query.catalogue import catalogue
from bbkg.query.time import Window, as_of, between
from bbkg.store import EMBEDDED, open_store
from answers import comparable
from conftest import run_cli
from remote_servers import oxigraph_server

#: dates on both sides of every boundary of the fixture, at every precision
AS_OF = ["1999", "2005", "2010", "2011-12-31", "2012-02", "2012-03", "2012-04-30", "2012-05-01", "2015-02",
         "2015-03-01", "2015-06-11", "2015-06-12", "2016", "2018-03-31", "2018-04-01", "2018-12-31", "2019-01-01",
         "2019-10-15", "2019-11-01", "2020", "2021", "2021-06-30", "2021-07-01", "2022-06-30", "2022-07-01",
         "2024-06-29", "2024-06-30", "2026"]
BETWEEN = [("2016", "2017"), ("2019-11", "2020-02"), ("2018-04-01", "2018-12-31"), ("1990", "2030")]
WINDOWS = [as_of(d) for d in AS_OF] + [between(a, b) for a, b in BETWEEN]
TIMED = [name for name, q in catalogue().items() if q.timed]


def _network_edges(part) -> list[tuple[str, str, str]]:
    return sorted((u, v, k) for u, v, k in part.edges(keys=True))


#: windows at which the time-aware named queries are compared across engines (rdflib is slow)
QUERY_WINDOWS = [as_of("2012-05-01"), as_of("2015-06-12"), as_of("2019-10-15"), as_of("2022-07-01"),
                 between("2019-11", "2020-02")]
#: the organisation of the named queries that need one
ORG = {"partners-of": "uni-a", "organisation-timeline": "bio-c"}


def _named(store, name: str, window: Window):
    import pyoxigraph as ox

    named = catalogue()[name]
    bindings = window.bindings()
    if name in ORG:
        bindings["_org_iri"] = ox.NamedNode(oracle.org(ORG[name]))
    return store.query(named.text, bindings)


def _answers(store, query_windows=QUERY_WINDOWS) -> dict:
    """Everything the tests compare across engines, for every window (the named queries at ``query_windows``)."""
    graph = partnership_network(store)
    found = {"partnerships": active_partnerships(store, WINDOWS), "links": active_links(store, WINDOWS)}
    found["networks"] = [(set(part), _network_edges(part)) for part in snapshots(graph, store, WINDOWS)]
    found["queries"] = {(name, w.label): comparable(_named(store, name, w)) for name in TIMED for w in query_windows}
    return found


@pytest.fixture(scope="module")
def oxigraph_answers(history_trig):
    return _answers(open_store("oxigraph", data=history_trig))


@pytest.mark.parametrize("engine", EMBEDDED)
def test_as_of_matches_the_tables_on_every_engine(engine, history_trig, oxigraph_answers):
    # rdflib parses each query text anew (0.2-0.5 s a query): the named queries are compared at an as-of
    # window, a between window and one in the middle on the rdflib engines; the activity, link and network
    # answers at every window on every engine
    got = oxigraph_answers if engine == "oxigraph" else _answers(open_store(engine, data=history_trig),
                                                                 QUERY_WINDOWS[::2])
    for i, w in enumerate(WINDOWS):
        assert {p for p, found in got["partnerships"].items() if i in found} == oracle.partnerships(w.first, w.last), w
        assert {k for k, found in got["links"].items() if i in found} == oracle.links(w.first, w.last), w
        nodes, edges = oracle.network(w.first, w.last)
        assert got["networks"][i] == (nodes, edges), w
    assert got["queries"] == {key: oxigraph_answers["queries"][key] for key in got["queries"]}
    # the comparisons mean something: the fixture's network grows, shrinks and changes
    sizes = [len(edges) for _, edges in got["networks"]]
    assert sizes[0] == 0 and max(sizes) > 8 and len(set(sizes)) > 6


def test_named_queries_answer_what_the_tables_say(history_trig):
    store = open_store("oxigraph", data=history_trig)
    for w in WINDOWS[::2]:
        rows = _named(store, "active-partnerships", w).rows
        assert {row[0].value for row in rows} == oracle.partnerships(w.first, w.last)
        pairs = {(row[0].value, row[1].value): int(row[2].value) for row in _named(store, "active-partner-pairs", w).rows}
        _, edges = oracle.network(w.first, w.last)
        expected: dict = {}
        for a, b, key in edges:
            if "/partnership/" in key:
                expected[(a, b)] = expected.get((a, b), 0) + 1
        assert pairs == expected, w
        members = {(row[0].value, row[1].value) for row in _named(store, "memberships", w).rows}
        assert members == {(a, b) for a, kind, b in oracle.links(w.first, w.last) if kind == "membership"}


def test_year_only_dates_against_day_dates_at_a_boundary(history_trig):
    store = open_store("oxigraph", data=history_trig)
    windows = [as_of(d) for d in ("2015-01-01", "2015-06-11", "2015-06-12", "2018-03-31", "2018-04-01",
                                   "2018-12-31", "2019-01-01", "2019-10-31", "2019-11-01")]
    found = active_partnerships(store, windows)

    def at(i: int) -> set[str]:
        return {p.rsplit("/", 1)[-1] for p, s in found.items() if i in s} & {"ab-year", "ac-day", "bc-month-year",
                                                                             "hd-ended"}
    # started "2015" counts from 1 January 2015; started "2015-06-12" only from that day
    assert at(0) == at(1) == {"ab-year", "bc-month-year"}
    assert at(2) == {"ab-year", "ac-day", "bc-month-year"}
    # ended "2018-03-31" is gone the next day; ended "2018" (a year) holds until 31 December 2018
    assert at(3) == {"ab-year", "ac-day", "bc-month-year"}
    assert at(4) == at(5) == {"ab-year", "bc-month-year"}
    assert at(6) == {"ab-year"}
    # no start, ended "2019-10" (a month): known from its end, active in all of October 2019 only
    assert at(7) == {"ab-year", "hd-ended"} and at(8) == {"ab-year"}


@pytest.fixture(scope="module")
def remote_history(tmp_path_factory, history_trig):
    """A real Oxigraph server holding the history fixture (pushed with `bbkg push`)."""
    from bbkg.store.remote.client import RemoteStore

    with oxigraph_server(tmp_path_factory.mktemp("oxigraph-history")) as base:
        done = run_cli("push", "--endpoint", f"{base}/query", "--data", history_trig)
        assert done.returncode == 0, done.stderr
        yield RemoteStore(f"{base}/query")


def test_a_remote_endpoint_gives_the_same_network_at_every_date(remote_history, oxigraph_answers):
    assert _answers(remote_history) == oxigraph_answers


def _csv_column(text: str) -> list[str]:
    return [row[0] for row in list(csv.reader(io.StringIO(text)))[1:]]


def test_query_as_of_and_between_bind_the_time_parameters(history_trig):
    for args in (["--as-of", "2019-10"], ["--between", "2016", "2017"]):
        window = as_of(args[1]) if args[0] == "--as-of" else between(*args[1:])
        done = run_cli("query", "active-partnerships", *args, "--data", history_trig, "-f", "csv")
        assert done.returncode == 0, done.stderr
        assert set(_csv_column(done.stdout)) == oracle.partnerships(window.first, window.last)
        by_param = run_cli("query", "active-partnerships", "-p", f"from={args[1]}", "-p", f"to={args[-1]}",
                           "--data", history_trig, "-f", "csv")
        assert by_param.stdout == done.stdout
    everything = run_cli("query", "active-partnerships", "--data", history_trig, "-f", "csv")
    assert len(_csv_column(everything.stdout)) == len(oracle.table("partnerships"))


@pytest.mark.parametrize("args, message", [
    (["query", "acquisitions", "--as-of", "2015"], "query 'acquisitions' takes no time (no parameters from and to); "
                                                   "--as-of and --between work with: " + ", ".join(TIMED)),
    (["query", "--sparql", "ASK {}", "--as-of", "2015"], "--as-of and --between bind the time parameters"),
    (["query", "active-partner-pairs", "--as-of", "2015", "--between", "2010", "2012"], "give --as-of DATE or --between"),
    (["query", "active-partner-pairs", "--as-of", "2015-02-30"], "--as-of: '2015-02-30' is not a date; write YYYY, YYYY-MM "
                                                         "or YYYY-MM-DD (a real day)"),
    (["query", "active-partner-pairs", "--between", "2016", "2015"], "--between: '2015' is before '2016'"),
    (["query", "active-partner-pairs", "-p", "to=soon"], "parameter 'to': 'soon' is not a date"),
    (["query", "active-partner-pairs", "--as-of", "2015", "-p", "from=2014"], "not both"),
    (["stats", "--as-of", "15"], "--as-of: '15' is not a date"),
    (["metrics", "--between", "2015", "2016", "--as-of", "2015"], "give --as-of DATE or --between FROM TO, not both"),
    (["diagram", "--as-of", "1990", "-o", "x.png"], "the selection is empty: no organisation has a link for"),
])
def test_time_options_refuse_what_they_cannot_do(args, message, history_trig):
    done = run_cli(*args, "--data", history_trig)
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and done.stdout == ""


def test_stats_and_metrics_as_of_count_the_network_of_then(history_trig):
    for day in ("2012-05-01", "2020", "2022-07-01"):
        w = as_of(day)
        stats = json.loads(run_cli("stats", "--as-of", day, "--data", history_trig, "-f", "json").stdout)
        links = oracle.links(w.first, w.last)
        assert stats["partnerships"] == len(oracle.partnerships(w.first, w.last))
        assert stats["links"] == {k: sum(1 for _, kind, _ in links if kind == k)
                                  for k in ("membership", "acquisition", "spinoff")}
        members = {p["id"]: p["participants"].split(";") for p in oracle.table("partnerships")}
        linked = {oracle.org(m) for p in oracle.partnerships(w.first, w.last) for m in members[p.rsplit("/", 1)[-1]]}
        linked |= {n for a, _, b in links for n in (a, b)}
        assert stats["organisations_linked"] == len(linked - oracle.closed(w.first))
        assert stats["window"] == {"label": day, "from": w.first.isoformat(), "to": w.last.isoformat()}
        report = json.loads(run_cli("metrics", "--as-of", day, "--data", history_trig, "-f", "json").stdout)
        nodes, edges = oracle.network(w.first, w.last)
        assert (report["summary"]["organisations"], report["summary"]["links"]) == (len(nodes), len(edges))
    as_network = network_as_of(open_store("oxigraph", data=history_trig), as_of("2020"), edges=["partnership"])
    assert all(kind == "partnership" for _, _, kind in as_network.edges(data="kind"))


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_named_queries_hold_the_one_time_filter():
    """The time filters written into queries/*.rq are those bbkg.query.time generates (one rule, one text)."""
    from bbkg.query.time import DATA_DATE, dated, dissolution

    for name, node, dissolved in (("active-partner-pairs", "?partnership", ("?org", "?partner")),
                                  ("partners-of", "?partnership", ("?partner",)),
                                  ("active-partnerships", "?partnership", ()), ("memberships", "?membership", ())):
        text = _normal(catalogue()[name].text)
        parts = [dated(node)] + [dissolution(v, v[1:]) for v in dissolved]
        assert _normal(DATA_DATE) in text
        for part in parts:
            assert _normal(part.pattern) in text, name
        assert _normal("FILTER(" + " && ".join(p.condition for p in parts) + ")") in text, name
        assert catalogue()[name].timed


def test_the_python_api_takes_a_window(history_trig):
    from bbkg.api import open_graph
    from bbkg.errors import UsageError

    kg = open_graph(history_trig)
    for window, kwargs in ((as_of("2020"), {"as_of": "2020"}), (between("2012", "2015-06-11"),
                                                                  {"between": ("2012", "2015-06-11")})):
        rows = kg.run("active-partnerships", **kwargs)
        assert {r["partnership"] for r in rows} == oracle.partnerships(window.first, window.last)
    with pytest.raises(UsageError, match="'acquisitions' has none"):
        kg.run("acquisitions", as_of="2020")
