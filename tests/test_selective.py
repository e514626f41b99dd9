"""The selective fetch (bbkg.network.selective) draws exactly what the whole network, then the selection,
draws: the same organisations with the same attributes, the same links with the same attributes, the same
metrics, on the shipped graph and on the history fixture, with and without a window of time."""

from __future__ import annotations

import json

import pytest

from bbkg.errors import UsageError
from bbkg.network.graph import partnership_network
from bbkg.network.history import network_as_of
from bbkg.network.metrics import metrics_report
from bbkg.network.selection import select
from bbkg.network.selective import selected_network
from bbkg.query.time import as_of, between
from bbkg.store import open_store

ORG = "https://w3id.org/bbkg/id/org/"
REGION = "https://w3id.org/bbkg/id/region/"
EDGES = ("partnership", "spinoff", "membership", "acquisition")


def whole_then_select(store, *, edges=EDGES, isolated=False, window=None, **chosen):
    """Today's path: the whole network (as of the window), then the selection."""
    if window is None:
        graph = partnership_network(store, edges=edges, isolated=isolated)
    else:
        graph = network_as_of(store, window, edges=edges, isolated=isolated)
    return select(graph, isolated=isolated, **chosen)


def assert_same(store, **selection):
    try:
        expected = whole_then_select(store, **selection)
    except UsageError as exc:
        with pytest.raises(UsageError) as raised:
            selected_network(store, **selection)
        assert raised.value.message == exc.message
        return None
    got = selected_network(store, **selection)
    assert got.graph == expected.graph
    if selection.get("window") is not None and selection.get("isolated"):  # the order may differ there only
        assert dict(got.nodes(data=True)) == dict(expected.nodes(data=True))
    else:
        assert list(got.nodes(data=True)) == list(expected.nodes(data=True))
        assert json.dumps(metrics_report(got)) == json.dumps(metrics_report(expected))  # NaN scores are equal too
    assert list(got.edges(keys=True, data=True)) == list(expected.edges(keys=True, data=True))
    return got


SHIPPED = [
    {"around": ORG + "biowin", "depth": 1},
    {"around": ORG + "biowin", "depth": 2},
    {"around": ORG + "ghent-university", "depth": 0},
    {"around": ORG + "vib", "depth": 1, "regions": [REGION + "flemish-region"]},
    {"around": ORG + "vib", "depth": 2, "kinds": ["Company"], "edges": ("partnership", "spinoff")},
    {"regions": [REGION + "walloon-region"]},
    {"regions": [REGION + "walloon-region", REGION + "brussels-capital-region"], "kinds": ["Company", "Investor"]},
    {"kinds": ["University"], "isolated": True},
    {"kinds": ["Cluster"], "edges": ("membership",)},
    {"around": ORG + "biowin", "depth": 1, "isolated": True},
    {"around": ORG + "biowin", "depth": 2, "window": as_of("2015")},
    {"regions": [REGION + "flemish-region"], "window": between("2010", "2016")},
    {"kinds": ["Company"], "window": as_of("2012"), "isolated": True},
]


@pytest.mark.parametrize("selection", SHIPPED, ids=lambda s: ",".join(f"{k}={v}" for k, v in s.items()))
def test_selective_fetch_draws_what_the_whole_network_then_select_draws(shipped_store, selection):
    got = assert_same(shipped_store, **selection)
    assert got is not None and got.number_of_nodes() > 0


def test_an_organisation_without_a_link_is_the_same_error(shipped_store):
    lonely = [n for n, d in partnership_network(shipped_store, edges=("acquisition",), isolated=True).degree()
              if d == 0][0]
    assert assert_same(shipped_store, around=lonely, edges=("acquisition",)) is None
    kept = assert_same(shipped_store, around=lonely, edges=("acquisition",), isolated=True)
    assert list(kept) == [lonely]


@pytest.fixture(scope="module")
def history_store(history_trig):
    return open_store("oxigraph", data=history_trig)


HISTORY = [
    {"around": ORG + "uni-a", "depth": 1},
    {"around": ORG + "uni-a", "depth": 3},
    {"around": ORG + "bio-c", "depth": 2, "kinds": ["Company"]},
    {"regions": [REGION + "flemish-region"]},
    {"around": ORG + "uni-a", "depth": 2, "window": as_of("2012")},
    {"around": ORG + "pharma-e", "depth": 1, "window": as_of("2021")},
    {"around": ORG + "uni-a", "depth": 2, "window": between("2016", "2020"), "isolated": True},
    {"kinds": ["Company"], "window": as_of("2010"), "isolated": True},
    {"regions": [REGION + "flemish-region"], "window": between("2005", "2012")},
    {"kinds": ["Company", "University"], "window": as_of("2023")},
]


@pytest.mark.parametrize("selection", HISTORY, ids=lambda s: ",".join(f"{k}={v}" for k, v in s.items()))
def test_selective_fetch_on_the_history_fixture_keeps_the_window(history_store, selection):
    assert_same(history_store, **selection)


def test_a_dropped_link_would_be_seen(shipped_store):
    got = selected_network(shipped_store, around=ORG + "biowin", depth=1)
    u, v, key = next(iter(got.edges(keys=True)))
    got.remove_edge(u, v, key)
    expected = whole_then_select(shipped_store, around=ORG + "biowin", depth=1)
    assert list(got.edges(keys=True, data=True)) != list(expected.edges(keys=True, data=True))
