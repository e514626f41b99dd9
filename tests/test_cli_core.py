"""validate, stats and export from the command line, on the shipped graph and on bad input."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from collections import Counter

import pytest

from bbkg.resources import graph_dir
from conftest import ROOT, FIXTURES, run_cli


def test_validate_command_on_the_fixture(ecosystem_trig):
    proc = run_cli("validate", ecosystem_trig)  # the command itself; the shipped graph is checked in test_build
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert "conforms:" in proc.stdout.splitlines()[-1]


def test_validate_reports_focus_label_rule_and_message():
    bad = FIXTURES / "shapes" / "invalid" / "partnership-participants.ttl"
    proc = run_cli("validate", bad)
    assert proc.returncode == 1
    (error,) = proc.stderr.strip().splitlines()
    assert error.startswith(f"Error: {bad.relative_to(ROOT)}: does not conform: ") and error.endswith(" violation(s)")
    line = next(x for x in proc.stdout.splitlines() if "[partnership-participants]" in x)
    assert line.startswith("Violation: Alpha-Gamma alliance <https://w3id.org/bbkg/id/partnership/alpha-gamma>")
    assert "at least two bbkg:hasParticipant" in line
    as_json = json.loads(run_cli("validate", bad, "--format", "json").stdout)
    assert as_json["conforms"] is False
    assert "partnership-participants" in {v["rule"] for v in as_json["violations"]}


def test_validate_bad_file_is_located(tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e \"open .\n")
    proc = run_cli("validate", broken)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"Error: {broken}:3:"), proc.stderr
    missing = run_cli("validate", tmp_path / "nope.ttl")
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_stats_counts_match_the_tables():
    stats = json.loads(run_cli("stats", "--format", "json").stdout)

    def rows(name):
        with (graph_dir() / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    kinds = Counter(r["kind"] for r in rows("organisations"))
    for kind, n in kinds.items():
        assert stats["entities"][kind] == n
    assert stats["entities"]["Municipality"] == len(rows("municipalities"))
    assert stats["entities"]["Partnership"] == len(rows("partnerships"))
    assert stats["entities"]["Observation"] == len(rows("figures"))
    assert stats["entities"]["Source"] == len(rows("sources"))
    predicates = Counter(r["predicate"] for r in rows("relations"))
    for predicate in ("locatedIn", "spinOffOf", "acquiredBy", "biotechCentreOf"):
        distinct = {(r["subject"], r["object"]) for r in rows("relations") if r["predicate"] == predicate}
        assert stats["relations"][predicate] == len(distinct) <= predicates[predicate]
    per_region = sum(r["count"] for r in stats["organisations_by_region"])
    assert per_region == len({r["subject"] for r in rows("relations") if r["predicate"] == "locatedIn"})
    text = run_cli("stats", "--lang", "fr").stdout
    assert "Région wallonne" in text


def test_shipped_turtle_parses_with_rapper():
    rapper = shutil.which("rapper")
    if rapper is None:
        pytest.skip("rapper (Debian raptor2-utils) is not installed; .ci/run installs it")
    proc = subprocess.run([rapper, "-i", "turtle", "-c", str(graph_dir() / "bbkg.ttl")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    trig = subprocess.run([rapper, "-i", "trig", "-c", str(graph_dir() / "bbkg.trig")], capture_output=True, text=True)
    assert trig.returncode == 0, trig.stderr[-2000:]


def test_export_to_stdout_and_bad_format():
    proc = run_cli("export", "--format", "nt")
    assert proc.returncode == 0 and proc.stdout.count("\n") > 30000
    bad = run_cli("export", "--format", "xml")
    assert bad.returncode == 2 and "Invalid value for '--format'" in bad.stderr


def test_every_seed_fact_is_in_the_seed_graph(shipped_store):
    """What the seed document states is in the graph, in the seed's own named graph."""
    org = "https://w3id.org/bbkg/id/org/"
    seed = "<https://w3id.org/bbkg/graph/source/seed-overview>"

    def ask(pattern: str) -> bool:
        prologue = "PREFIX bbkg: <https://w3id.org/bbkg/ontology#> PREFIX schema: <https://schema.org/>\n"
        return shipped_store.query(prologue + f"ASK {{ GRAPH {seed} {{ {pattern} }} }}").boolean

    for name in ("vib", "flandersbio"):
        assert ask(f"<{org}{name}> bbkg:mainResearchDriverIn <https://w3id.org/bbkg/id/region/flemish-region>")
    for name in ("dgtre", "awex", "ofi", "brussels-enterprise-agency"):
        assert ask(f"<{org}{name}> a bbkg:GovernmentAgency")
    assert ask("?p a bbkg:Partnership ; bbkg:hasParticipant "
               + ", ".join(f"<{org}{n}>" for n in ("dgtre", "awex", "ofi", "sriw")))
    assert ask(f"<{org}brussels-enterprise-agency> schema:description ?d FILTER(CONTAINS(?d, 'Biotech in Brussels'))")
    assert ask(f"<{org}bio-be> bbkg:representsSector ?d FILTER(CONTAINS(?d, 'national and European level'))")
    for nis in ("44021", "24062", "12025", "62063", "52011", "53053", "25121", "92142", "92094"):
        assert ask(f"<https://w3id.org/bbkg/id/municipality/{nis}> bbkg:biotechCentreOf ?region")
    for measure, value in (("biotech-company-count", 140), ("share-of-european-biotech-companies", 7),
                           ("share-of-european-biotech-turnover", 16), ("share-of-european-biotech-rnd-expenditure", 10)):
        assert ask(f"?f bbkg:measure <https://w3id.org/bbkg/concept/measure/{measure}> ; bbkg:value {value}.0")
    assert ask("<https://w3id.org/bbkg/id/country/belgium> schema:description ?d FILTER(CONTAINS(?d, 'technology transfer'))")
    assert ask("<https://w3id.org/bbkg/id/country/belgium> schema:description ?d FILTER(CONTAINS(?d, 'Spin-off'))")


