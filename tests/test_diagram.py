"""Every output format of `bbkg diagram` parses back, holds the network, and is byte-stable."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from conftest import run_cli

FORMATS = ("html", "png", "svg", "gexf", "graphml")


@pytest.fixture(scope="module")
def outputs(ecosystem_trig, tmp_path_factory):
    folder = tmp_path_factory.mktemp("diagram")
    paths = {fmt: folder / f"net.{fmt}" for fmt in FORMATS}
    proc = run_cli("diagram", "--data", ecosystem_trig, *[a for p in paths.values() for a in ("-o", p)])
    assert proc.returncode == 0, proc.stderr
    return paths


@pytest.fixture(scope="module")
def network(ecosystem_store):
    from bbkg.network.graph import partnership_network

    return partnership_network(ecosystem_store)


def test_gexf_and_graphml_keep_every_attribute(outputs, network):
    for fmt in ("gexf", "graphml"):
        back = nx.read_gexf(outputs[fmt]) if fmt == "gexf" else nx.read_graphml(outputs[fmt])
        assert set(back) == set(network), fmt
        assert back.number_of_edges() == network.number_of_edges(), fmt
        for node, attrs in network.nodes(data=True):
            got = back.nodes[node]
            for key, value in attrs.items():
                assert got.get(key) == value, (fmt, node, key)
            assert isinstance(got["x"], float) and isinstance(got["y"], float)
        written = sorted(
            tuple(sorted((k, v) for k, v in a.items() if k not in ("id", "networkx_key", "color")))
            for _, _, a in back.edges(data=True)
        )
        expected = sorted(tuple(sorted(a.items())) for _, _, a in network.edges(data=True))
        assert written == expected, fmt


def test_svg_is_xml_and_png_is_png(outputs, network):
    root = ET.parse(outputs["svg"]).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = {"".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text")}
    assert {a["label"] for _, a in network.nodes(data=True)} <= texts  # labels are SVG text, searchable
    assert outputs["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(outputs["png"].read_bytes()) > 10_000


def test_html_is_self_contained(outputs, network):
    html = outputs["html"].read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=", html, re.IGNORECASE)
    assert not re.search(r"https?://[^\"'\s]*(cdn|bootstrap|jsdelivr|cloudflare|unpkg)", html, re.IGNORECASE)
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    # vis-network, the two JSON blocks and the page's code, each starting a line of the template
    assert "vis.Network" in html and len(re.findall(r"^<script", html, re.MULTILINE)) == 4
    for _, attrs in network.nodes(data=True):
        assert attrs["label"] in html


def test_outputs_are_deterministic(ecosystem_trig, outputs, tmp_path):
    again = {fmt: tmp_path / f"again.{fmt}" for fmt in FORMATS}
    proc = run_cli("diagram", "--data", ecosystem_trig, *[a for p in again.values() for a in ("-o", p)])
    assert proc.returncode == 0, proc.stderr
    for fmt in FORMATS:
        assert again[fmt].read_bytes() == outputs[fmt].read_bytes(), fmt


def test_hostile_labels_are_text_in_every_format(hostile_trig, tmp_path):
    from bbkg.network.graph import partnership_network
    from bbkg.render.diagram import render, write_diagrams
    from bbkg.store import open_store

    graph = partnership_network(open_store("oxigraph", data=hostile_trig))
    labels = [a["label"] for _, a in graph.nodes(data=True)]
    assert any("</script>" in label for label in labels) and any("onerror" in label for label in labels)
    html = render(graph, "x.html").decode()
    assert "</script><script>" not in html and "<img src=x" not in html and "<svg onload" not in html
    svg = render(graph, "x.svg")
    root = ET.fromstring(svg)
    assert not [e for e in root.iter() if e.tag.rsplit("}", 1)[-1] in ("script", "img", "foreignObject")]
    assert set(labels) <= {"".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text")}
    paths = [tmp_path / "h.gexf", tmp_path / "h.graphml", tmp_path / "h.png"]
    write_diagrams(graph, paths)
    for path in paths[:2]:
        back = nx.read_gexf(path) if path.suffix == ".gexf" else nx.read_graphml(path)
        assert sorted(a["label"] for _, a in back.nodes(data=True)) == sorted(labels)


def test_layout_is_c_backed_deterministic_and_spread(network):
    from bbkg.render.style import layout_positions

    first, second = layout_positions(network, seed=3), layout_positions(network, seed=3)
    assert first == second
    assert len({xy for xy in first.values()}) == network.number_of_nodes()  # no two nodes on one spot
