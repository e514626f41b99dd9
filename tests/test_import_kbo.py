"""`bbkg import kbo` on small extracts written from the documented KBO layout (tests/kbo_fixture.py)."""

from __future__ import annotations

import csv
import zipfile

import pyoxigraph as ox
import pytest
from conftest import ROOT, run_cli

import kbo_fixture as kf

BBKG = "https://w3id.org/bbkg/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
#: the selection the issue defines, written out here on its own: (version, 5-digit code)
BIOTECH = {("2008", "72110"), ("2025", "72101")} | {(v, c) for v in ("2008", "2025") for c in ("21100", "21201", "21209")}


def expected_kept(model: dict, selection=BIOTECH) -> set[str]:
    """The enterprise numbers the import must keep, computed from the model: a selected activity of its
    own or of one of its establishments, and a legal person."""
    def chosen(row):
        return (row["NaceVersion"], row["NaceCode"][:5]) in selection
    entities = {r["EntityNumber"] for r in model["activity"] if chosen(r)}
    owner = {r["EstablishmentNumber"]: r["EnterpriseNumber"] for r in model["establishment"]}
    enterprises = {owner.get(n, n) for n in entities}
    return {r["EnterpriseNumber"] for r in model["enterprise"]
            if r["EnterpriseNumber"] in enterprises and r["TypeOfEnterprise"] != "1"}


def load_nq(path) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    return store


def kbo_numbers(store: ox.Store) -> set[str]:
    return {q.object.value for q in store.quads_for_pattern(None, ox.NamedNode(BBKG + "kboNumber"), None, None)}


def values(store: ox.Store, number: str, prop: str) -> set[tuple[str, str | None]]:
    """(value, language) of a property of the entity with this KBO number."""
    [subject] = {q.subject for q in store.quads_for_pattern(None, ox.NamedNode(BBKG + "kboNumber"),
                                                            ox.Literal(number), None)}
    return {(q.object.value, getattr(q.object, "language", None))
            for q in store.quads_for_pattern(subject, ox.NamedNode(prop), None, None)}


@pytest.fixture(scope="module")
def model():
    return kf.base_model()


@pytest.fixture(scope="module")
def extracts(tmp_path_factory, model):
    folder = tmp_path_factory.mktemp("kbo")
    nxt = kf.changed_model(model)
    return {
        "full147": kf.write_extract(folder, model, 147, "11-10-2025"),
        "update148": kf.write_extract(folder, nxt, 148, "08-11-2025", kind="update", previous=model),
        "full148": kf.write_extract(folder, nxt, 148, "08-11-2025"),
        "folder147": kf.write_extract(folder / "unzipped", model, 147, "11-10-2025", as_zip=False),
        "next": nxt,
    }


@pytest.fixture(scope="module")
def full147(tmp_path_factory, extracts):
    out = tmp_path_factory.mktemp("out") / "kbo.nq"
    result = run_cli("import", "kbo", extracts["full147"], "--out", out)
    assert result.returncode == 0, result.stderr
    return load_nq(out), out, result


def test_keeps_the_selected_legal_persons_and_nothing_of_natural_persons(full147, model):
    store, out, result = full147
    kept = expected_kept(model)
    assert kbo_numbers(store) == kept
    # a natural person's name or address appears nowhere, nor do the enterprises outside the selection
    text = out.read_text(encoding="utf-8")
    person = next(r for r in model["enterprise"] if r["TypeOfEnterprise"] == "1")["EnterpriseNumber"]
    for row in model["denomination"]:
        if row["EntityNumber"] == person or row["EntityNumber"] not in kept and row["EntityNumber"][:1] == "0":
            assert row["Denomination"] not in text
    assert f"{len(kept)} enterprises" in result.stdout


def test_a_code_means_nothing_without_its_version(tmp_path, extracts, model):
    out = tmp_path / "metals.nq"
    assert run_cli("import", "kbo", extracts["full147"], "--nace", "2003:24410", "--out", out).returncode == 0
    assert kbo_numbers(load_nq(out)) == expected_kept(model, {("2003", "24410")}) == set()
    assert run_cli("import", "kbo", extracts["full147"], "--nace", "2008:24410", "--out", out).returncode == 0
    assert kbo_numbers(load_nq(out)) == expected_kept(model, {("2008", "24410")}) != set()
    bad = run_cli("import", "kbo", extracts["full147"], "--nace", "24410", "--out", out)
    assert bad.returncode == 2 and "a code means nothing without its version" in bad.stderr


