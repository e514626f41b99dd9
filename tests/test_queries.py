"""The named-query catalogue: headers, engines agree, the 15 competency questions, formats, errors."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from functools import cache

import pyoxigraph as ox
import pytest

from bbkg.query.catalogue import catalogue, find_query
from bbkg.query.params import bind_params
from bbkg.resources import graph_dir
from bbkg.store import EMBEDDED, REFERENCE, open_store
from answers import comparable, fixture_values, nonempty
from conftest import run_cli

ID = "https://w3id.org/bbkg/id/"
B = "https://w3id.org/bbkg/ontology#"
QUERIES = catalogue()


# ---------------------------------------------------------------- expectations from the tables


@cache
def table(name: str) -> list[dict]:
    with (graph_dir() / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def iri(ref: str) -> str:
    if ref.isdigit():
        return f"{ID}municipality/{ref}"
    for row in table("places"):
        if row["id"] == ref:
            return f"{ID}{row['kind'].lower()}/{ref}"
    for name, path in (("organisations", "org"), ("partnerships", "partnership"), ("figures", "figure")):
        if any(row["id"] == ref for row in table(name)):
            return f"{ID}{path}/{ref}"
    raise KeyError(ref)


def relations(predicate: str) -> list[dict]:
    return [r for r in table("relations") if r["predicate"] == predicate]


def region_of_org() -> dict[str, str]:
    region_by_label = {r["label_nl"]: r["id"] for r in table("places") if r["kind"] == "Region"}
    muni_region = {m["NIS_code"]: region_by_label[m["region_NL"]] for m in table("municipalities")}
    return {r["subject"]: muni_region[r["object"]] for r in relations("locatedIn")}


def participants() -> dict[str, list[str]]:
    return {p["id"]: sorted(set(p["participants"].split(";"))) for p in table("partnerships")}


def run(store, name: str, **params: str):
    named = QUERIES[name]
    return store.query(named.text, bind_params(named, params, store), origin=name)


def column(result, var: str) -> list[str]:
    index = result.variables.index(var)
    return [row[index].value if row[index] is not None else None for row in result.rows]


# ---------------------------------------------------------------- the catalogue


def test_every_query_has_a_summary_and_parses_on_both_parsers():
    from rdflib.plugins.sparql import prepareQuery

    assert len(QUERIES) >= 15
    for query in QUERIES.values():
        assert query.summary and query.path.suffix == ".rq"
        prepareQuery(query.text)  # rdflib's parser accepts it too (pyoxigraph's did on load)


#: the embedded engines from the registry; rdflib's own engine is the slow reference, compared on the fixture
OTHER_ENGINES = [engine for engine in EMBEDDED if engine != "oxigraph"]
FAST_ENGINES = [engine for engine in OTHER_ENGINES if engine != REFERENCE]


@pytest.fixture(scope="module")
def fixture_engines(ecosystem_trig):
    return {engine: open_store(engine, data=ecosystem_trig) for engine in EMBEDDED}


@pytest.fixture(scope="module")
def shipped_engines(shipped_store):
    return {"oxigraph": shipped_store, **{engine: open_store(engine) for engine in FAST_ENGINES}}


@pytest.mark.parametrize("engine", OTHER_ENGINES)
@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_engine_answers_like_oxigraph_on_the_fixture(name, engine, fixture_engines):
    named = QUERIES[name]
    base = fixture_engines["oxigraph"]
    bindings = bind_params(named, fixture_values(named, base), base)
    expected = base.query(named.text, bindings)
    assert nonempty(expected), f"{name} has no answer on the fixture"
    assert comparable(fixture_engines[engine].query(named.text, bindings)) == comparable(expected)


@pytest.mark.parametrize("engine", FAST_ENGINES)
@pytest.mark.parametrize("name", sorted(QUERIES))
def test_engines_give_identical_results_on_the_shipped_graph(name, engine, shipped_engines):
    first = run(shipped_engines["oxigraph"], name)
    assert comparable(run(shipped_engines[engine], name)) == comparable(first)
    if first.kind == "select":
        assert first.rows, f"{name} returns no rows with its default parameters on the shipped graph"


# ---------------------------------------------------------------- the 15 competency questions


def test_q1_organisations_per_region_and_kind(shipped_store):
    kinds = {o["id"]: o["kind"] for o in table("organisations")}
    expected = Counter((iri(region), B + kinds[org]) for org, region in region_of_org().items())
    result = run(shipped_store, "organisations-by-region")
    got = {(r.value, k.value): int(n.value) for r, k, n in result.rows}
    assert got == dict(expected)


def test_q2_biotech_centres_of_wallonia(shipped_store):
    walloon = {r["subject"] for r in relations("biotechCentreOf") if r["object"] == "walloon-region"}
    got = set(column(run(shipped_store, "biotech-centres", region="Région wallonne"), "city"))
    assert got == {iri(nis) for nis in walloon}
    seed_cities = {"62063", "52011", "53053", "25121", "92142", "92094"}  # the seed's six Walloon centres
    assert {iri(n) for n in seed_cities} <= got


def test_q3_organisations_in_a_city(shipped_store):
    expected = {iri(r["subject"]) for r in relations("locatedIn") if r["object"] == "44021"}
    assert set(column(run(shipped_store, "organisations-in-city", city="Gent"), "org")) == expected


def test_q4_partners_with_kind_and_source(shipped_store):
    org = "biowin"
    expected = {(iri(m), iri(pid)) for pid, ms in participants().items() if org in ms for m in ms if m != org}
    result = run(shipped_store, "partners-of", org=org)
    assert set(zip(column(result, "partner"), column(result, "partnership"))) == expected
    assert all(column(result, "kind")) and all(column(result, "source"))


def test_q5_participants_of_the_walloon_partnership(shipped_store):
    pid = next(p["id"] for p in table("partnerships") if "awex" in p["participants"].split(";")
               and "dgtre" in p["participants"].split(";"))
    got = set(column(run(shipped_store, "partnership-participants", partnership=pid), "org"))
    assert got == {iri(m) for m in participants()[pid]}
    assert len(got) == 4


def test_q6_members_of_an_association(shipped_store):
    target = "essenscia"
    expected = {iri(r["subject"]) for r in table("relations")
                if r["predicate"] in ("memberOf", "partOf") and r["object"] == target}
    assert expected
    assert set(column(run(shipped_store, "members-of", association=target), "member")) == expected


def test_q7_spin_offs_of_an_institute(shipped_store):
    expected = {iri(r["subject"]) for r in relations("spinOffOf") if r["object"] == "vib"}
    assert set(column(run(shipped_store, "spin-offs-of", org="VIB"), "company")) == expected


def test_q8_cross_region_partnerships(shipped_store):
    regions = region_of_org()
    expected = {iri(pid) for pid, ms in participants().items() if len({regions[m] for m in ms if m in regions}) > 1}
    assert set(column(run(shipped_store, "cross-region-partnerships"), "partnership")) == expected


def test_q9_most_connected(shipped_store):
    partners: dict[str, set[str]] = defaultdict(set)
    for ms in participants().values():
        for m in ms:
            partners[m] |= set(ms) - {m}
    result = run(shipped_store, "most-connected")
    got = dict(zip(column(result, "org"), map(int, column(result, "partners"))))
    top = max(len(p) for p in partners.values())
    assert {o for o, n in got.items() if n == top} == {iri(o) for o, p in partners.items() if len(p) == top}
    for org, n in got.items():
        assert n == len(partners[org.rsplit("/", 1)[1]])


def test_q10_headline_figures_with_sources(shipped_store):
    result = run(shipped_store, "headline-figures")
    assert Counter(column(result, "figure")) == Counter(iri(f["id"]) for f in table("figures"))
    evidence = {f["id"]: f["evidence"] for f in table("figures")}
    for fig, quote in zip(column(result, "figure"), column(result, "evidence")):
        assert quote == evidence[fig.rsplit("/", 1)[1]]
    seed = {(f["measure"], f["value"]) for f in table("figures") if f["source"] == "seed-overview"}
    assert {("biotech-company-count", "140"), ("share-of-european-biotech-companies", "7"),
            ("share-of-european-biotech-turnover", "16"), ("share-of-european-biotech-rnd-expenditure", "10")} <= seed


def test_q11_research_drivers_of_flanders(shipped_store):
    expected = {iri(r["subject"]) for r in relations("mainResearchDriverIn") if r["object"] == "flemish-region"}
    assert {iri("vib"), iri("flandersbio")} <= expected
    assert set(column(run(shipped_store, "research-drivers", region="Vlaams Gewest"), "org")) == expected


@pytest.mark.parametrize("lang", ["en", "nl", "fr", "de"])
def test_q12_place_names_in_a_language(lang, shipped_store):
    result = run(shipped_store, "place-names", lang=lang)
    names = dict(zip(column(result, "place"), column(result, "name")))
    for region in (p for p in table("places") if p["kind"] == "Region"):
        wanted = region[f"label_{lang}"] or region["label_en"]
        assert names[iri(region["id"])] == wanted
    french = {m["NIS_code"]: m["municipality_FR"] for m in table("municipalities")}
    if lang == "fr":
        for place, name in names.items():
            if "/municipality/" in place:
                assert name == french[place.rsplit("/", 1)[1]]


def test_q13_fact_sources_of_an_organisation(shipped_store):
    rows = [r for r in table("relations") if r["subject"] == "vib"] + \
           [r for r in table("attributes") if r["subject"] == "vib"] + \
           [r for r in table("organisations") if r["id"] == "vib"]
    result = run(shipped_store, "fact-sources", org="Vlaams Instituut voor Biotechnologie")
    assert {r["evidence"] for r in rows} <= set(column(result, "evidence"))
    assert all(column(result, "source"))


def test_q14_organisations_without_partnership(shipped_store):
    in_partnership = {m for ms in participants().values() for m in ms}
    expected = {iri(o["id"]) for o in table("organisations") if o["id"] not in in_partnership}
    assert set(column(run(shipped_store, "without-partnership"), "org")) == expected


def test_q15_acquisitions_by_whom_and_when(shipped_store):
    from bbkg.vocab import parse_when

    expected = Counter((iri(r["subject"]), iri(r["object"]), parse_when(r["date"])[0].isoformat() if r["date"] else None)
                       for r in relations("acquiredBy"))
    result = run(shipped_store, "acquisitions")
    got = Counter(zip(column(result, "company"), column(result, "acquirer"), column(result, "date")))
    assert got == expected


# ---------------------------------------------------------------- the CLI


def test_output_formats(tmp_path):
    base = ("query", "partners-of", "-p", "org=BioWin")
    table_out = run_cli(*base)
    assert table_out.returncode == 0 and "flanders.bio" in table_out.stdout
    as_json = run_cli(*base, "--format", "json")
    parsed = list(ox.parse_query_results(as_json.stdout.encode(), format=ox.QueryResultsFormat.JSON))
    tsv = run_cli(*base, "--format", "tsv").stdout
    assert len(list(ox.parse_query_results(tsv.encode(), format=ox.QueryResultsFormat.TSV))) == len(parsed)
    rows = list(csv.DictReader(io.StringIO(run_cli(*base, "--format", "csv").stdout)))
    assert len(rows) == len(parsed) and set(rows[0]) == {"partner", "partnership", "kind", "source", "url"}
    md = run_cli(*base, "--format", "md").stdout.splitlines()
    assert md[0].startswith("| partner |") and len(md) == len(parsed) + 2
    out = tmp_path / "r.csv"
    assert run_cli(*base, "--format", "csv", "--out", out).returncode == 0 and out.read_text().startswith("partner,")


def test_labels_follow_the_language():
    nl = run_cli("query", "organisations-in-city", "-p", "city=Ghent", "--lang", "nl").stdout
    en = run_cli("query", "organisations-in-city", "-p", "city=Ghent").stdout
    assert "Universiteit" in nl and "University" in en


def test_construct_prints_turtle_and_ask_sets_exit_code():
    proc = run_cli("query", "describe-organisation", "-p", "org=VIB")
    assert proc.returncode == 0
    assert len(list(ox.parse(proc.stdout.encode(), format=ox.RdfFormat.TURTLE))) > 5
    yes = run_cli("query", "are-partners", "-p", "org=BioWin", "-p", "partner=flanders.bio")
    no = run_cli("query", "are-partners", "-p", "org=BioWin", "-p", "partner=VIB")
    assert (yes.returncode, yes.stdout) == (0, "true\n")
    assert (no.returncode, no.stdout) == (1, "false\n")


def test_query_file_and_sparql_text(tmp_path):
    path = tmp_path / "mine.rq"
    path.write_text("#+ summary: mine\nSELECT (COUNT(*) AS ?n) WHERE { ?s a ?o }\n")
    assert run_cli("query", path, "-f", "csv").stdout.startswith("n\n")
    proc = run_cli("query", "--sparql", "ASK { ?s ?p ?o }")
    assert proc.stdout == "true\n"


def test_queries_lists_every_query():
    out = run_cli("queries").stdout
    for name in QUERIES:
        assert name in out


def test_a_query_file_is_read_again_when_it_changes(tmp_path):
    """The catalogue keeps what it parsed per text: a changed file is read anew, a caller's change stays its own,
    a broken file fails every time."""
    from bbkg.errors import QueryError
    from bbkg.query.catalogue import load_query

    path = tmp_path / "mine.rq"
    path.write_text("#+ summary: first\n#+ tags: [a]\nSELECT ?s WHERE { ?s ?p ?_o_iri }\n")
    first = load_query(path)
    first.tags.append("changed by the caller")
    first.params.clear()
    again = load_query(path)
    assert (again.summary, again.tags, [p.name for p in again.params]) == ("first", ["a"], ["o"])
    path.write_text("#+ summary: second\nSELECT ?s WHERE { ?s ?p ?o }\n")
    changed = load_query(path)
    assert (changed.summary, changed.tags, changed.params) == ("second", [], [])
    path.write_text("#+ summary: broken\nSELECT ?s WHERE { ?s ?p ?o \n")
    for _ in range(2):
        with pytest.raises(QueryError, match="SPARQL syntax error"):
            load_query(path)


# ---------------------------------------------------------------- bad input


def error_of(*args: str) -> str:
    proc = run_cli(*args)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and proc.stderr.startswith("Error: ")
    assert len(proc.stderr.strip().splitlines()) == 1
    return proc.stderr


def test_unknown_query_name_suggests():
    err = error_of("query", "partner-of")
    assert "no query named 'partner-of'; did you mean 'partners-of'?" in err and "acquisitions" in err


def test_parameter_errors():
    assert "needs parameter 'org'" in error_of("query", "partners-of", "-p", "org=")
    # a required parameter never takes its default once the user names any parameter
    assert "needs parameter 'partner'" in error_of("query", "are-partners", "-p", "org=VIB")
    assert "has no parameter 'colour'" in error_of("query", "partners-of", "-p", "colour=red")
    err = error_of("query", "place-names", "-p", "lang=xx")
    assert "'xx' is not accepted; use one of: en, nl, fr, de" in err


def test_missing_required_parameter(tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("#+ summary: needs an org\nSELECT ?p WHERE { ?p <urn:x> ?_org_iri }\n")
    assert "needs parameter 'org'" in error_of("query", str(path))
    path.write_text("#+ summary: typed\nSELECT ?p WHERE { ?p <urn:x> ?_year_integer }\n")
    assert "'year': 'soon' is not a whole number" in error_of("query", str(path), "-p", "year=soon")


def test_unknown_and_ambiguous_names_list_candidates(ecosystem_trig):
    err = error_of("query", "partners-of", "--data", str(ecosystem_trig), "-p", "org=AB")
    assert "names more than one organisation" in err
    assert "Alpha University <https://w3id.org/bbkg/id/org/alpha-university>" in err
    assert "Beta Institute" in err
    err = error_of("query", "partners-of", "--data", str(ecosystem_trig), "-p", "org=Gamma Biotech")
    assert "no organisation named 'Gamma Biotech'; candidates: Gamma Bio" in err


def test_syntax_error_in_a_file_is_located(tmp_path):
    path = tmp_path / "bad.rq"
    path.write_text("#+ summary: broken\nSELECT ?s\nWHERE { ?s ?p ?o } LIMT 3\n")
    err = error_of("query", str(path))
    assert err.startswith(f"Error: {path}:3:26: SPARQL syntax error"), err


def test_bad_header_yaml_is_located(tmp_path):
    path = tmp_path / "bad.rq"
    path.write_text("#+ summary: fine\n#+ tags: [a, b\n#+ defaults: x\nSELECT ?s WHERE { ?s ?p ?o }\n")
    err = error_of("query", str(path))
    assert err.startswith(f"Error: {path}:") and "bad YAML" in err
    line = int(err.split(":")[2])
    assert line in (2, 3)


# ---------------------------------------------------------------- injection


HOSTILE = [
    '"', "'", '">', "<http://evil/>", "} ; DROP ALL ; {", "x\" } ; DROP ALL ; { \"", "line\nbreak",
    "\\u0000", "a" * 20000, "?_org_iri", "# comment", "}}}}", "\\", "]]>",
]


@pytest.mark.parametrize("name", [n for n, q in QUERIES.items() if q.params])
def test_hostile_parameters_change_nothing(name, ecosystem_store):
    from bbkg.errors import QueryError
    from bbkg.sparql import bind

    named = QUERIES[name]
    before = ecosystem_store.count()
    for value in HOSTILE + ["\x00"]:
        params = {p.name: value for p in named.params}
        try:
            bindings = bind_params(named, params, ecosystem_store)
        except QueryError as exc:
            assert str(exc)  # a clear error, e.g. no organisation named ...
            continue
        text = bind(named.text, bindings)
        # the structure is the original query plus one VALUES row of escaped terms
        from rdflib.plugins.sparql import prepareQuery

        prepareQuery(text)
        result = ecosystem_store.query(named.text, bindings)
        if result.kind == "select":
            assert result.rows == [] or all(r is not None for r in result.rows)
    assert ecosystem_store.count() == before


def test_hostile_values_stay_one_term_each():
    """Bound into a query, each hostile value comes back out as exactly the term that went in."""
    from bbkg.sparql import bind

    empty = open_store("oxigraph", data=[])
    for value in HOSTILE + ["\x00"]:
        terms = {"a": ox.Literal(value), "b": ox.Literal(value, language="en")}
        result = empty.query(bind("SELECT ?a ?b WHERE { }", terms))
        assert result.rows == [(terms["a"], terms["b"])]


def test_hostile_literal_is_bound_as_one_term(ecosystem_store):
    """A literal parameter holding SPARQL syntax matches nothing and runs nothing."""
    from bbkg.query.catalogue import load_query

    named = find_query("place-names")
    for value in HOSTILE:
        try:
            bind_params(named, {"lang": value}, ecosystem_store)
        except Exception as exc:  # enumerate rejects it before any query runs
            assert "is not accepted" in str(exc)
    assert load_query(named.path).params[0].name == "lang"


def test_python_api(tmp_path):
    from bbkg.api import open_graph

    kg = open_graph()
    rows = kg.run("partners-of", org="BioWin")
    assert rows and {"partner", "kind", "source"} <= set(rows[0])
    assert isinstance(rows[0]["partner"], str)
    assert kg.run("are-partners", org="BioWin", partner="flanders.bio") is True
    counts = kg.run("organisations-by-region")
    assert all(isinstance(r["organisations"], int) for r in counts)
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="pip install pandas"):
            rows.to_dataframe()
    else:
        frame = rows.to_dataframe()
        assert list(frame.columns) == rows.columns and len(frame) == len(rows)
    assert json.dumps(list(counts))


@pytest.mark.parametrize("data", [[], ["--endpoint", "http://127.0.0.1:9/query"]], ids=["embedded", "endpoint"])
def test_an_update_is_refused_the_same_way_everywhere(data):
    err = error_of("query", "--sparql", "PREFIX ex: <https://example.org/>\n# change it\nINSERT DATA { ex:a ex:b ex:c }",
                   *data)
    assert err.startswith("Error: this is a SPARQL update (INSERT): `bbkg query` only reads")


@pytest.mark.parametrize("fmt", ["csv", "tsv", "md"])
def test_a_graph_answer_has_no_table_formats(fmt):
    err = error_of("query", "describe-organisation", "--format", fmt)
    assert f"answers a graph, which has no {fmt} form" in err


def test_a_graph_answer_as_json_is_json_ld():
    done = run_cli("query", "describe-organisation", "--format", "json")
    assert done.returncode == 0, done.stderr
    quads = list(ox.parse(done.stdout.encode(), format=ox.RdfFormat.JSON_LD))
    turtle = run_cli("query", "describe-organisation")
    assert {q.triple for q in quads} == {q.triple for q in ox.parse(turtle.stdout.encode(), format=ox.RdfFormat.TURTLE)}


@pytest.mark.parametrize("engine", EMBEDDED)
def test_the_embedded_engines_never_run_service(engine, tmp_path, ecosystem_trig):
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    try:
        query = tmp_path / "elsewhere.rq"
        query.write_text(f"#+ summary: from elsewhere\nSELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> "
                         "{ ?s ?p ?o } }\n")
        err = error_of("query", query, "--engine", engine, "--data", str(ecosystem_trig))
        assert "has a SERVICE clause" in err
        with pytest.raises(TimeoutError):
            listener.accept()  # nothing was fetched
    finally:
        listener.close()
    words = run_cli("query", "--sparql", 'SELECT ?service WHERE { BIND("SERVICE" AS ?service) } # SERVICE',
                    "--engine", engine, "--data", ecosystem_trig, "-f", "csv")
    assert words.returncode == 0 and words.stdout.splitlines() == ["service", "SERVICE"]
