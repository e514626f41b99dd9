"""A long text table: the rows after its first screenful are padded directly, and come out as tabulate writes them."""

from __future__ import annotations

import io
import random

import pytest

from bbkg.render.stream import write_labelled
from bbkg.render.tablerows import fixed_rows
from bbkg.render.tables import render, stream_table, tabulate_rows

#: cells of a text column: short and long, wrapped at spaces and hyphens, accents, combining marks,
#: wide (CJK, emoji) characters, blanks, spaces at the ends, numbers among text
TEXT = ["", " ", "  ", "Alpha", "Brüssel", "Île-de-France", "東京大学", "e\u0301cole", "Ghent University (UGent)",
        "a much longer name than any column width here", "supercalifragilisticexpialidocious-and-more",
        "x y z", "a  b", "  leading", "trailing  ", "Ünïcödé ñame ŵith àccents and more words", "α β γ δ ε ζ η θ",
        "über-long-hyphenated-word-here", "🧬 biotech", "中文 名称 很长 很长 很长", "n/a", "-", "0x10", "2019",
        "12345678901234567890", "inf", "infinite", "NaN"]
#: cells of a number column: integers, floats that tabulate rewrites (%g), wider than the column, blanks
NUMBERS = ["", " ", "12", "007", "-3", "1.50", "2.0", "1e5", " 12 ", "12345678901234567890", "3.14159265358979",
           "+4", ".5", "inf", "١٢٣", "1_000"]


def _batches(seed: int, count: int):
    rng = random.Random(seed)
    for _ in range(count):
        columns = rng.randint(1, 4)
        widths = [rng.randint(3, 25) for _ in range(columns)]
        pools = [rng.choice([TEXT, NUMBERS, TEXT + NUMBERS]) for _ in range(columns)]
        yield [[rng.choice(pool) for pool in pools] for _ in range(rng.randint(1, 9))], widths


@pytest.mark.parametrize("seed", range(4))
def test_rows_after_the_first_screenful_are_what_tabulate_writes(seed):
    seen = {"wrapped": 0, "right-aligned": 0, "rewritten float": 0, "wider than its column": 0}
    for rows, widths in _batches(seed, 1500):
        direct = fixed_rows(rows, widths)
        reference = tabulate_rows(rows, widths)
        assert direct == reference, (rows, widths)
        lines = reference.splitlines()
        seen["wrapped"] += len(lines) > len(rows)
        seen["right-aligned"] += any(line.startswith(" ") for line in lines)
        seen["rewritten float"] += "1.50" in {c for row in rows for c in row} and "1.50" not in reference
        seen["wider than its column"] += any(len(line) > sum(widths) + 2 * len(widths) for line in lines)
    assert all(seen.values()), seen  # the cases that matter were compared, not only easy ones


@pytest.mark.parametrize("cell", ["tab\there", "\x1b[31mred\x1b[0m", "no\xa0break", "carriage\rreturn", "line\u2028sep"])
def test_a_batch_with_a_cell_that_is_not_printable_is_left_to_tabulate(cell):
    from bbkg.render.tables import table_rows

    rows = [["Alpha", 12], [cell, 3]]
    assert fixed_rows([["Alpha", "12"], [cell, "3"]], [8, 4]) is None
    assert table_rows(rows, [8, 4]) == tabulate_rows([["Alpha", "12"], [cell, "3"]], [8, 4])


def test_cells_tabulate_s_wrapper_misreads_are_written_as_they_are():
    from bbkg.render.tables import table_rows

    # tabulate's wrapper writes "False" as "True" and raises ValueError on "1,000"
    assert table_rows([["False", "1,000"], ["Alpha", "12"]], [6, 5]) == "False   1,000\nAlpha      12\n"
    assert table_rows([["1,000", "x"], ["Alpha", "y"]], [6, 3]) == "1,000   x\nAlpha   y\n"


def _old_write_labelled(variables, rows, first):
    """The table as it was written before the direct path: the first screenful, then tabulate per batch."""
    from bbkg.query.streaming import batches
    from bbkg.render.tables import _texts

    chunks = list(batches(rows, first))
    text, widths = stream_table(variables, chunks[0], None)
    return text + "".join(tabulate_rows(_texts(chunk), widths) for chunk in chunks[1:])


def test_a_long_table_is_its_first_screenful_then_every_row_as_tabulate_wrote_it():
    rng = random.Random(7)
    rows = [[rng.choice(TEXT), rng.choice(NUMBERS), rng.randint(0, 10 ** rng.randint(1, 12)), None]
            for _ in range(5000)]
    out = io.StringIO()
    write_labelled(["name", "figure", "n", "empty"], rows, "table", out.write, lambda batch: batch, 50, None)
    assert out.getvalue() == _old_write_labelled(["name", "figure", "n", "empty"], rows, 50)


def test_an_answer_that_fits_in_the_first_screenful_is_rendered_whole():
    rows = [[name, i] for i, name in enumerate(TEXT)]
    for width in (None, 30):
        out = io.StringIO()
        write_labelled(["name", "n"], rows, "table", out.write, lambda batch: batch, len(rows), width)
        assert out.getvalue() == render(["name", "n"], rows, "table", width=width)


# ---------------------------------------------------------------- labels of a long answer


class CountingStore:
    """A real store that counts the queries it answers."""

    def __init__(self, store):
        self.store, self.queries = store, []

    def query(self, sparql, *args, **kwargs):
        self.queries.append(sparql)
        return self.store.query(sparql, *args, **kwargs)


def test_the_batches_of_one_answer_look_each_iri_up_once(ecosystem_store):
    import pyoxigraph as ox

    from bbkg.render.results import label_rows

    orgs = [row[0] for row in ecosystem_store.query(
        "SELECT ?o WHERE { ?o a/<http://www.w3.org/2000/01/rdf-schema#subClassOf> "
        "<https://w3id.org/bbkg/ontology#Organisation> } ORDER BY ?o").rows]
    assert len(orgs) > 4
    first, second = [(o, ox.Literal("x")) for o in orgs[:3]], [(o,) for o in orgs[1:]]
    counting = CountingStore(ecosystem_store)
    cache: dict[str, str] = {}
    assert label_rows(first, counting, "en", cache) == label_rows(first, ecosystem_store, "en")
    assert label_rows(second, counting, "en", cache) == label_rows(second, ecosystem_store, "en")
    asked = [sum(f"<{o.value}>" in q for q in counting.queries) for o in orgs]
    assert asked == [1] * len(orgs)  # orgs[1:3] were in both batches, asked in the first only
    assert all(label != o.value for o, label in zip(orgs, [r[0] for r in label_rows(second, counting, "en", cache)]))