def test_names_by_language_and_type(full147, model):
    store, _, _ = full147
    kinds = {"001": "officialName", "002": "abbreviation", "003": "commercialName"}
    langs = {"1": "fr", "2": "nl"}
    kept = expected_kept(model)
    for row in model["denomination"]:
        if row["EntityNumber"] in kept and row["TypeOfDenomination"] in kinds:
            got = values(store, row["EntityNumber"], BBKG + kinds[row["TypeOfDenomination"]])
            assert (row["Denomination"], langs[row["Language"]]) in got


def test_codes_carry_their_official_labels(full147):
    store, _, _ = full147
    labels = {(c[0], c[1], c[2].lower()): c[3] for c in kf.CODES}
    paths = {"Nace2008": "nace2008", "Nace2025": "nace2025", "JuridicalForm": "kbo/juridical-form"}
    checked = 0
    for q in store.quads_for_pattern(None, ox.NamedNode(SKOS + "prefLabel"), None, None):
        for category, path in paths.items():
            prefix = f"https://w3id.org/bbkg/concept/{path}/"
            if q.subject.value.startswith(prefix):
                code = q.subject.value[len(prefix):]
                assert labels[(category, code, q.object.language)] == q.object.value
                checked += 1
    assert checked >= 6


#: postcode and name -> the municipality (Dutch name) it is in, from the municipalities table's knowledge:
#: Zwijnaarde is part of Gent, Heverlee of Leuven
PLACES = {"Zwijnaarde": "Gent", "Ottignies-Louvain-la-Neuve": "Ottignies-Louvain-la-Neuve", "Brussel": "Brussel",
          "Gent": "Gent", "Heverlee": "Leuven", "Hasselt": "Hasselt", "Antwerpen": "Antwerpen"}


