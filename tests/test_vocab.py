"""The shared vocabulary: dates of a precision, and the one label ranking."""

from __future__ import annotations

from datetime import date

import pytest

from bbkg.vocab import best_labels, format_when, parse_when


@pytest.mark.parametrize("text, want", [
    ("2019", (date(2019, 1, 1), "year")),
    ("2019-05", (date(2019, 5, 1), "month")),
    ("2019-05-17", (date(2019, 5, 17), "day")),
    ("2020-02-29", (date(2020, 2, 29), "day")),
])
def test_dates_of_each_precision(text, want):
    assert parse_when(text) == want
    assert format_when(want[0].isoformat(), want[1]) == text


@pytest.mark.parametrize("text", ["2021-02-30", "2019-13", "19", "2019-5-1", "2019-05-17T00:00", "", "२०१९"])
def test_impossible_or_malformed_dates_are_refused(text):
    assert parse_when(text) is None


@pytest.mark.parametrize("lang, want", [("en", "Free University of Brussels"), ("fr", "Université libre"),
                                        ("nl", "Vrije Universiteit"), ("de", "Université libre de Bruxelles")])
def test_label_ranking(lang, want):
    pairs = [("ulb", "Université libre de Bruxelles", None), ("ulb", "Free University of Brussels", "en"),
             ("ulb", "Université libre", "fr"), ("ulb", "Vrije Universiteit", "nl")]
    assert best_labels(pairs, lang) == {"ulb": want}


def test_english_is_the_fallback_after_the_official_name():
    assert best_labels([("x", "Nom", "fr"), ("x", "Name", "en")], "de") == {"x": "Name"}