def test_output_keeps_the_target_mode_and_refuses_a_read_only_file(tmp_path, ecosystem_trig):
    private = tmp_path / "private.md"
    private.write_text("old\n")
    private.chmod(0o600)
    done = run_cli("stats", "--data", ecosystem_trig, "--format", "md", "--out", private)
    assert done.returncode == 0, done.stderr
    assert private.stat().st_mode & 0o777 == 0o600 and private.read_text() != "old\n"
    locked = tmp_path / "locked.md"
    locked.write_text("keep me\n")
    locked.chmod(0o444)
    done = run_cli("stats", "--data", ecosystem_trig, "--format", "md", "--out", locked)
    assert done.returncode == 2
    assert done.stderr.strip() == f"Error: {locked}: cannot write: the file is read-only; make it writable or choose another output path"
    assert locked.read_text() == "keep me\n" and locked.stat().st_mode & 0o777 == 0o444
    assert sorted(p.name for p in tmp_path.iterdir()) == ["locked.md", "private.md"]


def test_a_large_data_file_changed_in_place_is_read_as_it_is_now(tmp_path):
    """`--data FILE` reads the file as it is at each call, a large one too (the tests parse a large file once
    per content: tests/conftest.py's parsed_once), and a broken one fails every time."""
    from conftest import PARSE_ONCE_BYTES

    big = tmp_path / "big.nt"
    line = '<https://example.org/s{}> <https://example.org/p> "{}" .\n'
    count = ("query", "--sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--data", big, "-f", "csv")
    for n in (6000, 6001):
        big.write_text("".join(line.format(i, "x" * 40) for i in range(n)), encoding="utf-8")
        assert big.stat().st_size >= PARSE_ONCE_BYTES
        assert run_cli(*count).stdout.split() == ["n", str(n)]
    big.write_text(big.read_text(encoding="utf-8") + "<https://example.org/broken> .\n", encoding="utf-8")
    for _ in range(2):
        done = run_cli(*count)
        assert done.returncode == 2 and f"{big}:6002:" in done.stderr, done.stderr