def test_seats_and_establishments_are_placed_in_their_municipality(full147, model):
    store, _, _ = full147
    names = {}
    with open(ROOT / "graph" / "municipalities.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            names[f"https://w3id.org/bbkg/id/municipality/{row['NIS_code']}"] = row["municipality_NL"]
    placed = {}
    for q in store.quads_for_pattern(None, ox.NamedNode(BBKG + "inMunicipality"), None, None):
        placed[q.subject.value] = names[q.object.value]
    for row in model["address"]:
        node = ("establishment" if row["EntityNumber"].count(".") == 3 else "enterprise")
        iri = f"https://w3id.org/bbkg/id/{node}/{row['EntityNumber'].replace('.', '')}/address/{row['TypeOfAddress']}"
        if iri in {q.subject.value for q in store.quads_for_pattern(None, None, None, None)}:
            if row["CountryNL"]:
                assert iri not in placed  # abroad: no Belgian municipality
            else:
                assert placed[iri] == PLACES[row["MunicipalityNL"]], row


def test_full_then_update_is_the_next_full(tmp_path, extracts):
    updated, fresh = tmp_path / "updated", tmp_path / "fresh"
    assert run_cli("import", "kbo", extracts["full147"], "--store", updated).returncode == 0
    result = run_cli("import", "kbo", extracts["update148"], "--store", updated)
    assert result.returncode == 0, result.stderr
    assert run_cli("import", "kbo", extracts["full148"], "--store", fresh).returncode == 0
    a, b = ox.Store.read_only(str(updated)), ox.Store.read_only(str(fresh))
    graph = ox.NamedNode("https://w3id.org/bbkg/graph/kbo/148")
    assert list(a.named_graphs()) == list(b.named_graphs()) == [graph]

    def content(store):  # all but the source record, which names the file it came from
        return {q for q in store.quads_for_pattern(None, None, None, graph)
                if "/source/kbo-" not in q.subject.value and q.subject != graph}
    assert content(a) == content(b)
    assert kbo_numbers(a) == expected_kept(extracts["next"])


def test_updates_apply_in_order_and_only_to_a_store(tmp_path, extracts):
    store = tmp_path / "s"
    early = run_cli("import", "kbo", extracts["update148"], "--store", store)
    assert early.returncode == 2 and "import a Full extract first" in early.stderr
    out = run_cli("import", "kbo", extracts["update148"], "--out", tmp_path / "u.nq")
    assert out.returncode == 2 and "use --store DIR" in out.stderr
    assert run_cli("import", "kbo", extracts["full148"], "--store", store).returncode == 0
    again = run_cli("import", "kbo", extracts["update148"], "--store", store)
    assert again.returncode == 2 and "the store holds extract 148" in again.stderr


def test_a_folder_is_the_same_as_the_zip(tmp_path, extracts, full147):
    out = tmp_path / "folder.nq"
    assert run_cli("import", "kbo", extracts["folder147"], "--out", out).returncode == 0
    def content(store):  # all but the file name in the source record
        return {q for q in store if q.predicate.value != BBKG + "fileName"}
    assert content(load_nq(out)) == content(full147[0])


def test_a_full_import_replaces_the_kbo_graph_and_keeps_the_rest(tmp_path, extracts):
    store = tmp_path / "s"
    assert run_cli("load", ROOT / "graph" / "bbkg.trig", "--store", store).returncode == 0
    curated = len(ox.Store.read_only(str(store)))
    assert run_cli("import", "kbo", extracts["full147"], "--store", store).returncode == 0
    first = len(ox.Store.read_only(str(store)))
    assert run_cli("import", "kbo", extracts["full148"], "--store", store).returncode == 0
    second = ox.Store.read_only(str(store))
    graphs = [g.value for g in second.named_graphs() if "/graph/kbo/" in g.value]
    assert graphs == ["https://w3id.org/bbkg/graph/kbo/148"] and first > curated
    kbo = sum(1 for _ in second.quads_for_pattern(None, None, None, ox.NamedNode(graphs[0])))
    assert len(second) == curated + kbo


def _rewrite(source, target, table: str, edit) -> None:
    """Copy an extract zip, changing one table's text."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == table:
                data = edit(data.decode("utf-8")).encode("utf-8")
            new.writestr(info.filename, data)


BAD_ROWS = [
    ("enterprise.csv", lambda t: t.replace('"01-02-2010"', '"31-02-2010"', 1), "names no real day"),
    ("enterprise.csv", lambda t: t.replace('"0400.000.001","AC","000","2","014"', '"0400.000.001","AC","000","2","999"'),
     "JuridicalForm code '999' is not in code.csv"),
    ("address.csv", lambda t: t.replace('"9052","Zwijnaarde","Zwijnaarde"', '"9999","Nergens","Nulle part"'),
     "unknown Belgian municipality"),
    ("denomination.csv", lambda t: t.replace('"0400.000.001","2","001","Genbio"', '"0400.000.001","2","001","Genbio",""'),
     "5 cells where the header has 4"),
]


@pytest.mark.parametrize(("table", "edit", "message"), BAD_ROWS, ids=[m for _, _, m in BAD_ROWS])
def test_a_bad_row_stops_the_import_unless_skipped(tmp_path, extracts, table, edit, message):
    broken = tmp_path / "KboOpenData_0147_2025_10_11_Full.zip"
    _rewrite(extracts["full147"], broken, table, edit)
    text = zipfile.ZipFile(broken).read(table).decode("utf-8").splitlines()
    line = next(i for i, row in enumerate(text, 1) if "0400.000.001" in row)
    out = tmp_path / "out.nq"
    result = run_cli("import", "kbo", broken, "--out", out)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"Error: {broken}/{table}:{line}: ") and message in first
    assert "--skip-bad-rows" in result.stderr and not out.exists()
    skipped = run_cli("import", "kbo", broken, "--out", out, "--skip-bad-rows")
    assert skipped.returncode == 0 and f"{table}:{line}: " in skipped.stderr and out.exists()


@pytest.mark.parametrize("damage", ["corrupt", "missing table", "changed header"])
def test_a_broken_download_is_one_located_line(tmp_path, extracts, damage):
    broken = tmp_path / "KboOpenData_0147_2025_10_11_Full.zip"
    if damage == "corrupt":
        broken.write_bytes(extracts["full147"].read_bytes()[:300])
        expect = "not a readable zip file"
    elif damage == "missing table":
        with zipfile.ZipFile(extracts["full147"]) as old, zipfile.ZipFile(broken, "w") as new:
            for info in old.infolist():
                if info.filename != "activity.csv":
                    new.writestr(info.filename, old.read(info.filename))
        expect = "no activity.csv in this download"
    else:
        _rewrite(extracts["full147"], broken, "address.csv", lambda t: t.replace('"Zipcode"', '"PostCode"', 1))
        expect = "address.csv:1: the header is"
    store = tmp_path / "s"
    result = run_cli("import", "kbo", broken, "--store", store)
    assert result.returncode == 2 and expect in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not store.exists()


def test_curated_organisations_are_matched_by_number_and_by_name_and_place(tmp_path, model):
    """MyCartis carries its KBO number in attributes.csv; Galapagos is matched by name in its municipality
    (Mechelen); a Galapagos elsewhere is only a candidate for review."""
    with open(ROOT / "graph" / "attributes.csv", encoding="utf-8", newline="") as handle:
        mycartis = next(r["value"] for r in csv.DictReader(handle)
                        if r["subject"] == "mycartis" and r["property"] == "kboNumber")
    extended = kf.base_model()
    for number, label, zipcode, town in ((mycartis, "MyCartis", "9052", "Zwijnaarde"),
                                         ("0400.000.101", "Galapagos NV", "2800", "Mechelen"),
                                         ("0400.000.102", "GALAPAGOS", "9000", "Gent")):
        extended["enterprise"].append(kf.enterprise(number))
        extended["denomination"].append(kf.name(number, label))
        extended["address"].append(kf.address(number, zipcode, town))
        extended["activity"].append(kf.activity(number, "2008", "72110"))
    path = kf.write_extract(tmp_path, extended, 150, "01-01-2026")
    out, review = tmp_path / "m.nq", tmp_path / "review.csv"
    result = run_cli("import", "kbo", path, "--out", out, "--review", review)
    assert result.returncode == 0, result.stderr
    store = load_nq(out)
    owner = {q.object.value: q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode(BBKG + "kboNumber"), None, None)}
    assert owner[mycartis] == "https://w3id.org/bbkg/id/org/mycartis"
    assert owner["0400.000.101"] == "https://w3id.org/bbkg/id/org/galapagos"
    assert owner["0400.000.102"] == "https://w3id.org/bbkg/id/enterprise/0400000102"
    # the curated kind and name stay: no type or preferred label is added to a curated organisation
    galapagos = ox.NamedNode(owner["0400.000.101"])
    assert not list(store.quads_for_pattern(galapagos, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), None, None))
    assert not list(store.quads_for_pattern(galapagos, ox.NamedNode(SKOS + "prefLabel"), None, None))
    with open(review, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["identifier"], r["candidate"]) for r in rows] == [("0400000102", "galapagos")]


def test_matches_csv_decides_and_is_checked(tmp_path, extracts):
    """A rejected pair keeps an enterprise apart from a curated organisation of the same name and place;
    a row naming an unknown organisation is a located error."""
    import shutil

    root = tmp_path / "root"
    for folder in ("graph", "ontology", "queries"):
        shutil.copytree(ROOT / folder, root / folder, symlinks=True)
    extended = kf.base_model()
    extended["enterprise"].append(kf.enterprise("0400.000.101"))
    extended["denomination"].append(kf.name("0400.000.101", "Galapagos NV"))
    extended["address"].append(kf.address("0400.000.101", "2800", "Mechelen"))
    extended["activity"].append(kf.activity("0400.000.101", "2008", "72110"))
    path = kf.write_extract(tmp_path, extended, 150, "01-01-2026")
    matches = root / "graph" / "matches.csv"
    matches.write_text("organisation,scheme,identifier,decision,source,evidence\n"
                       "galapagos,kbo,0400.000.101,rejected,,a namesake in the test\n", encoding="utf-8")
    out = tmp_path / "m.nq"
    assert run_cli("import", "kbo", path, "--out", out, env={"BBKG_ROOT": str(root)}).returncode == 0
    owner = {q.object.value: q.subject.value for q in load_nq(out).quads_for_pattern(
        None, ox.NamedNode(BBKG + "kboNumber"), None, None)}
    assert owner["0400.000.101"] == "https://w3id.org/bbkg/id/enterprise/0400000101"
    matches.write_text("organisation,scheme,identifier,decision,source,evidence\n"
                       "nobody,kbo,0400.000.101,confirmed,seed-overview,x\n", encoding="utf-8")
    bad = run_cli("import", "kbo", path, "--out", out, env={"BBKG_ROOT": str(root)})
    assert bad.returncode == 2
    assert bad.stderr.startswith(f"Error: {matches}:2: organisation 'nobody' is not in organisations.csv")
