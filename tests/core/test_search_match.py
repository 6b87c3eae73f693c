"""Search words and where they match: folded as the full-text index folds, without Qt."""

from __future__ import annotations

import pytest

from curator.core.search_match import match_spans, search_words


@pytest.mark.parametrize(
    ("text", "search", "spans"),
    [
        ("synergy energy", "energy", [(8, 14)]),  # prefix of a word, not inside one
        ("Energiewende", "energie", [(0, 7)]),
        ("Énergie solaire", "energie", [(0, 7)]),  # accents folded, as FTS does
        ("sea-level rise", '"sea"', [(0, 3)]),  # quotes stripped
        ("a b", "   ", []),
        ("Green SUKUK", "green sukuk", [(0, 5), (6, 11)]),
        ("الطاقة الشمسية", "الشمسية", [(7, 14)]),
    ],
)
def test_match_spans(text, search, spans):
    assert match_spans(text, search_words(search)) == spans


def test_search_words_split_on_punctuation_fold_and_drop_repeats():
    assert search_words('Énergie "sea-level" ENERGIE') == ["energie", "sea", "level"]


def test_overlapping_matches_are_merged():
    assert match_spans("energy", ["ener", "energy"]) == [(0, 6)]


def test_no_words_no_spans():
    assert match_spans("energy", []) == []
