"""What a query pays before it runs: a named query is read from its own file, not the whole catalogue."""

from __future__ import annotations

import pytest

from bbkg.errors import QueryError
from bbkg.query.catalogue import find_query

GOOD = "#+ summary: One.\nSELECT ?s WHERE { ?s ?p ?o }\n"


def test_a_named_query_is_read_from_its_own_file(tmp_path):
    (tmp_path / "one.rq").write_text(GOOD, encoding="utf-8")
    (tmp_path / "broken.rq").write_text("#+ summary: [unclosed\nSELECT * {}\n", encoding="utf-8")
    one = find_query("one", tmp_path)
    assert (one.name, one.summary, one.path) == ("one", "One.", tmp_path / "one.rq")
    with pytest.raises(QueryError, match="bad YAML"):  # the catalogue, for the suggestions, still reads all
        find_query("onf", tmp_path)
    with pytest.raises(QueryError, match="bad YAML"):
        find_query("broken", tmp_path)
