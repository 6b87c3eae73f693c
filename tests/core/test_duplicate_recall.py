"""On a generated corpus with planted duplicates, every planted pair is found at the default
threshold and no two entries of different stories share a group."""

from __future__ import annotations

from itertools import combinations

from curator.core.duplicates import DEFAULT_THRESHOLD, find_duplicates
from tests.perf.duplicates_corpus import KINDS, make_corpus, measure


def test_every_planted_pair_is_found_and_no_near_miss_grouped() -> None:
    corpus = make_corpus(stories=400, per_kind=40, near=40)
    figures = measure(corpus, DEFAULT_THRESHOLD)
    assert set(figures.found) == set(KINDS)
    for kind, (found, planted) in figures.found.items():
        assert planted == 40 and found == planted, kind
    assert len(corpus.near_misses) >= 40
    assert figures.near_misses_grouped == 0
    assert figures.grouped_pairs == figures.true_pairs > 0


def test_every_group_holds_one_story_and_has_its_reasons() -> None:
    corpus = make_corpus(stories=300, per_kind=30, near=30, seed=11)
    groups = find_duplicates(corpus.records, corpus.summaries_of)
    assert groups
    for group in groups:
        assert len({corpus.story[i] for i in group.ids}) == 1
        assert group.reasons and group.matches
        for match in group.matches:
            assert {match.first_id, match.second_id} <= set(group.ids)
    reasons = {reason for group in groups for reason in group.reasons}
    assert reasons == {"same link", "same title", "similar title and summary"}
    together = {frozenset(p) for g in groups for p in combinations(g.ids, 2)}
    planted = [frozenset(p) for pairs in corpus.planted.values() for p in pairs]
    assert all(pair in together for pair in planted)
