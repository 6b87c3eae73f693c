"""Review sessions: a scripted walk through items, its counts, and resuming what is left."""

from __future__ import annotations

import pytest

from curator.core.review import ReviewSession, unreviewed_keys
from curator.core.store import ItemFilter, Library


def _session(library: Library, keys, calls: list | None = None) -> ReviewSession:
    def set_relevancy(key, value, reason):
        if calls is not None:
            calls.append((key, value, reason))
        library.edits.set_relevancy(*key, value, by="review", reason=reason)
        return True

    def score_of(key):
        row = library.items.get(key)
        return row.relevancy if row else None

    return ReviewSession(keys, set_relevancy=set_relevancy,
                         mark_reviewed=lambda key: library.items.set_reviewed([key]),
                         score_of=score_of)


def _other(score: int) -> int:
    return 1 if score != 1 else 2


def test_a_scripted_session_counts_what_was_done(seeded: Library) -> None:
    flt = ItemFilter(sections=frozenset({"signals"}))
    keys = seeded.items.keys(flt)
    assert len(keys) >= 8
    before = {k: seeded.items.get(k).relevancy for k in keys}
    calls: list = []
    session = _session(seeded, keys, calls)

    assert session.current() == keys[0]
    lower = max(before[keys[0]] - 1, 1) if before[keys[0]] > 1 else 2
    assert session.score(lower, "too broad")                # 0: changed (with a reason)
    assert session.keep()                                   # 1: kept
    assert session.skip()                                   # 2: skipped
    assert session.score(before[keys[3]])                   # 3: same score = kept
    assert session.back() and session.current() == keys[3]
    assert session.back() and session.current() == keys[2]
    assert session.score(_other(before[keys[2]]))           # 2 again: now changed
    assert session.current() == keys[3]
    assert session.skip()                                   # 3: already reviewed, stays so
    assert session.score(_other(before[keys[4]]))           # 4: changed...
    assert session.back()
    assert session.score(before[keys[4]])                   # ...and back as it was

    summary = session.summary()
    changed = [keys[0], keys[2]]
    assert summary == {
        "total": len(keys), "reviewed": 5, "changed": 2,
        "raised": sum(1 for k in changed if seeded.items.get(k).relevancy > before[k]),
        "lowered": sum(1 for k in changed if seeded.items.get(k).relevancy < before[k]),
        "unchanged": 3, "skipped": 0, "left": len(keys) - 5, "changed_keys": changed,
    }
    assert calls[0] == (keys[0], lower, "too broad")
    assert [c[0] for c in calls] == [keys[0], keys[2], keys[4], keys[4]]
    assert {r.key for r in seeded.items.page(ItemFilter(reviewed=True), limit=500)} == set(keys[:5])
    assert seeded.items.get(keys[0]).relevancy == lower
    assert seeded.items.get(keys[4]).relevancy == before[keys[4]]
    history = seeded.entries.history(keys[0][0])
    assert any(h.field == f"{keys[0][1]}.{keys[0][2]}.relevancy" and h.reason == "too broad"
               for h in history)
    assert seeded.items.reasons(keys[0][0])[f"{keys[0][1]}.{keys[0][2]}"] == "too broad"


def test_skipped_items_are_left_for_resuming(seeded: Library) -> None:
    flt = ItemFilter(min_relevancy=4)
    keys = seeded.items.keys(flt)
    session = _session(seeded, keys)
    done = []
    for number, key in enumerate(keys[:6]):
        if number % 3 == 2:
            session.skip()
        else:
            session.keep()
            done.append(key)
    summary = session.summary()
    assert (summary["reviewed"], summary["skipped"], summary["left"]) == (4, 2, len(keys) - 6)
    remaining = unreviewed_keys(seeded, flt)
    assert set(remaining) == set(keys) - set(done)
    resumed = _session(seeded, remaining)
    assert resumed.current() not in done and resumed.total == len(keys) - 4


def test_the_end_and_the_way_back(seeded: Library) -> None:
    keys = seeded.items.keys(ItemFilter())[:2]
    session = _session(seeded, keys)
    assert not session.back()  # nothing before the first
    session.keep()
    session.keep()
    assert session.finished and session.current() is None
    assert not session.keep() and not session.skip() and not session.score(3)
    assert session.back() and session.current() == keys[1]
    with pytest.raises(ValueError):
        session.score(6)


def test_a_refused_change_does_not_move_on(seeded: Library) -> None:
    key = seeded.items.keys(ItemFilter())[0]
    marked = []
    session = ReviewSession([key], set_relevancy=lambda *a: False,
                            mark_reviewed=marked.append,
                            score_of=lambda k: seeded.items.get(k).relevancy)
    assert not session.score(_other(seeded.items.get(key).relevancy))
    assert session.current() == key and not marked
    assert session.summary()["reviewed"] == 0


def test_over_library_writes_straight_through(seeded: Library) -> None:
    key = seeded.items.keys(ItemFilter())[0]
    old = seeded.items.get(key).relevancy
    session = ReviewSession.over_library(seeded, [key])
    session.score(_other(old), "checked")
    row = seeded.items.get(key)
    assert row.relevancy == _other(old) and row.reviewed
    assert seeded.entries.history(key[0])[0].by == "review"


def test_changes_are_listed_in_review_order_whatever_order_they_were_made(
        seeded: Library) -> None:
    keys = seeded.items.keys(ItemFilter())[:4]
    session = _session(seeded, keys)
    session.skip()
    session.skip()
    session.score(_other(seeded.items.get(keys[2]).relevancy))  # the third item first
    session.back()
    session.back()
    session.score(_other(seeded.items.get(keys[1]).relevancy))  # then the second
    assert session.changed_keys() == [keys[1], keys[2]]
    assert session.summary()["changed"] == 2
